"""The installation requests' API routes."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from silajar.installations.api import (
    InstallationRequestViewSet,
    installation_form_pdf,
    reply_letter_pdf,
    survey_report_pdf,
)

router = SimpleRouter()
router.register(
    "installation-requests", InstallationRequestViewSet, basename="installation-request"
)

urlpatterns = [
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
    *router.urls,
]
