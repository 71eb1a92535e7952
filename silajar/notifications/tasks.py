"""E-mail delivery by the background worker, so no request waits on the mail server."""

import logging

from django.core.mail import EmailMultiAlternatives
from huey.contrib.djhuey import task

logger = logging.getLogger(__name__)


@task(retries=5, retry_delay=60)
def send_email(*, to: list[str], subject: str, body: str, html: str = "") -> None:
    """Send one message; a failure is logged and retried five times, a minute apart."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        logger.exception("sending e-mail %r to %s failed; will retry", subject, to)
        raise
