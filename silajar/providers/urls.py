from django.urls import path

from silajar.providers.views import incidents, links, providers

app_name = "providers"

urlpatterns = [
    path("incidents/", incidents.incident_list_view, name="incident_list"),
    path("incidents/export/<str:fmt>/", incidents.incident_export_view, name="incident_export"),
    path("incidents/<int:pk>/", incidents.incident_detail_view, name="incident_detail"),
    path(
        "incidents/<int:pk>/action/<str:name>/",
        incidents.incident_action_view,
        name="incident_action",
    ),
    path("", providers.provider_list_view, name="list"),
    path("export.<str:fmt>", providers.provider_export_view, name="export"),
    path("new/", providers.provider_create_view, name="create"),
    path("<int:pk>/", providers.provider_detail_view, name="detail"),
    path("<int:pk>/edit/", providers.provider_edit_view, name="edit"),
    path("<int:pk>/accounts/", providers.provider_account_attach_view, name="account_attach"),
    path(
        "<int:pk>/accounts/<int:account_pk>/remove/",
        providers.provider_account_detach_view,
        name="account_detach",
    ),
    path("<int:pk>/maintenance/new/", providers.window_create_view, name="window_create"),
    path("<int:pk>/maintenance/<int:window_pk>/", providers.window_edit_view, name="window_edit"),
    path("links/", links.link_list_view, name="link_list"),
    path("links/export.<str:fmt>", links.link_export_view, name="link_export"),
    path("links/new/", links.link_create_view, name="link_create"),
    path("links/<int:pk>/", links.link_detail_view, name="link_detail"),
    path("links/<int:pk>/edit/", links.link_edit_view, name="link_edit"),
    path("links/<int:pk>/outages/new/", links.outage_create_view, name="outage_create"),
    path("links/<int:pk>/outages/<int:outage_pk>/end/", links.outage_end_view, name="outage_end"),
    path(
        "links/<int:pk>/outages/<int:outage_pk>/correct/",
        links.outage_correct_view,
        name="outage_correct",
    ),
    path(
        "links/<int:pk>/outages/<int:outage_pk>/exclusion/<str:decision>/",
        links.outage_proposal_view,
        name="outage_proposal",
    ),
]
