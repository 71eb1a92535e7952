"""Background work of the monitor's data: the announcements after an outage changes, and the
hourly roll-ups and pruning of the latency samples. (The probing itself is no Huey task: it is
the `monitor` command's own process.)"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from silajar.core.jobs import job
from silajar.monitoring import notify, services


@job("monitoring.announce")
@db_task(retries=3, retry_delay=30)
def announce(event: str, outage_id: int) -> None:
    """Tell the network administrators about a committed change of an outage (idempotent)."""
    notify.announce(event, outage_id)


@db_periodic_task(crontab(minute="5"))
def samples_keep_periodic() -> dict[str, int]:
    """Every hour at :05: roll the latency samples up by hour and day, prune the old raw ones."""
    return services.samples_keep()
