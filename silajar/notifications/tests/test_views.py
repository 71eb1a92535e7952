import pytest
from django.core import mail

from silajar.accounts.roles import Role
from silajar.notifications.models import EmailDelivery, Notification
from silajar.notifications.services import email_queue, notify

pytestmark = pytest.mark.django_db


def test_notify_once_per_key_and_mail_after_commit(make_user, django_capture_on_commit_callbacks):
    tech = make_user(Role.TECHNICIAN, email="teknisi@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(recipients=[tech], kind="k", title="Tiket A", body="b", key="x:1") == 1
        assert notify(recipients=[tech, tech], kind="k", title="Tiket A", body="b", key="x:1") == 0
    assert Notification.objects.filter(recipient=tech).count() == 1
    assert [m.to for m in mail.outbox] == [["teknisi@example.org"]]
    assert EmailDelivery.objects.get().status == EmailDelivery.Status.SENT


def test_inactive_users_are_not_notified(make_user):
    gone = make_user(Role.TECHNICIAN, is_active=False)
    assert notify(recipients=[gone], kind="k", title="t", body="b", key="y") == 0


def test_list_shows_only_my_notifications_and_opening_marks_read(client_as, make_user):
    me, other = make_user(Role.HELPDESK), make_user(Role.HELPDESK)
    mine = Notification.objects.create(
        recipient=me, kind="k", title="Untuk saya", url="/tickets/1/", dedupe_key="a"
    )
    Notification.objects.create(recipient=other, kind="k", title="Bukan untuk saya", dedupe_key="a")
    client = client_as(me)
    page = client.get("/notifications/").content.decode()
    assert "Untuk saya" in page and "Bukan untuk saya" not in page
    response = client.post(f"/notifications/{mine.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/tickets/1/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_cannot_open_someone_elses_notification(client_as, make_user):
    me, other = make_user(Role.HELPDESK), make_user(Role.HELPDESK)
    theirs = Notification.objects.create(recipient=other, kind="k", title="t", dedupe_key="a")
    assert client_as(me).post(f"/notifications/{theirs.pk}/open/").status_code == 404


def test_external_links_are_not_followed(client_as, make_user):
    me = make_user(Role.HELPDESK)
    n = Notification.objects.create(
        recipient=me, kind="k", title="t", url="https://evil.example/", dedupe_key="a"
    )
    response = client_as(me).post(f"/notifications/{n.pk}/open/")
    assert response["Location"] == "/notifications/"


def test_deliveries_page_is_for_administrators(client_as, make_user, admin_user):
    for role in Role:
        assert client_as(make_user(role)).get("/notifications/deliveries/").status_code == 403
    assert client_as(admin_user).get("/notifications/deliveries/").status_code == 200


def test_failed_delivery_is_visible_and_retry_sends_once(
    client_as, admin_user, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "silajar.notifications.tests.backends.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(to="x@example.org", subject="Uji", body="isi", key="retry-1")
    delivery = EmailDelivery.objects.get()
    assert delivery.status == EmailDelivery.Status.FAILED
    assert "SMTP down" in delivery.last_error
    client = client_as(admin_user)
    assert "SMTP down" in client.get("/notifications/deliveries/").content.decode()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.post(f"/notifications/deliveries/{delivery.pk}/retry/")
    client.post(f"/notifications/deliveries/{delivery.pk}/retry/")
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SENT
    assert len(mail.outbox) == 1
