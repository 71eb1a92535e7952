from django.urls import path

from silajar.inventory import views

app_name = "inventory"

urlpatterns = [
    path("", views.device_list_view, name="device_list"),
    path("devices/<int:pk>/", views.device_detail_view, name="device_detail"),
    path("places/<int:pk>/", views.location_network_view, name="location_network"),
    path("ports/<int:pk>/trace/", views.port_trace_view, name="port_trace"),
    path("export/<str:what>/<str:fmt>/", views.export_view, name="export"),
    path("import/", views.import_view, name="import"),
    path("import/<int:pk>/", views.import_run_view, name="import_run"),
    path("import/<int:pk>/progress/", views.import_progress_view, name="import_progress"),
]
