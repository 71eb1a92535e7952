"""The monitoring's part in the complaint desk: its evidence on a ticket's pages and on the
intake screen, through `tickets.evidence` (the desk never imports monitoring).

`register()` is called from the app's `ready()`; this module imports no model at load time."""

from __future__ import annotations

from typing import Any


def _for_ticket(ticket) -> Any:
    from django.utils import timezone

    from silajar.monitoring.evidence import evidence_for

    return evidence_for(ticket, now=timezone.now())


def _for_place(organization, location) -> Any:
    from django.utils import timezone

    from silajar.monitoring.evidence import evidence_for_place

    now = timezone.now()
    return evidence_for_place(organization_id=organization.pk, location=location, at=now, now=now)


def register() -> None:
    """Show the evidence on complaints."""
    from silajar.tickets.evidence import register_evidence

    register_evidence(_for_ticket, _for_place)
