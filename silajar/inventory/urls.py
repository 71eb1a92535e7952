from django.urls import path

from silajar.inventory import views

app_name = "inventory"

urlpatterns = [
    path("", views.device_list_view, name="device_list"),
    path("devices/new/", views.device_create_view, name="device_create"),
    path("devices/<int:pk>/", views.device_detail_view, name="device_detail"),
    path("devices/<int:pk>/edit/", views.device_edit_view, name="device_edit"),
    path("devices/<int:pk>/ports/", views.ports_add_view, name="ports_add"),
    path("devices/<int:pk>/cables/", views.cable_create_view, name="cable_create"),
    path(
        "devices/<int:pk>/cables/<int:cable_pk>/remove/",
        views.cable_delete_view,
        name="cable_delete",
    ),
    path("places/<int:pk>/", views.location_network_view, name="location_network"),
    path("ports/<int:pk>/trace/", views.port_trace_view, name="port_trace"),
    path("export/<str:what>/<str:fmt>/", views.export_view, name="export"),
    path("import/", views.import_view, name="import"),
    path("import/<int:pk>/", views.import_run_view, name="import_run"),
    path("import/<int:pk>/progress/", views.import_progress_view, name="import_progress"),
]
