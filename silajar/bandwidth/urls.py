from django.urls import path

from silajar.bandwidth import views

app_name = "bandwidth"

urlpatterns = [
    path("", views.distribution_list_view, name="list"),
    path("contracts/<int:contract_id>/", views.distribution_view, name="distribution"),
    path(
        "contracts/<int:contract_id>/allocations/new/",
        views.allocation_add_view,
        name="allocation_add",
    ),
    path(
        "contracts/<int:contract_id>/allocations/<int:key>/edit/",
        views.allocation_edit_view,
        name="allocation_edit",
    ),
    path(
        "contracts/<int:contract_id>/allocations/<int:key>/remove/",
        views.allocation_remove_view,
        name="allocation_remove",
    ),
    path(
        "contracts/<int:contract_id>/allocations.<str:fmt>",
        views.export_view,
        name="export",
    ),
    path("contracts/<int:contract_id>/compare/", views.version_compare_view, name="compare"),
    path(
        "contracts/<int:contract_id>/versions/<int:number>/restore/",
        views.version_restore_view,
        name="restore",
    ),
    path("contracts/<int:contract_id>/usage/", views.usage_view, name="usage"),
]
