"""Everything under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from silajar.accounts.api import UserViewSet, me_view, token_view
from silajar.installations.api import (
    InstallationRequestViewSet,
    installation_form_pdf,
    reply_letter_pdf,
    survey_report_pdf,
)
from silajar.organizations.api import OrganizationViewSet
from silajar.tickets.api import TicketViewSet, ticket_form_pdf

# No `.json`-style format suffixes: clients choose by the Accept header (the suffix routes
# crashed the viewsets' extra actions, which take no `format` argument).
router = DefaultRouter()
router.include_format_suffixes = False
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("users", UserViewSet, basename="user")
router.register("tickets", TicketViewSet, basename="ticket")
router.register(
    "installation-requests", InstallationRequestViewSet, basename="installation-request"
)

urlpatterns = [
    path("auth/token/", token_view, name="api-token"),
    path("me/", me_view, name="api-me"),
    path("tickets/<int:pk>/form.pdf", ticket_form_pdf, name="ticket-form-pdf"),
    path(
        "installation-requests/<int:pk>/reply-letter.pdf",
        reply_letter_pdf,
        name="installation-request-reply-letter-pdf",
    ),
    path(
        "installation-requests/<int:pk>/installation-form.pdf",
        installation_form_pdf,
        name="installation-request-installation-form-pdf",
    ),
    path(
        "installation-requests/<int:pk>/survey-report.pdf",
        survey_report_pdf,
        name="installation-request-survey-report-pdf",
    ),
    path("", include(router.urls)),
]
