"""The service-level clocks of a ticket, recomputed from its audit history."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from silajar.core.errors import DomainError
from silajar.core.models import AuditEvent
from silajar.core.working_calendar import office_calendar
from silajar.tickets.choices import (
    Priority,
    TicketState,
)
from silajar.tickets.models import (
    SlaTarget,
    Ticket,
)
from silajar.tickets.sla import Snapshot, Targets, compute_sla

# the fields whose history drives the service-level clocks
CLOCK_FIELDS = frozenset({"state", "priority", "category", "pause_reason"})


def ticket_history(*, ticket: Ticket) -> list[Snapshot]:
    """The ticket's clock-relevant history, rebuilt from its audit events."""
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Ticket), object_id=str(ticket.pk)
    ).order_by("created_at", "pk")
    values: dict[str, Any] = {}
    history: list[Snapshot] = []
    for event in events.only("created_at", "changes"):
        touched = {k: v[1] for k, v in event.changes.items() if k in CLOCK_FIELDS}
        if not touched and history:
            continue
        values.update(touched)
        history.append(
            Snapshot(
                at=event.created_at,
                state=values.get("state") or TicketState.NEW,
                priority=values.get("priority") or ticket.priority,
                category_id=values.get("category"),
                pause_reason=values.get("pause_reason") or "",
            )
        )
    return history


def sla_targets(history: list[Snapshot]) -> Targets:
    """The (response, resolution) minutes of a snapshot's priority and category: the
    category's own target, else the priority's default."""
    categories = {snap.category_id for snap in history if snap.category_id is not None}
    rows = {
        (row.category_id, row.priority): (row.response_minutes, row.resolution_minutes)
        for row in SlaTarget.objects.filter(
            Q(category__isnull=True) | Q(category_id__in=categories)
        )
    }

    def targets(snap: Snapshot) -> tuple[float, float]:
        found = rows.get((snap.category_id, snap.priority)) or rows.get((None, snap.priority))
        if found is None:
            raise DomainError(
                _("No service-level target is set for priority “%(priority)s”.")
                % {"priority": Priority(snap.priority).label}
            )
        return found

    return targets


def ticket_sla_refresh(*, ticket: Ticket, now=None, calendars=None) -> None:
    """Recompute the clocks from the history and store the result for lists and scans.

    A breach, once recorded, is kept (for reports) even when a later change of priority or
    category would give the ticket more time. `calendars` ({always_open: WorkingCalendar})
    lets a scan over many tickets build the office calendar once."""
    always_open = bool(ticket.category and ticket.category.always_open)
    if calendars is not None and always_open in calendars:
        calendar = calendars[always_open]
    else:
        calendar = office_calendar(always_open=always_open)
        if calendars is not None:
            calendars[always_open] = calendar
    history = ticket_history(ticket=ticket)
    result = compute_sla(
        history=history,
        calendar=calendar,
        targets=sla_targets(history),
        now=now or timezone.now(),
    )
    values: dict[str, Any] = {
        "sla_response_due_at": result.response.due_at,
        "sla_resolution_due_at": result.resolution.due_at,
        "sla_status": result.status,
    }
    # breaches only ever switch on
    if result.response.breached:
        values["sla_response_breached"] = True
    if result.resolution.breached:
        values["sla_resolution_breached"] = True
    Ticket.objects.filter(pk=ticket.pk).update(**values)
    for name, value in values.items():
        setattr(ticket, name, value)
