"""The complaint desk's API routes."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from silajar.tickets.api import TicketViewSet, ticket_form_pdf

router = SimpleRouter()
router.register("tickets", TicketViewSet, basename="ticket")

urlpatterns = [
    path("tickets/<int:pk>/form.pdf", ticket_form_pdf, name="ticket-form-pdf"),
    *router.urls,
]
