"""Telling people: an in-app notification and an e-mail, sent by the worker after commit."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from silajar.accounts.models import User
from silajar.core.access import can
from silajar.core.jobs import enqueue
from silajar.notifications.models import EmailDelivery, Notification
from silajar.notifications.selectors import notification_unread

MAX_ATTEMPTS = 6


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    title: str,
    body: str,
    url: str = "",
    key: str,
    email: bool = True,
    about: models.Model | None = None,
) -> int:
    """Notify each active recipient once per `key` (replaying the same event adds nothing);
    when the notice is `about` a record, only those who may see that record are told.

    Returns how many new notifications were created. E-mails leave after the commit."""
    created = 0
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        if about is not None and not can(user, "view", about):
            continue
        # the notification and its e-mail together: a worker dying between the two must not
        # leave a notification whose e-mail a retry would then skip
        with transaction.atomic():
            _notification, is_new = Notification.objects.get_or_create(
                recipient=user,
                dedupe_key=key[:120],
                defaults={"kind": kind, "title": title[:200], "body": body, "url": url},
            )
            if not is_new:
                continue
            created += 1
            if email and user.email:
                link = f"{settings.SILAJAR_BASE_URL}{url}" if url else settings.SILAJAR_BASE_URL
                email_queue(
                    to=user.email,
                    subject=title,
                    body=f"{body}\n\n{link}\n\n-- \nSiLaJar, Diskominfo Provinsi Kalimantan Barat",
                    key=f"{key}:{user.pk}",
                    recipient=user,
                )
    return created


def email_queue(*, to: str, subject: str, body: str, key: str, recipient: User | None = None):
    """Record an e-mail (once per key) and hand it to the worker when the transaction commits."""
    try:
        with transaction.atomic():
            delivery = EmailDelivery.objects.create(
                recipient=recipient,
                to_address=to,
                subject=subject[:255],
                body=body,
                dedupe_key=key[:160],
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: enqueue("notifications.deliver_email", delivery.pk))
    return delivery


def delivery_send(*, delivery_id: int) -> bool:
    """Send one recorded e-mail unless it has been sent already (safe to run twice).

    Returns True when sent; raises when sending failed, so the worker retries it."""
    with transaction.atomic():
        delivery = EmailDelivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.status == EmailDelivery.Status.SENT:
            return False
        delivery.attempts += 1
        try:
            EmailMessage(
                subject=delivery.subject, body=delivery.body, to=[delivery.to_address]
            ).send()
        except Exception as error:
            delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
            delivery.status = EmailDelivery.Status.FAILED
            delivery.save(update_fields=["attempts", "last_error", "status"])
            failed = error
        else:
            delivery.status = EmailDelivery.Status.SENT
            delivery.sent_at = timezone.now()
            delivery.last_error = ""
            delivery.save(update_fields=["attempts", "status", "sent_at", "last_error"])
            return True
    raise failed


def notification_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or the given ones) as read."""
    unread = notification_unread(user=user)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
