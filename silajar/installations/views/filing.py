"""Filing a request: the form with the agency's scanned letter, and the pre-filled letter to
print (DOCX to edit, PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from silajar.core.access import visible
from silajar.core.downloads import document_response
from silajar.core.form_views import submit_form
from silajar.installations import forms, letter, services
from silajar.installations.views.pages import forbidden, may_file
from silajar.organizations.models import Organization

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- filing a request --------------------------------------------------------------------------


def request_create_view(request):
    user = request.user
    if not may_file(user):
        raise PermissionDenied(_("Your role cannot file installation requests."))
    form = forms.RequestForm(request.POST or None, request.FILES or None, user=user)

    def save(cleaned):
        data = dict(cleaned)
        data.pop("organization", None)
        return services.installation_create(
            actor=user, organization=form.chosen_organization(), **data
        )

    response = submit_form(
        request,
        form,
        save,
        message=lambda installation: (
            _("Request %(number)s has been filed.") % {"number": installation.number}
        ),
        then=lambda installation: redirect("installations:detail", pk=installation.pk),
        forbidden=lambda error: forbidden(request, error),
    )
    if response:
        return response
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "installations/create.html",
        {"form": form, "fixed_organization": form.fixed_organization},
        status=status,
    )


def _letter(request, fmt: str) -> HttpResponse:
    user = request.user
    if not may_file(user):
        raise PermissionDenied(_("Your role cannot file installation requests."))
    form = forms.LetterForm(request.GET)
    data = form.data_for_letter()
    if user.is_agency_user:
        organization = user.organization
    else:
        organization_id = form.cleaned_data.get("organization") if form.is_valid() else None
        organization = (
            visible(user, Organization).filter(pk=organization_id).first()
            if organization_id
            else None
        )
        if organization is None:
            messages.error(request, _("Choose the agency first, then download the letter."))
            return redirect("installations:create")
    if fmt == "docx":
        content, content_type = (
            letter.request_letter_docx(organization, user, data),
            DOCX_CONTENT_TYPE,
        )
    else:
        content, content_type = (
            letter.request_letter_pdf(organization, user, data),
            "application/pdf",
        )
    name = f"surat-permohonan-pemasangan-{organization.short_name or organization.pk}.{fmt}"
    return document_response(
        content, name.replace(" ", "-"), inline=False, content_type=content_type
    )


@require_GET
def letter_docx_view(request):
    return _letter(request, "docx")


@require_GET
def letter_pdf_view(request):
    return _letter(request, "pdf")
