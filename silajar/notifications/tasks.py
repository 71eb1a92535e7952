"""E-mail delivery by the background worker, so no request waits on the mail server."""

import logging

from huey.contrib.djhuey import task

from silajar.core.jobs import job
from silajar.notifications import services

logger = logging.getLogger(__name__)


@job("notifications.deliver_email")
@task(retries=services.MAX_ATTEMPTS - 1, retry_delay=120)
def deliver_email(delivery_id: int) -> None:
    """Send a recorded e-mail; a failure is stored on the record and retried."""
    try:
        services.delivery_send(delivery_id=delivery_id)
    except Exception:
        logger.exception("e-mail delivery %s failed; will retry", delivery_id)
        raise
