"""The periodic service-level scan: recompute the clocks of open tickets and escalate.

Run by the worker every five minutes (tickets.tasks.sla_scan_periodic). Each ticket is
refreshed in its own short transaction with its row locked (a ticket somebody is changing at
that moment is skipped: its own action refreshes the clocks). Escalation levels only go up,
and each level is announced once (notifications are deduplicated by key), so running the scan
twice, or on two machines at once, sends nothing twice."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from silajar.core.audit import audit_record
from silajar.tickets import notify
from silajar.tickets.choices import OPEN_STATES, SlaStatus
from silajar.tickets.models import Category, Ticket
from silajar.tickets.services.clocks import ticket_sla_refresh

BATCH_SIZE = 500
LEVEL_AT_RISK = 1  # → section head
LEVEL_BREACHED = 2  # → Kepala UPDE
# what the scan reads of each ticket; everything else stays in the database
SCAN_FIELDS = (
    "id",
    "number",
    "state",
    "priority",
    "category_id",
    "sla_status",
    "sla_response_breached",
    "sla_resolution_breached",
    "sla_escalation_level",
)


def escalation_level(ticket: Ticket) -> int:
    """The level the ticket's clocks call for: 2 breached (ever), 1 at risk, else 0."""
    if (
        ticket.sla_response_breached
        or ticket.sla_resolution_breached
        or ticket.sla_status == SlaStatus.BREACHED
    ):
        return LEVEL_BREACHED
    if ticket.sla_status == SlaStatus.AT_RISK:
        return LEVEL_AT_RISK
    return 0


def _scan_one(pk: int, now: datetime, calendars: dict, categories: dict) -> tuple[str, int, int]:
    """Refresh one ticket; returns (status, old level, new level)."""
    with transaction.atomic():
        ticket = (
            Ticket.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, state__in=OPEN_STATES)
            .only(*SCAN_FIELDS)
            .first()
        )
        if ticket is None:  # changed or closed meanwhile, or locked by an action right now
            return "", 0, 0
        ticket.category = categories.get(ticket.category_id)
        ticket_sla_refresh(ticket=ticket, now=now, calendars=calendars)
        old = ticket.sla_escalation_level
        new = max(old, escalation_level(ticket))
        if new > old:
            Ticket.objects.filter(pk=pk).update(sla_escalation_level=new)
            audit_record(
                actor=None,
                action="ticket.sla_escalated",
                obj=ticket,
                changes={"sla_escalation_level": [old, new]},
            )
            # in the same transaction: a failed notification leaves the level for the next
            # scan to raise again. A ticket that went from on track to breached between two
            # scans also tells the section head; each level is sent once (deduplicated by key).
            for level in range(old + 1, new + 1):
                notify.sla_escalated(pk, level)
        return ticket.sla_status, old, new


def scan_candidates(full: bool = False):
    """The open tickets whose clocks can change just by time passing: running and not yet
    breached, or breached but not yet escalated. A paused clock stands still, and a breached
    one stays breached with the same due time; every action on a ticket refreshes its clocks
    itself. `full` takes every open ticket (after editing targets or the holiday calendar)."""
    tickets = Ticket.objects.filter(state__in=OPEN_STATES)
    if full:
        return tickets
    return tickets.filter(
        Q(sla_status__in=[SlaStatus.ON_TRACK, SlaStatus.AT_RISK])
        | Q(sla_escalation_level__lt=LEVEL_BREACHED, sla_status=SlaStatus.BREACHED)
    )


def sla_scan(
    now: datetime | None = None, *, full: bool = False, batch_size: int = BATCH_SIZE
) -> dict:
    """Recompute the clocks of the open tickets at `now` and escalate where needed.

    Returns counts: scanned, at_risk, breached, escalated (tickets whose level rose),
    notified (levels announced)."""
    now = now or timezone.now()
    calendars: dict = {}
    categories = {c.pk: c for c in Category.objects.all()}
    stats = {"scanned": 0, "at_risk": 0, "breached": 0, "escalated": 0, "notified": 0}
    last_pk = 0
    while True:
        # keyset pages of ids: no long-lived cursor over a table being written
        ids = list(
            scan_candidates(full)
            .filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            break
        last_pk = ids[-1]
        for pk in ids:
            status, old, new = _scan_one(pk, now, calendars, categories)
            if not status:
                continue
            stats["scanned"] += 1
            if status == SlaStatus.AT_RISK:
                stats["at_risk"] += 1
            elif status == SlaStatus.BREACHED:
                stats["breached"] += 1
            if new > old:
                stats["escalated"] += 1
                stats["notified"] += new - old
    return stats
