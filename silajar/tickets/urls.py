"""Pages of the complaint desk. Each page module keeps its own `urlpatterns`:
views (the desk: lists, ticket page, actions, intake), portal (agency users' self-service)
and field (the technician's phone view)."""

from silajar.tickets import field, portal, views

app_name = "tickets"

urlpatterns = [*views.urlpatterns, *portal.urlpatterns, *field.urlpatterns]
