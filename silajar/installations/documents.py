"""The documents of an installation request as PDFs (A4, Indonesian, the office's letterhead, a
QR code back to the request's page so a printed copy can be checked against the record): the
reply letter (surat balasan), the installation form (formulir pemasangan jaringan) and the
survey report (berita acara survei)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from silajar.core.errors import DomainError
from silajar.documents.dates import day_in_words, long_date
from silajar.documents.pdf import letterhead, render_pdf, stored_image_uri
from silajar.documents.qr import public_address, qr_data_uri
from silajar.documents.signing import (
    person_block,
    require_signature_data,
    staff_side,
    title_lines,
)
from silajar.installations.choices import ProvidedBy, RequestState
from silajar.installations.models import InstallationRequest

PHOTO_MAX_PX = 1000  # survey photos are scaled down to fit this box before embedding
# Copies of every reply letter (Tembusan)
REPLY_LETTER_COPIES = (
    "Kepala Dinas Komunikasi dan Informatika Provinsi Kalimantan Barat (sebagai laporan)",
    "Kepala UPDE Dinas Komunikasi dan Informatika Provinsi Kalimantan Barat",
)


def installation_url(installation: InstallationRequest) -> str:
    """The absolute address of the request's page (what the QR code encodes)."""
    path = reverse("installations:detail", kwargs={"pk": installation.pk})
    return f"{settings.SILAJAR_BASE_URL.rstrip('/')}{path}"


def reply_letter_available(installation: InstallationRequest) -> bool:
    return bool(installation.reply_letter_number)


def installation_form_available(installation: InstallationRequest) -> bool:
    """From the start of the installation on (the form is taken to the site)."""
    return installation.installation_started_at is not None


def survey_report_available(installation: InstallationRequest) -> bool:
    return installation.surveyed_at is not None


def _fresh(installation: InstallationRequest) -> InstallationRequest:
    return (
        InstallationRequest.objects.select_related(
            "organization", "location", "technician", "reply_letter_signer"
        )
        .filter(pk=installation.pk)
        .first()
        or installation
    )


def _place(installation: InstallationRequest) -> str:
    """The registered place (building, floor, room); the rooms typed by the agency are shown
    apart (`location_detail`), never run into it."""
    return str(installation.location) if installation.location_id else ""


def _common(installation: InstallationRequest) -> dict:
    url = installation_url(installation)
    items = list(installation.items.all())
    return {
        "obj": installation,
        "url": url,
        "qr": qr_data_uri(url),
        "verify_at": public_address(url),
        "items": items,
        "location": _place(installation),
        "location_detail": installation.location_detail,
        "agency_letter_date": long_date(installation.letter_date),
        "reply_letter_date": long_date(installation.reply_letter_date),
        "survey_date": long_date(installation.surveyed_at),
        "technician": person_block(installation.technician),
        "printed_at": long_date(timezone.now(), with_time=True),
        "agency_label": ProvidedBy.AGENCY.label,
        "diskominfo_label": ProvidedBy.DISKOMINFO.label,
    }


def _render(template: str, context: dict) -> bytes:
    with translation.override("id"):
        return render_pdf(template, context)


# --- the reply letter ----------------------------------------------------------------------


def reply_letter_context(installation: InstallationRequest) -> dict:
    rejected = installation.state == RequestState.REJECTED or bool(installation.rejection_reason)
    items = list(installation.items.all())
    signer = person_block(installation.reply_letter_signer)
    place = letterhead()["place"]
    return {
        **_common(installation),
        "rejected": rejected,
        "items_agency": [i for i in items if i.provided_by == ProvidedBy.AGENCY],
        "items_diskominfo": [i for i in items if i.provided_by == ProvidedBy.DISKOMINFO],
        "letter": {
            "number": installation.reply_letter_number,
            "place_date": f"{place}, {long_date(installation.reply_letter_date)}",
            "nature": "Biasa",
            "attachment": "-",
            "subject": "Jawaban Permohonan Pemasangan Jaringan"
            if rejected
            else "Kebutuhan Perangkat Pemasangan Jaringan",
            "addressee": [f"Kepala {installation.organization.name}"],
            "destination": "Tempat",
            "signature": {"title_lines": title_lines(), **signer},
            "copies": list(REPLY_LETTER_COPIES),
        },
    }


