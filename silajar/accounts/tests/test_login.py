"""The sign-in page: username or e-mail, wrong passwords, "remember me", `next`, lockout."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import translation

from silajar.accounts.lockout import lockout_message
from silajar.accounts.roles import Role
from silajar.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"


@pytest.fixture
def person(make_user):
    return make_user(Role.HELPDESK, username="Budi.Santoso", email="Budi.Santoso@Example.org")


def signed_in_user_id(client):
    return client.session.get(SESSION_KEY)


def post_login(client, login, password, **extra):
    return client.post(LOGIN_URL, {"username": login, "password": password, **extra})


def expected_lockout_text():
    with translation.override(settings.LANGUAGE_CODE):
        return lockout_message()


def test_login_page_renders(client):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content


@pytest.mark.parametrize(
    "login", ["Budi.Santoso", "budi.santoso", "BUDI.SANTOSO", "budi.santoso@example.org"]
)
def test_login_by_username_or_email_case_insensitive(client, person, password, login):
    response = post_login(client, login, password)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert str(signed_in_user_id(client)) == str(person.pk)


def test_login_by_email_in_other_case(client, person, password):
    response = post_login(client, "BUDI.SANTOSO@EXAMPLE.ORG", password)
    assert response.status_code == 302
    assert str(signed_in_user_id(client)) == str(person.pk)


# the longest address there is: 64 characters before the @, 254 in all
LONGEST_EMAIL = f"{'a' * 64}@{'b' * 63}.{'c' * 63}.{'d' * 58}.id"


def test_the_longest_email_address_signs_in(client, make_user, password):
    assert len(LONGEST_EMAIL) == 254
    person = make_user(Role.HELPDESK, email=LONGEST_EMAIL)
    assert b'maxlength="254"' in client.get(LOGIN_URL).content
    response = post_login(client, LONGEST_EMAIL.upper(), password)
    assert response.status_code == 302
    assert str(signed_in_user_id(client)) == str(person.pk)


def test_wrong_password_shows_error_and_no_session(client, person):
    response = post_login(client, "budi.santoso", "not-the-password")
    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    form = response.context["form"]
    assert form.non_field_errors()
    assert "invalid_login" in [e.code for e in form.non_field_errors().as_data()]
    assert b"alert-danger" in response.content
    # the page still needs signing in
    assert client.get("/").status_code == 302


def test_password_is_case_sensitive(client, person, password):
    response = post_login(client, "budi.santoso", password.upper())
    assert response.status_code == 200
    assert signed_in_user_id(client) is None


def test_unknown_user_is_refused(client):
    response = post_login(client, "nobody", "whatever-password")
    assert response.status_code == 200
    assert signed_in_user_id(client) is None


def test_inactive_user_is_refused(client, make_user, password):
    make_user(Role.HELPDESK, username="pensiun", is_active=False)
    response = post_login(client, "pensiun", password)
    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    assert response.context["form"].non_field_errors()


def test_session_ends_at_browser_close_without_remember_me(client, person, password):
    post_login(client, "budi.santoso", password)
    assert client.session.get_expire_at_browser_close() is True
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"]
    assert not cookie["expires"]


def test_remember_me_keeps_session_for_14_days(client, person, password):
    post_login(client, "budi.santoso", password, remember_me="on")
    assert str(signed_in_user_id(client)) == str(person.pk)
    assert client.session.get_expire_at_browser_close() is False
    assert client.session.get_expiry_age() == 14 * 24 * 60 * 60
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == 14 * 24 * 60 * 60


def test_local_next_is_honoured(client, person, password):
    response = post_login(client, "budi.santoso", password, next="/organizations/?page=2")
    assert response.status_code == 302
    assert response["Location"] == "/organizations/?page=2"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example.com/",
        "//evil.example.com/",
        "http://evil.example.com/accounts/",
        "javascript:alert(1)",
        "https:///evil.example.com",
    ],
)
def test_foreign_next_is_ignored(client, person, password, target):
    response = post_login(client, "budi.santoso", password, next=target)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_next_from_query_string(client, person, password):
    response = client.post(
        LOGIN_URL + "?next=/accounts/profile/",
        {"username": "budi.santoso", "password": password},
    )
    assert response["Location"] == "/accounts/profile/"


def test_signed_in_user_visiting_login_is_redirected(client_as, person):
    client = client_as(person)
    response = client.get(LOGIN_URL + "?next=https://evil.example.com/")
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_protected_page_redirects_to_login_with_next(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert "next=/accounts/profile/" in response["Location"]


def test_logout_needs_post_and_ends_session(client, person, password):
    post_login(client, "budi.santoso", password)
    assert client.get("/accounts/logout/").status_code == 405
    assert signed_in_user_id(client) is not None
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert signed_in_user_id(client) is None


# --- lockout (django-axes) ----------------------------------------------------------------


def test_five_failures_lock_the_account(client, person, password):
    for _ in range(4):
        assert post_login(client, "budi.santoso", "wrong-password").status_code == 200
    response = post_login(client, "budi.santoso", "wrong-password")
    assert response.status_code == 429
    assert expected_lockout_text() in response.content.decode()
    # even the right password is refused now
    response = post_login(client, "budi.santoso", password)
    assert response.status_code == 429
    assert expected_lockout_text() in response.content.decode()
    assert signed_in_user_id(client) is None


def test_lockout_by_email(client, person, password):
    for _ in range(5):
        response = post_login(client, "budi.santoso@example.org", "wrong-password")
    assert response.status_code == 429
    response = post_login(client, "Budi.Santoso@Example.org", password)
    assert response.status_code == 429
    assert signed_in_user_id(client) is None


def test_username_and_email_share_one_counter(client, person, password):
    for login in [
        "budi.santoso",
        "BUDI.SANTOSO@example.org",
        "Budi.Santoso",
        "budi.santoso@example.org",
    ]:
        assert post_login(client, login, "wrong-password").status_code == 200
    response = post_login(client, "budi.santoso@EXAMPLE.org", "wrong-password")
    assert response.status_code == 429
    # locked under both names
    assert post_login(client, "budi.santoso", password).status_code == 429
    assert post_login(client, "budi.santoso@example.org", password).status_code == 429


def test_lockout_is_per_address(client, person, password):
    for _ in range(5):
        post_login(client, "budi.santoso", "wrong-password")
    assert post_login(client, "budi.santoso", password).status_code == 429

    elsewhere = Client(REMOTE_ADDR="10.20.30.40")
    response = post_login(elsewhere, "budi.santoso", password)
    assert response.status_code == 302
    assert str(signed_in_user_id(elsewhere)) == str(person.pk)


def test_lockout_is_per_account(client, person, make_user, password):
    make_user(Role.HELPDESK, username="rekan")
    for _ in range(5):
        post_login(client, "budi.santoso", "wrong-password")
    response = post_login(client, "rekan", password)
    assert response.status_code == 302


def test_success_before_limit_resets_the_counter(client, person, password):
    for _ in range(4):
        post_login(client, "budi.santoso", "wrong-password")
    assert post_login(client, "budi.santoso", password).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        assert post_login(client, "budi.santoso", "wrong-password").status_code == 200
    assert post_login(client, "budi.santoso", password).status_code == 302


def test_token_endpoint_shares_the_lockout(client, api_client, person, password):
    for _ in range(5):
        post_login(client, "budi.santoso", "wrong-password")
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "budi.santoso", "password": password}, format="json"
    )
    assert response.status_code == 429
    body = response.json()
    assert body["error"]["code"] == "locked_out"
    assert body["error"]["message"] == expected_lockout_text()
    assert body["error"]["fields"] == {}


def test_token_failures_lock_the_login_page(client, api_client, person, password):
    for _ in range(4):
        response = api_client.post(
            "/api/v1/auth/token/",
            {"username": "budi.santoso@example.org", "password": "wrong"},
            format="json",
        )
        assert response.status_code == 400
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "budi.santoso", "password": "wrong"}, format="json"
    )
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "locked_out"
    assert post_login(client, "budi.santoso", password).status_code == 429


def test_behind_the_proxy_the_lockout_and_the_audit_trail_take_the_client_address(
    client, person, password, settings
):
    """Every request comes from nginx (127.0.0.1): with the proxy count set, the lockout of one
    client does not shut the account for another, and the sign-in names the client."""
    settings.SILAJAR_PROXY_COUNT = 1
    here = Client(HTTP_X_FORWARDED_FOR="198.51.100.7")
    for _ in range(5):
        post_login(here, "budi.santoso", "wrong-password")
    assert post_login(here, "budi.santoso", password).status_code == 429
    # the locked-out client writing another address itself does not help
    forging = Client(HTTP_X_FORWARDED_FOR="203.0.113.2, 198.51.100.7")
    assert post_login(forging, "budi.santoso", password).status_code == 429

    elsewhere = Client(HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert post_login(elsewhere, "budi.santoso", password).status_code == 302
    signed_in = AuditEvent.objects.get(action="account.signed_in")
    assert signed_in.ip_address == "203.0.113.2"
