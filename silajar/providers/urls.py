from django.urls import path

from silajar.providers.views import incidents

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
]
