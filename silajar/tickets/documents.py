"""The disruption form (formulir gangguan jaringan) of a ticket, as a PDF."""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from silajar.documents.pdf import render_pdf, stored_image_uri
from silajar.documents.qr import qr_data_uri
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
    technician = ticket.assigned_to
    url = ticket_url(ticket)
    return {
        "ticket": ticket,
        "ticket_url": url,
        "qr": qr_data_uri(url),
        "steps": checklist_rows(ticket),
        "scope_label": str(Scope(ticket.scope).label) if ticket.scope in Scope.values else "",
        "technician_name": technician.get_full_name() if technician else "",
        "technician_nip": getattr(technician, "nip", "") if technician else "",
        "signature_uri": stored_image_uri(ticket.signature),
        "printed_at": timezone.localtime(),
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
