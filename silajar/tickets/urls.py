"""Pages of the complaint desk. Each page module keeps its own `urlpatterns`:
views (the desk: lists, ticket page, actions, intake), portal (agency users' self-service),
field (the technician's phone view) and settings_views (desk settings: categories,
first-line steps, service-level targets)."""

from silajar.tickets import field, portal, settings_views, views

app_name = "tickets"

urlpatterns = [
    *views.urlpatterns,
    *portal.urlpatterns,
    *field.urlpatterns,
    *settings_views.urlpatterns,
]
