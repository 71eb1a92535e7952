"""Background work of the complaint desk: announcements after a change, and the SLA scan."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from silajar.core.jobs import job
from silajar.tickets import notify
from silajar.tickets.sla_service import sla_scan

ANNOUNCERS = {
    "created": notify.ticket_created,
    "dispatched": notify.ticket_dispatched,
    "handed_back": notify.ticket_handed_back,
    "resolved": notify.ticket_resolved,
    "internet_restored": notify.ticket_internet_restored,
    "closed": notify.ticket_closed,
    "commented": notify.ticket_commented,
}


@job("tickets.announce")
@db_task(retries=3, retry_delay=30)
def announce(event: str, pk: int, version: int | None = None) -> None:
    """Tell the people concerned about a committed change (idempotent: safe to retry). `version`
    is the ticket's version right after the change, so a late retry still names that change."""
    ANNOUNCERS[event](pk, version)


@db_periodic_task(crontab(minute="*/5"))
def sla_scan_periodic() -> dict:
    """Every five minutes: recompute the clocks of open tickets, escalate at risk/breached."""
    return sla_scan()


@db_periodic_task(crontab(minute="15", hour="1"))
def sla_scan_nightly() -> dict:
    """Once a night, every open ticket (picks up edited targets and holidays)."""
    return sla_scan(full=True)
