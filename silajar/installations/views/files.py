"""The request's stored files and printable documents, each access-checked: the agency's
letter, survey photos, the signature or signed form, and the PDFs of the reply letter, the
installation form and the survey report."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect

from silajar.core.access import visible
from silajar.core.downloads import document_response
from silajar.core.errors import DomainError
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
    return private_file_response(
        installation.signature,
        download_name=f"tanda-tangan-{installation.number}.png",
        content_type="image/png",
        inline=True,
    )


def signed_form_view(request, pk: int):
    installation = installation_or_404(request.user, pk)
    content_type = _scan_type(installation.signed_form.name)
    return private_file_response(
        installation.signed_form,
        download_name=f"formulir-ditandatangani-{installation.number}{PurePath(installation.signed_form.name).suffix}",
        content_type=content_type,
        inline=content_type.startswith("image/"),
    )


def _document_view(name: str):
    """The page's download of one printable document of the request, once it has it."""

    def view(request, pk: int):
        installation = installation_or_404(request.user, pk)
        try:
            printed = documents.printable(name, installation)
        except DomainError as refused:  # a letter whose signer lacks the NIP or rank
            messages.error(request, str(refused.message))
            return redirect("installations:detail", pk=installation.pk)
        if printed is None:
            raise Http404
        content, filename = printed
        return document_response(content, filename, inline=False)

    view.__name__ = f"{name}_pdf_view"
    return view


reply_letter_pdf_view = _document_view("reply_letter")
installation_form_pdf_view = _document_view("installation_form")
survey_report_pdf_view = _document_view("survey_report")
