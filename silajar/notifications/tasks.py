"""E-mail delivery by the background worker, so no request waits on the mail server."""

import logging

from django.core.mail import EmailMultiAlternatives
from huey.contrib.djhuey import task

from silajar.notifications import services

logger = logging.getLogger(__name__)


@task(retries=5, retry_delay=60)
def send_email(*, to: list[str], subject: str, body: str, html: str = "") -> None:
    """Send one message that is not tied to a record (password links); retried on failure."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        logger.exception("sending e-mail %r failed; will retry", subject)
        raise


@task(retries=services.MAX_ATTEMPTS - 1, retry_delay=120)
def deliver_email(delivery_id: int) -> None:
    """Send a recorded e-mail; a failure is stored on the record and retried."""
    try:
        services.delivery_send(delivery_id)
    except Exception:
        logger.exception("e-mail delivery %s failed; will retry", delivery_id)
        raise
