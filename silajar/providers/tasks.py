"""Background work of the internet side: announcements after an incident changes, and the
escalation scan up the providers' matrices."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from silajar.core.jobs import job
from silajar.providers import notify, services


@job("providers.announce")
@db_task(retries=3, retry_delay=30)
def announce(event: str, pk: int, version: int) -> None:
    """Tell the people concerned about a committed change of an incident (idempotent)."""
    notify.announce(event, pk, version)


@db_periodic_task(crontab(minute="*/5"))
def escalation_scan_periodic() -> int:
    """Every five minutes: escalate reported incidents the provider has not answered."""
    return services.escalation_scan()
