"""The disruption form (formulir gangguan jaringan) of a ticket, as a PDF."""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from silajar.documents.dates import long_date
from silajar.documents.pdf import render_pdf, stored_image_uri
from silajar.documents.qr import public_address, qr_data_uri
from silajar.documents.signing import staff_side
from silajar.tickets.choices import Scope, StepOutcome
from silajar.tickets.models import Ticket

TEMPLATE = "documents/disruption_form.html"


def ticket_path(ticket: Ticket) -> str:
    """The path of the ticket's page (the desk's page; the plain path until it exists)."""
    try:
        return reverse("tickets:detail", args=[ticket.pk])
    except NoReverseMatch:
        return f"/tickets/{ticket.pk}/"


def ticket_url(ticket: Ticket) -> str:
    return f"{settings.SILAJAR_BASE_URL.rstrip('/')}{ticket_path(ticket)}"


def checklist_rows(ticket: Ticket) -> list[dict]:
    outcomes = dict(StepOutcome.choices)
    return [
        {
            "question": step.get("question", ""),
            "note": step.get("note", ""),
            "outcome_label": outcomes.get(step.get("outcome"), step.get("outcome", "")),
            "by_reporter": bool(step.get("by_reporter")),
        }
        for step in ticket.checklist or []
        if isinstance(step, dict)
    ]


def disruption_form_context(ticket: Ticket) -> dict:
    url = ticket_url(ticket)
    signed_at = long_date(ticket.signed_at, with_time=True)
    user_side = {
        "heading": "Pengguna / Pelapor",
        "image": stored_image_uri(ticket.signature),
        "note": "(formulir bertanda tangan dipindai dan dilampirkan)" if ticket.signed_form else "",
        "name": ticket.signer_name,
        "when": f"Ditandatangani {signed_at}" if signed_at else "Tanggal: ....................",
    }
    technician = staff_side(
        ticket.assigned_to, "Teknisi Jaringan", completed=ticket.signed_at is not None
    )
    return {
        "ticket": ticket,
        "ticket_url": url,
        "qr": qr_data_uri(url),
        "verify_at": public_address(url),
        "steps": checklist_rows(ticket),
        "scope_label": str(Scope(ticket.scope).label) if ticket.scope in Scope.values else "",
        "technician": technician,
        "reported_at": long_date(ticket.created_at, with_time=True),
        "resolved_at": long_date(ticket.resolved_at, with_time=True),
        "sides": [user_side, technician],
        "printed_at": long_date(timezone.now(), with_time=True),
    }


def render_disruption_form(ticket: Ticket) -> bytes:
    """The A4 disruption form of `ticket` in Indonesian, filled with what is known so far."""
    ticket = (
        Ticket.objects.select_related("organization", "location", "category", "assigned_to")
        .filter(pk=ticket.pk)
        .first()
        or ticket
    )
    with translation.override("id"):
        return render_pdf(TEMPLATE, disruption_form_context(ticket))


def disruption_form_filename(ticket: Ticket) -> str:
    return f"formulir-gangguan-{ticket.number}.pdf"
