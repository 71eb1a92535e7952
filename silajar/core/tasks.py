"""E-mail that is not tied to a record (password links), sent by the background worker so no
request waits on the mail server."""

import logging

from django.core.mail import EmailMultiAlternatives
from huey.contrib.djhuey import task

from silajar.core.jobs import job

logger = logging.getLogger(__name__)


@job("core.send_email")
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