def render_reply_letter(installation: InstallationRequest) -> bytes:
    """The reply letter (surat balasan): the needs the agency must meet, or why the request
    cannot be carried out. Refused until the letter has its official number."""
    installation = _fresh(installation)
    if not reply_letter_available(installation):
        raise DomainError(_("The reply letter has not been issued yet."))
    require_signature_data(installation.reply_letter_signer, document=_("The reply letter"))
    return _render("documents/reply_letter.html", reply_letter_context(installation))


def reply_letter_filename(installation: InstallationRequest) -> str:
    return f"surat-balasan-{installation.number}.pdf"


# --- the installation form -----------------------------------------------------------------


def installation_form_context(installation: InstallationRequest) -> dict:
    measured = installation.measured_mbps
    signed_at = long_date(installation.signed_at, with_time=True)
    agency = {
        "heading": f"Perwakilan {installation.organization.short_name}",
        "image": stored_image_uri(installation.signature),
        "note": "(formulir bertanda tangan dipindai dan dilampirkan)"
        if installation.signed_form
        else "",
        "name": installation.signer_name,
        "when": f"Ditandatangani {signed_at}" if signed_at else "Tanggal: ....................",
    }
    return {
        **_common(installation),
        "started_at": long_date(installation.installation_started_at, with_time=True),
        "installed_at": long_date(installation.installed_at, with_time=True),
        "signed_at": signed_at,
        "measured_mbps": number_format(measured, decimal_pos=2) if measured is not None else "",
        "sides": [
            agency,
            staff_side(
                installation.technician,
                "Teknisi Jaringan Diskominfo",
                completed=installation.signed_at is not None,
            ),
        ],
    }


def render_installation_form(installation: InstallationRequest) -> bytes:
    """The installation form with the work done and the connection test; signed by the agency
    on screen (the drawing is embedded) or on paper (a blank line to sign)."""
    installation = _fresh(installation)
    if not installation_form_available(installation):
        raise DomainError(_("The installation form is available once the installation starts."))
    return _render("documents/installation_form.html", installation_form_context(installation))


def installation_form_filename(installation: InstallationRequest) -> str:
    return f"formulir-pemasangan-{installation.number}.pdf"


# --- the survey report ---------------------------------------------------------------------


def survey_report_context(installation: InstallationRequest) -> dict:
    photos = [
        {
            "uri": stored_image_uri(p.file, p.content_type, max_px=PHOTO_MAX_PX),
            "caption": p.caption or f"Foto {index}",
        }
        for index, p in enumerate(installation.photos.all(), start=1)
    ]
    agency = {
        "heading": f"Perwakilan {installation.organization.short_name}",
        "name": "",
        "when": "",
    }
    return {
        **_common(installation),
        "opening": day_in_words(installation.surveyed_at) if installation.surveyed_at else "",
        "photos": [photos[i : i + 2] for i in range(0, len(photos), 2)],
        "sides": [
            agency,
            staff_side(
                installation.technician,
                "Teknisi Survei Diskominfo",
                completed=installation.surveyed_at is not None,
            ),
        ],
    }


def render_survey_report(installation: InstallationRequest) -> bytes:
    """The survey report: slot/place, adequacy, equipment and materials, notes and photos."""
    installation = _fresh(installation)
    if not survey_report_available(installation):
        raise DomainError(_("The survey has not been recorded yet."))
    return _render("documents/survey_report.html", survey_report_context(installation))


def survey_report_filename(installation: InstallationRequest) -> str:
    return f"berita-acara-survei-{installation.number}.pdf"


DOCUMENTS = {
    "reply_letter": (reply_letter_available, render_reply_letter, reply_letter_filename),
    "installation_form": (
        installation_form_available,
        render_installation_form,
        installation_form_filename,
    ),
    "survey_report": (survey_report_available, render_survey_report, survey_report_filename),
}


def printable(name: str, installation: InstallationRequest) -> tuple[bytes, str] | None:
    """The document `name` of the request as (PDF, file name), or None while it has none."""
    available, render, filename = DOCUMENTS[name]
    if not available(installation):
        return None
    return render(installation), filename(installation)
