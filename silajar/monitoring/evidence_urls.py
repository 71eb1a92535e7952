"""The route of a ticket's evidence, beside the tickets' own API routes (the tickets router
has no `evidence` action, so `tickets/<pk>/evidence/` is this one's)."""

from django.urls import path

from silajar.monitoring.evidence_api import ticket_evidence

urlpatterns = [
    path("tickets/<int:pk>/evidence/", ticket_evidence, name="ticket-evidence"),
]
