"""Background work of installation requests: announcements after a change, the overdue scan."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from silajar.core.jobs import job
from silajar.installations import notify, services


@job("installations.announce")
@db_task(retries=3, retry_delay=30)
def announce(event: str, pk: int, version: int) -> None:
    """Tell the people concerned about a committed change (idempotent: safe to retry)."""
    notify.announce(event, pk, version)


@db_periodic_task(crontab(minute="*/15"))
def overdue_scan_periodic() -> int:
    """Every quarter hour: flag steps past their due time and notify."""
    return services.overdue_scan()
