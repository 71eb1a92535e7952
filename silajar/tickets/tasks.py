"""Background work of the complaint desk: announcements after a change, and the SLA scan."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from silajar.tickets import notify

ANNOUNCERS = {
    "created": notify.ticket_created,
    "dispatched": notify.ticket_dispatched,
    "resolved": notify.ticket_resolved,
    "closed": notify.ticket_closed,
    "commented": notify.ticket_commented,
}


@db_task(retries=3, retry_delay=30)
def announce(event: str, pk: int) -> None:
    """Tell the people concerned about a committed change (idempotent: safe to retry)."""
    ANNOUNCERS[event](pk)
