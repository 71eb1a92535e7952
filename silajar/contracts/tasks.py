"""Background work of the contracts: announcements after a procurement step, and the daily
scan that expires contracts past their period and reminds of those about to end."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from silajar.contracts import notify
from silajar.contracts.services import procurement
from silajar.core.jobs import job


@job("contracts.announce")
@db_task(retries=3, retry_delay=30)
def announce(event: str, pk: int, version: int) -> None:
    """Tell the people concerned about a committed procurement step (idempotent)."""
    notify.announce(event, pk, version)


def contracts_daily() -> dict[str, int]:
    """Expire the contracts whose period is over; remind of those ending in 90/60/30 days."""
    expired = procurement.contracts_expire()
    reminded = sum(notify.remind(pk, days) for pk, days in procurement.reminders_due())
    return {"expired": expired, "reminded": reminded}


@db_periodic_task(crontab(hour="6", minute="15"))
def contracts_daily_periodic() -> dict[str, int]:
    """Every morning at 06:15 (server time)."""
    return contracts_daily()
