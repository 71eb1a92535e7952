"""API tokens: several per user, stored hashed, refused after SILAJAR_TOKEN_IDLE_DAYS unused,
deleted by the nightly job; the "API tokens" page where a user sees and revokes their own."""

import importlib
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from silajar.accounts import services, tasks
from silajar.accounts.models import ApiToken, token_key_hash
from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import issue_token
from silajar.core.demo import clock_at
from silajar.core.errors import ActionForbidden
from silajar.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PAGE = "/accounts/security/tokens/"


def me(key: str, **extra):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/me/", **extra)


def works(key: str) -> bool:
    return me(key).status_code == 200


@pytest.fixture
def technician(make_user):
    return make_user(Role.TECHNICIAN, username="teknisi", full_name="Teknisi Satu")


@pytest.fixture
def other(make_user):
    return make_user(Role.HELPDESK, username="petugas", full_name="Petugas Dua")


# --- keys -------------------------------------------------------------------------------------


def test_the_key_is_not_stored_in_clear(technician):
    key = issue_token(technician)
    token = ApiToken.objects.get()
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert key not in stored
    assert token.key_hash == token_key_hash(key) and len(token.key_hash) == 64
    assert token.prefix == key[:8] and len(key) >= 40
    with connection.cursor() as cursor:  # nor anywhere in the audit trail
        cursor.execute("SELECT note, changes FROM core_auditevent")
        assert not any(key in str(row) for row in cursor.fetchall())


@pytest.mark.parametrize(
    "header",
    [
        "Token 0123456789abcdef0123456789abcdef01234567",  # unknown
        "Token short",
        "Token ",
        "Token a b",
    ],
)
def test_an_unknown_key_is_401_in_the_error_shape(technician, header):
    issue_token(technician)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["error"]["code"] == "authentication_failed"


def test_a_forged_key_with_a_real_prefix_is_401(technician):
    key = issue_token(technician)
    forged = key[:8] + ("A" if key[8] != "A" else "B") + key[9:]
    assert me(forged).status_code == 401
    assert works(key)


def test_keys_made_before_a_secret_key_rotation_keep_working(technician, settings):
    key = issue_token(technician)
    old = settings.SECRET_KEY
    with override_settings(SECRET_KEY="n" * 50, SECRET_KEY_FALLBACKS=[old]):
        assert works(key)
    with override_settings(SECRET_KEY="n" * 50, SECRET_KEY_FALLBACKS=[]):
        assert not works(key)


def test_the_label_is_the_name_given_or_the_user_agent(technician, password):
    url = "/api/v1/auth/token/"
    APIClient().post(
        url,
        {"username": "teknisi", "password": password, "label": "HP lapangan"},
        format="json",
    )
    APIClient().post(
        url,
        {"username": "teknisi", "password": password},
        format="json",
        HTTP_USER_AGENT="SiLaJar-Lapangan/2.1 (Android 14)",
    )
    labels = set(ApiToken.objects.values_list("label", flat=True))
    assert labels == {"HP lapangan", "SiLaJar-Lapangan/2.1 (Android 14)"}
    issued = AuditEvent.objects.filter(action="account.api_token_issued", object_id=technician.pk)
    assert issued.count() == 2


def test_an_inactive_account_token_is_refused(technician):
    key = issue_token(technician)
    type(technician).objects.filter(pk=technician.pk).update(is_active=False)
    assert me(key).status_code == 401


# --- last use and idle expiry -----------------------------------------------------------------


def test_use_is_recorded_at_most_once_a_minute(technician):
    key = issue_token(technician)
    start = timezone.now()
    with clock_at() as moment:
        moment[0] = start
        assert me(key, REMOTE_ADDR="192.0.2.10").status_code == 200
        token = ApiToken.objects.get()
        assert (token.last_used_at, token.last_used_from) == (start, "192.0.2.10")
        moment[0] = start + timedelta(seconds=59)
        assert me(key, REMOTE_ADDR="192.0.2.11").status_code == 200
        token = ApiToken.objects.get()
        assert (token.last_used_at, token.last_used_from) == (start, "192.0.2.10")
        moment[0] = start + timedelta(seconds=61)
        assert me(key, REMOTE_ADDR="192.0.2.11").status_code == 200
        token = ApiToken.objects.get()
        assert token.last_used_at == start + timedelta(seconds=61)
        assert token.last_used_from == "192.0.2.11"


def test_a_token_unused_for_the_idle_days_is_refused(technician, settings):
    settings.SILAJAR_TOKEN_IDLE_DAYS = 30
    used, fresh = issue_token(technician), issue_token(technician)
    never = issue_token(technician)
    tokens = {token.prefix: token for token in ApiToken.objects.all()}
    now = timezone.now()
    ApiToken.objects.filter(pk=tokens[used[:8]].pk).update(
        last_used_at=now - timedelta(days=30, minutes=1)
    )
    ApiToken.objects.filter(pk=tokens[fresh[:8]].pk).update(
        created_at=now - timedelta(days=90), last_used_at=now - timedelta(days=29, hours=23)
    )
    ApiToken.objects.filter(pk=tokens[never[:8]].pk).update(
        created_at=now - timedelta(days=30, minutes=1)
    )
    for key in (used, never):
        response = me(key)
        assert response.status_code == 401
        error = response.json()["error"]
        assert error["code"] == "token_expired" and error["message"]
    assert works(fresh)  # its use moves the expiry on
    assert ApiToken.objects.get(prefix=fresh[:8]).idle_expires_at > now + timedelta(days=29)


