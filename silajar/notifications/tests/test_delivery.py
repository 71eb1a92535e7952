"""E-mail deliveries: recorded, sent by the worker, a failure stored and retried, never twice."""

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from silajar.notifications import services, tasks
from silajar.notifications.models import EmailDelivery, Notification

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
FAILING = f"{__name__}.FailingBackend"


class FailingBackend(BaseEmailBackend):
    """An SMTP server that refuses everything."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP 421 layanan tidak tersedia")


@pytest.fixture
def someone(make_user):
    return make_user(email="teknisi@example.org")


def queue(capture, user, key="event:1"):
    with capture(execute=True):
        return services.notify(
            recipients=[user],
            kind="test.event",
            title="Tiket TKT-2026-000001 ditugaskan kepada Anda",
            body="Kabel LAN PC bagian keuangan putus",
            url="/tickets/1/",
            key=key,
        )


@pytest.mark.django_db
def test_notify_records_and_the_worker_sends(someone, django_capture_on_commit_callbacks):
    assert queue(django_capture_on_commit_callbacks, someone) == 1
    delivery = EmailDelivery.objects.get()
    assert delivery.status == EmailDelivery.Status.SENT and delivery.attempts == 1
    assert delivery.recipient == someone and delivery.sent_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["teknisi@example.org"]
    assert "/tickets/1/" in message.body and "Diskominfo" in message.body
    assert Notification.objects.filter(recipient=someone).count() == 1


@pytest.mark.django_db
def test_the_same_event_twice_is_one_notification_and_one_mail(
    someone, django_capture_on_commit_callbacks
):
    queue(django_capture_on_commit_callbacks, someone)
    assert queue(django_capture_on_commit_callbacks, someone) == 0
    assert Notification.objects.count() == 1 and EmailDelivery.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_nothing_leaves_before_the_commit(someone, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notify(
            recipients=[someone], kind="k", title="t", body="b", key="event:uncommitted"
        )
    assert EmailDelivery.objects.get().status == EmailDelivery.Status.PENDING
    assert mail.outbox == [] and len(callbacks) == 1


@pytest.mark.django_db
def test_failed_send_is_visible_and_a_later_retry_sends_once(
    someone, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING
    queue(django_capture_on_commit_callbacks, someone)  # the worker tries and fails
    delivery = EmailDelivery.objects.get()
    assert delivery.status == EmailDelivery.Status.FAILED
    assert delivery.attempts == 1
    assert "ConnectionRefusedError" in delivery.last_error and "421" in delivery.last_error
    assert delivery.sent_at is None

    with pytest.raises(ConnectionRefusedError):  # a retry while still down: counted, raised
        services.delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.status == EmailDelivery.Status.FAILED

    settings.EMAIL_BACKEND = LOCMEM  # the server is back
    tasks.deliver_email(delivery.pk)  # the worker's retry
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SENT
    assert delivery.attempts == 3 and delivery.last_error == "" and delivery.sent_at
    assert len(mail.outbox) == 1

    # sending again (a duplicate retry, a replayed task) sends nothing
    assert services.delivery_send(delivery_id=delivery.pk) is False
    tasks.deliver_email(delivery.pk)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_delivery_send_twice_sends_one_mail(someone, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        services.notify(recipients=[someone], kind="k", title="t", body="b", key="event:2")
    delivery = EmailDelivery.objects.get()
    assert services.delivery_send(delivery_id=delivery.pk) is True
    assert services.delivery_send(delivery_id=delivery.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_user_without_address_gets_the_in_app_notification_only(
    make_user, django_capture_on_commit_callbacks
):
    user = make_user(email="")
    assert queue(django_capture_on_commit_callbacks, user) == 1
    assert EmailDelivery.objects.count() == 0 and mail.outbox == []


@pytest.mark.django_db
def test_unknown_delivery_is_ignored():
    assert services.delivery_send(delivery_id=999999) is False
