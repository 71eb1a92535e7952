"""Password reset by e-mailed link: username or e-mail, no account oracle, single use, expiry."""

import re
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import override_settings

from silajar.accounts.roles import Role
from silajar.core.models import AuditEvent

pytestmark = pytest.mark.django_db

RESET_URL = "/accounts/password/reset/"
SENT_URL = "/accounts/password/reset/sent/"
BASE_URL = "https://silajar.kalbarprov.go.id"
NEW_PASSWORD = "Jembatan-Kapuas-77"
LINK_RE = re.compile(r"https?://\S+/accounts/password/reset/[^/\s]+/[^/\s]+/")


@pytest.fixture
def person(make_user):
    return make_user(Role.TECHNICIAN, username="sari", email="sari@example.org", full_name="Sari")


def reset_link() -> str:
    assert len(mail.outbox) == 1
    match = LINK_RE.search(mail.outbox[0].body)
    assert match, mail.outbox[0].body
    return match.group(0)


def path_of(link: str) -> str:
    return link.removeprefix(BASE_URL)


def ask_reset(client, login, **extra):
    return client.post(RESET_URL, {"login": login}, **extra)


def set_new_password(client, link, password=NEW_PASSWORD):
    """Open the e-mailed link (it redirects to the set-password URL) and post the password."""
    response = client.get(path_of(link))
    if response.status_code != 302:
        return response
    form_url = response["Location"]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_reset_page_renders(client):
    response = client.get(RESET_URL)
    assert response.status_code == 200
    assert b'name="login"' in response.content


@pytest.mark.parametrize("login", ["sari", "SARI", "sari@example.org", "Sari@Example.ORG"])
@override_settings(SILAJAR_BASE_URL=BASE_URL)
def test_reset_by_username_or_email_sends_one_mail(client, person, login):
    response = ask_reset(client, login)
    assert response.status_code == 302
    assert response["Location"] == SENT_URL
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sari@example.org"]
    assert reset_link().startswith(BASE_URL + "/accounts/password/reset/")
    assert AuditEvent.objects.filter(
        action="account.password_reset_requested", object_id=str(person.pk)
    ).exists()


@override_settings(
    SILAJAR_BASE_URL=BASE_URL, ALLOWED_HOSTS=["silajar.kalbarprov.go.id", "evil.example.com"]
)
def test_link_uses_base_url_not_the_host_header(client, person):
    response = ask_reset(client, "sari", HTTP_HOST="evil.example.com")
    assert response.status_code == 302
    link = reset_link()
    assert link.startswith(BASE_URL + "/")
    assert "evil.example.com" not in mail.outbox[0].body


def test_unknown_login_answers_the_same_and_sends_nothing(client, person):
    known = ask_reset(client, "sari")
    mail.outbox.clear()
    for login in ["nobody", "nobody@example.org"]:
        response = ask_reset(client, login)
        assert response.status_code == known.status_code == 302
        assert response["Location"] == known["Location"] == SENT_URL
    assert mail.outbox == []


def test_inactive_account_gets_no_mail(client, make_user):
    make_user(Role.TECHNICIAN, username="keluar", is_active=False)
    response = ask_reset(client, "keluar")
    assert response["Location"] == SENT_URL
    assert mail.outbox == []


def test_empty_login_is_a_form_error(client):
    response = ask_reset(client, "")
    assert response.status_code == 200
    assert "login" in response.context["form"].errors
    assert mail.outbox == []


@override_settings(SILAJAR_BASE_URL=BASE_URL)
def test_link_sets_new_password_which_then_signs_in(client, person, password):
    ask_reset(client, "sari@example.org")
    link = reset_link()
    response = set_new_password(client, link)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert client.session.get(SESSION_KEY) is None  # not signed in by the reset itself

    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert not person.check_password(password)
    assert AuditEvent.objects.filter(
        action="account.password_reset", object_id=str(person.pk)
    ).exists()

    old = client.post("/accounts/login/", {"username": "sari", "password": password})
    assert old.status_code == 200
    new = client.post("/accounts/login/", {"username": "sari", "password": NEW_PASSWORD})
    assert new.status_code == 302
    assert str(client.session[SESSION_KEY]) == str(person.pk)


@override_settings(SILAJAR_BASE_URL=BASE_URL)
def test_link_works_once(client, person):
    ask_reset(client, "sari")
    link = reset_link()
    assert set_new_password(client, link).status_code == 302

    second = client.get(path_of(link), follow=True)
    assert second.status_code == 200
    assert second.context["validlink"] is False
    assert b'data-testid="reset-invalid"' in second.content

    again = set_new_password(client, link, "Another-Pass-2026x")
    assert again.status_code == 200
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


@override_settings(SILAJAR_BASE_URL=BASE_URL)
def test_link_expires_after_timeout(client, person, settings):
    ask_reset(client, "sari")
    link = reset_link()
    later = datetime.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)  # noqa: DTZ005
    with mock.patch(
        "django.contrib.auth.tokens.PasswordResetTokenGenerator._now", return_value=later
    ):
        response = client.get(path_of(link), follow=True)
    assert response.status_code == 200
    assert response.context["validlink"] is False
    assert b'data-testid="reset-invalid"' in response.content


@override_settings(SILAJAR_BASE_URL=BASE_URL)
def test_link_still_works_just_before_timeout(client, person, settings):
    ask_reset(client, "sari")
    link = reset_link()
    later = datetime.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT - 120)  # noqa: DTZ005
    with mock.patch(
        "django.contrib.auth.tokens.PasswordResetTokenGenerator._now", return_value=later
    ):
        response = client.get(path_of(link), follow=True)
    assert response.context["validlink"] is True


@override_settings(SILAJAR_BASE_URL=BASE_URL, PASSWORD_RESET_TIMEOUT=1)
def test_link_expires_with_short_timeout(client, person):
    ask_reset(client, "sari")
    link = reset_link()
    later = datetime.now() + timedelta(seconds=5)  # noqa: DTZ005
    with mock.patch(
        "django.contrib.auth.tokens.PasswordResetTokenGenerator._now", return_value=later
    ):
        response = client.get(path_of(link), follow=True)
    assert response.context["validlink"] is False


def test_mail_states_link_lifetime(client, person, settings):
    ask_reset(client, "sari")
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    assert f"{hours}" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("new_password", "code"),
    [
        ("password123", "password_too_common"),
        ("1234567890123", "password_entirely_numeric"),
        ("Short-1", "password_too_short"),
    ],
)
@override_settings(SILAJAR_BASE_URL=BASE_URL)
def test_weak_passwords_are_refused(client, person, password, new_password, code):
    ask_reset(client, "sari")
    response = set_new_password(client, reset_link(), new_password)
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert code in [e.code for e in errors["new_password2"]]
    person.refresh_from_db()
    assert person.check_password(password)


@override_settings(SILAJAR_BASE_URL=BASE_URL)
def test_mismatched_passwords_are_refused(client, person, password):
    ask_reset(client, "sari")
    response = client.get(path_of(reset_link()))
    response = client.post(
        response["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.check_password(password)


def test_reset_can_be_asked_while_locked_out(client, person):
    """A locked-out person can still ask for a reset link (the way out of a lockout)."""
    for _ in range(5):
        client.post("/accounts/login/", {"username": "sari", "password": "wrong"})
    ask_reset(client, "sari")
    assert len(mail.outbox) == 1
