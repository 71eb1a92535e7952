"""Everything under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from silajar.accounts.api import UserViewSet, me_view, token_view
from silajar.organizations.api import OrganizationViewSet
from silajar.tickets.api import TicketViewSet, ticket_form_pdf

router = DefaultRouter()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("users", UserViewSet, basename="user")
router.register("tickets", TicketViewSet, basename="ticket")

urlpatterns = [
    path("auth/token/", token_view, name="api-token"),
    path("me/", me_view, name="api-me"),
    path("tickets/<int:pk>/form.pdf", ticket_form_pdf, name="ticket-form-pdf"),
    path("", include(router.urls)),
]
