"""Background work of the inventory: the daily check of old reservations, imports."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from silajar.core.jobs import job
from silajar.inventory import services
from silajar.inventory.importexport import importing


@db_periodic_task(crontab(minute="0", hour="7"))
def stale_reservations_periodic() -> int:
    """Every morning: flag reservations 30 days without a decision, tell the administrator."""
    return services.stale_reservations_flag()


@job("inventory.import")
@db_task(retries=3, retry_delay=30)
def run_import(run_id: int, apply: bool) -> None:
    """Check (the dry run) or store an uploaded inventory file, reporting progress (a retry
    of a run already past its stage does nothing)."""
    importing.import_run_process(run_id=run_id, apply=apply)
