"""The request's stored files and printable documents, each access-checked: the agency's
letter, survey photos, the signature or signed form, and the PDFs of the reply letter, the
installation form and the survey report."""

from __future__ import annotations

from pathlib import PurePath

from django.http import Http404, HttpResponse

from silajar.core.access import visible
from silajar.core.uploads import private_file_response
from silajar.installations import documents
from silajar.installations.models import SurveyPhoto
from silajar.installations.views.pages import installation_or_404

SCAN_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


# --- files and documents -----------------------------------------------------------------------


def _scan_type(name: str) -> str:
    return SCAN_TYPES.get(PurePath(name).suffix.lower(), "application/octet-stream")


def letter_file_view(request, pk: int):
    installation = installation_or_404(request.user, pk)
    if not installation.letter_file:
        raise Http404
    content_type = installation.letter_content_type or _scan_type(installation.letter_file.name)
    return private_file_response(
        installation.letter_file,
        download_name=installation.letter_file_name or PurePath(installation.letter_file.name).name,
        content_type=content_type,
        inline=content_type.startswith("image/"),
    )


def photo_view(request, pk: int, photo_pk: int):
    installation = installation_or_404(request.user, pk)
    photo = visible(request.user, SurveyPhoto).filter(request=installation, pk=photo_pk).first()
    if photo is None:
        raise Http404
    return private_file_response(
        photo.file, download_name=photo.original_name, content_type=photo.content_type, inline=True
    )


def signature_view(request, pk: int):
    installation = installation_or_404(request.user, pk)
    if not installation.signature:
        raise Http404
    return private_file_response(
        installation.signature,
        download_name=f"tanda-tangan-{installation.number}.png",
        content_type="image/png",
        inline=True,
    )


def signed_form_view(request, pk: int):
    installation = installation_or_404(request.user, pk)
    if not installation.signed_form:
        raise Http404
    content_type = _scan_type(installation.signed_form.name)
    return private_file_response(
        installation.signed_form,
        download_name=f"formulir-ditandatangani-{installation.number}{PurePath(installation.signed_form.name).suffix}",
        content_type=content_type,
        inline=content_type.startswith("image/"),
    )


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def reply_letter_pdf_view(request, pk: int):
    installation = installation_or_404(request.user, pk)
    if not documents.reply_letter_available(installation):
        raise Http404
    return _pdf(
        documents.render_reply_letter(installation), documents.reply_letter_filename(installation)
    )


def installation_form_pdf_view(request, pk: int):
    installation = installation_or_404(request.user, pk)
    if not documents.installation_form_available(installation):
        raise Http404
    return _pdf(
        documents.render_installation_form(installation),
        documents.installation_form_filename(installation),
    )


def survey_report_pdf_view(request, pk: int):
    installation = installation_or_404(request.user, pk)
    if not documents.survey_report_available(installation):
        raise Http404
    return _pdf(
        documents.render_survey_report(installation), documents.survey_report_filename(installation)
    )