def test_the_idle_days_come_from_the_setting(technician, settings):
    key = issue_token(technician)
    ApiToken.objects.update(last_used_at=timezone.now() - timedelta(days=8))
    settings.SILAJAR_TOKEN_IDLE_DAYS = 10
    assert works(key)
    ApiToken.objects.update(last_used_at=timezone.now() - timedelta(days=8))
    settings.SILAJAR_TOKEN_IDLE_DAYS = 7
    assert me(key).json()["error"]["code"] == "token_expired"


def test_the_nightly_job_deletes_expired_tokens_with_their_events(technician, other):
    keep = issue_token(technician, "dipakai")
    issue_token(technician, "lama")
    issue_token(other, "lama juga")
    ApiToken.objects.filter(label__startswith="lama").update(
        created_at=timezone.now() - timedelta(days=31)
    )
    assert tasks.api_tokens_expire_nightly.call_local() == 2
    assert list(ApiToken.objects.values_list("label", flat=True)) == ["dipakai"]
    assert works(keep)
    events = AuditEvent.objects.filter(action="account.api_token_expired")
    assert sorted(events.values_list("object_id", flat=True)) == sorted(
        [str(technician.pk), str(other.pk)]
    )
    assert all("lama" in note for note in events.values_list("note", flat=True))


def test_the_expiry_job_runs_every_night():
    check = tasks.api_tokens_expire_nightly.task_class().validate_datetime
    assert check(datetime(2026, 11, 24, 1, 40))
    assert not check(datetime(2026, 11, 24, 13, 40))


# --- the "API tokens" page ----------------------------------------------------------------------


def test_the_profile_links_to_the_page(client_as, technician):
    assert PAGE.encode() in client_as(technician).get("/accounts/profile/").content


def test_the_page_lists_only_ones_own_tokens(client_as, technician, other):
    issue_token(technician, "HP teknisi")
    issue_token(other, "Skrip petugas")
    me(issue_token(technician, "Laptop teknisi"), REMOTE_ADDR="198.51.100.23")
    page = client_as(technician).get(PAGE)
    assert page.status_code == 200
    body = page.content.decode()
    assert "HP teknisi" in body and "Laptop teknisi" in body and "198.51.100.23" in body
    assert "Skrip petugas" not in body
    for token in ApiToken.objects.filter(user=technician):
        assert f"{token.prefix}…" in body
        assert f"/accounts/security/tokens/{token.pk}/revoke/" in body
    for token in ApiToken.objects.filter(user=other):
        assert token.prefix not in body


def test_revoking_one_leaves_the_other(client_as, technician):
    phone, laptop = issue_token(technician, "HP"), issue_token(technician, "Laptop")
    token = ApiToken.objects.get(label="HP")
    response = client_as(technician).post(f"/accounts/security/tokens/{token.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == PAGE
    assert not works(phone) and works(laptop)
    event = AuditEvent.objects.get(action="account.api_token_revoked")
    assert event.actor == technician and "HP" in event.note


def test_nobody_revokes_anothers_token(client_as, technician, other, admin_user):
    key = issue_token(other, "Skrip")
    token = ApiToken.objects.get()
    for someone in (technician, admin_user):
        response = client_as(someone).post(f"/accounts/security/tokens/{token.pk}/revoke/")
        assert response.status_code == 404
    assert works(key)
    assert not AuditEvent.objects.filter(action="account.api_token_revoked").exists()


def test_revoke_all_ends_only_ones_own_tokens(client_as, technician, other):
    mine = [issue_token(technician, "HP"), issue_token(technician, "Laptop")]
    theirs = issue_token(other, "Skrip")
    response = client_as(technician).post("/accounts/security/tokens/revoke-all/")
    assert response.status_code == 302
    assert not any(works(key) for key in mine)
    assert works(theirs)
    event = AuditEvent.objects.get(action="account.api_tokens_revoked")
    assert event.actor == technician and event.object_id == str(technician.pk)
    assert "HP" in event.note and "Laptop" in event.note


def test_the_page_refuses_get_on_revocations(client_as, technician):
    issue_token(technician)
    token = ApiToken.objects.get()
    client = client_as(technician)
    assert client.get(f"/accounts/security/tokens/{token.pk}/revoke/").status_code == 405
    assert client.get("/accounts/security/tokens/revoke-all/").status_code == 405
    assert ApiToken.objects.exists()


def test_a_service_refuses_to_revoke_anothers_token(technician, other):
    issue_token(other)
    with pytest.raises(ActionForbidden):
        services.api_token_revoke(actor=technician, token=ApiToken.objects.get())
    assert ApiToken.objects.exists()


# --- DRF's tokens carried over ----------------------------------------------------------------


def test_drf_tokens_are_carried_over_hashed_and_the_old_keys_removed(technician):
    migration = importlib.import_module("silajar.accounts.migrations.0005_api_token")
    old_key = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, "
            "user_id integer)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            [old_key, "2025-01-02 03:04:05", technician.pk],
        )
    migration.carry_over_drf_tokens(apps, SimpleNamespace(connection=connection))
    token = ApiToken.objects.get()
    assert (token.user, token.label, token.prefix) == (technician, "Token lama", old_key[:8])
    assert token.key_hash == token_key_hash(old_key)
    assert works(old_key)  # nobody is cut off: the idle time starts with the migration
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0
