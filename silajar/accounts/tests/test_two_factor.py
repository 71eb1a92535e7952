"""Two-factor sign-in: enrolment, the verify step, one-time codes, role policy, admin reset."""

import pyotp
import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.test import Client, override_settings

from silajar.accounts import twofactor
from silajar.accounts.models import RecoveryCode, RolePolicy, TOTPDevice
from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import token_client
from silajar.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"
VERIFY_URL = "/accounts/login/verify/"
SETUP_URL = "/accounts/security/two-factor/"


@pytest.fixture
def person(make_user):
    return make_user(Role.TECHNICIAN, username="andi", email="andi@example.org")


def enrol(client) -> tuple[str, list[str]]:
    """Turn two-factor sign-in on through the set-up page; returns (secret, recovery codes)."""
    page = client.get(SETUP_URL)
    assert page.status_code == 200
    secret = page.context["secret"]
    assert secret.encode() in page.content
    response = client.post(SETUP_URL, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    codes = list(response.context["codes"])
    return secret, codes


def unburn(user):
    """Forget the last used time step, so the current code may be used once more."""
    TOTPDevice.objects.filter(user=user).update(last_used_step=0)


def start_login(client, login, password, **extra):
    return client.post(LOGIN_URL, {"username": login, "password": password, **extra})


def signed_in(client) -> bool:
    return client.session.get(SESSION_KEY) is not None


@pytest.fixture
def enrolled(client_as, person):
    """`person` with two-factor on; returns (secret, recovery codes). The client is signed out."""
    client = client_as(person)
    secret, codes = enrol(client)
    client.logout()
    unburn(person)
    return secret, codes


def test_setup_page_shows_secret_and_qr(client_as, person):
    response = client_as(person).get(SETUP_URL)
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=person)
    assert device.confirmed_at is None
    assert response.context["secret"] == device.secret
    assert b"<svg" in response.content
    # reloading the page keeps the same secret until it is confirmed
    again = client_as(person).get(SETUP_URL)
    assert again.context["secret"] == device.secret


def test_wrong_code_does_not_enable(client_as, person):
    client = client_as(person)
    client.get(SETUP_URL)
    response = client.post(SETUP_URL, {"code": "000000"})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert not twofactor.two_factor_enabled(person)
    assert not RecoveryCode.objects.filter(user=person).exists()


def test_enrolment_shows_ten_recovery_codes_once(client_as, person):
    client = client_as(person)
    _secret, codes = enrol(client)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert twofactor.two_factor_enabled(person)
    assert AuditEvent.objects.filter(
        action="account.two_factor_enabled", object_id=str(person.pk)
    ).exists()
    # stored hashed only, with the keyed hash
    stored = {r.code_hash for r in RecoveryCode.objects.filter(user=person)}
    assert len(stored) == 10
    assert not stored & set(codes)
    assert all(h.startswith("hmac$") and len(h) == 5 + 64 for h in stored)
    assert stored == {twofactor._recovery_hash(c) for c in codes}
    # never shown again: the set-up page now sends to the profile, which lists no code
    again = client.get(SETUP_URL)
    assert again.status_code == 302
    assert again["Location"] == "/accounts/profile/"
    profile = client.get("/accounts/profile/").content.decode()
    assert not any(code in profile for code in codes)


def test_sign_in_requires_verify_step(client, person, password, enrolled):
    secret, _codes = enrolled
    response = start_login(client, "andi", password)
    assert response.status_code == 302
    assert response["Location"] == VERIFY_URL
    assert not signed_in(client)
    assert client.get("/").status_code == 302  # not in yet

    page = client.get(VERIFY_URL)
    assert page.status_code == 200
    response = client.post(VERIFY_URL, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert str(client.session[SESSION_KEY]) == str(person.pk)


def test_verify_keeps_next_and_remember_me(client, person, password, enrolled):
    secret, _codes = enrolled
    start_login(client, "andi@example.org", password, remember_me="on", next="/accounts/profile/")
    response = client.post(VERIFY_URL, {"code": pyotp.TOTP(secret).now()})
    assert response["Location"] == "/accounts/profile/"
    assert client.session.get_expire_at_browser_close() is False
    assert client.session.get_expiry_age() == 14 * 24 * 60 * 60


def test_verify_without_password_step_goes_to_login(client):
    response = client.get(VERIFY_URL)
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL


def test_code_cannot_be_reused_in_same_time_step(client, person, password, enrolled):
    secret, _codes = enrolled
    code = pyotp.TOTP(secret).now()
    start_login(client, "andi", password)
    assert client.post(VERIFY_URL, {"code": code}).status_code == 302
    client.post("/accounts/logout/")

    start_login(client, "andi", password)
    response = client.post(VERIFY_URL, {"code": code})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert not signed_in(client)


def test_code_of_another_secret_is_refused(client, person, password, enrolled):
    start_login(client, "andi", password)
    response = client.post(VERIFY_URL, {"code": pyotp.TOTP(pyotp.random_base32()).now()})
    assert response.status_code == 200
    assert not signed_in(client)


def test_recovery_code_works_once(client, person, password, enrolled):
    _secret, codes = enrolled
    start_login(client, "andi", password)
    response = client.post(VERIFY_URL, {"code": codes[3]})
    assert response.status_code == 302
    assert signed_in(client)
    assert twofactor.remaining_recovery_codes(person) == 9
    assert AuditEvent.objects.filter(
        action="account.recovery_code_used", object_id=str(person.pk)
    ).exists()
    client.post("/accounts/logout/")

    start_login(client, "andi", password)
    response = client.post(VERIFY_URL, {"code": codes[3]})
    assert response.status_code == 200
    assert not signed_in(client)
    # another recovery code still works, typed in upper case
    response = client.post(VERIFY_URL, {"code": codes[4].upper()})
    assert response.status_code == 302
    assert signed_in(client)


def test_wrong_codes_of_one_sign_in_send_back_to_login(client, person, password, enrolled):
    secret, _codes = enrolled
    start_login(client, "andi", password)
    for _ in range(3):
        response = client.post(VERIFY_URL, {"code": "123456"})
        assert response.status_code == 200
    with override_settings(AXES_FAILURE_LIMIT=10):  # this sign-in's own limit, not the lockout
        for _ in range(2):
            response = client.post(VERIFY_URL, {"code": "123456"})
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert not signed_in(client)
    # the half-finished sign-in is gone: even a right code needs the password again
    response = client.post(VERIFY_URL, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert not signed_in(client)


def test_wrong_codes_count_as_failed_sign_ins(client, person, password, enrolled):
    """Five wrong codes over several password sign-ins lock the account, as five wrong
    passwords do (and as wrong codes do on the API)."""
    secret, _codes = enrolled
    for _ in range(2):
        assert start_login(client, "andi", password)["Location"] == VERIFY_URL
        for _ in range(2):
            assert client.post(VERIFY_URL, {"code": "123456"}).status_code == 200
    assert start_login(client, "andi", password)["Location"] == VERIFY_URL
    response = client.post(VERIFY_URL, {"code": "000000"})
    assert response.status_code == 429
    assert response.context["locked_out"]
    assert not signed_in(client)
    # locked: neither the code step nor the password step lets the right person through
    response = client.post(VERIFY_URL, {"code": pyotp.TOTP(secret).now()})
    assert response["Location"] == LOGIN_URL
    assert start_login(client, "andi", password).status_code == 429
    assert not signed_in(client)


def test_wrong_code_is_not_compared_with_recovery_codes(person, enrolled, monkeypatch):
    """Only an input shaped like a recovery code is looked up, by its keyed hash: a wrong
    six-digit code costs no hashing at all."""
    _secret, codes = enrolled

    def slow_hash(*args, **kwargs):
        raise AssertionError("a recovery code was compared with the slow hasher")

    monkeypatch.setattr(twofactor, "check_password", slow_hash)
    monkeypatch.setattr(twofactor, "salted_hmac", slow_hash)
    for wrong in ["123456", "12345678", "", "zzzz-zzzz-zzzz", "1234-5678"]:
        assert not twofactor.two_factor_verify(user=person, code=wrong)
    monkeypatch.undo()
    monkeypatch.setattr(twofactor, "check_password", slow_hash)  # new codes: keyed hash only
    assert not twofactor.two_factor_verify(user=person, code="0000-0000-0000")
    assert twofactor.two_factor_verify(user=person, code=codes[0].replace("-", " ").upper())


def test_codes_stored_with_the_password_hasher_still_work(person, enrolled):
    """Recovery codes made before the keyed hash (one-way: they cannot be re-hashed) are still
    accepted, compared with the slow hasher only for input shaped like a recovery code."""
    RecoveryCode.objects.filter(user=person).delete()
    RecoveryCode.objects.create(user=person, code_hash=make_password("1a2b-3c4d-5e6f"))
    assert not twofactor.two_factor_verify(user=person, code="1a2b-3c4d-5e60")
    assert twofactor.two_factor_verify(user=person, code="1A2B3C4D5E6F")
    assert not twofactor.two_factor_verify(user=person, code="1a2b-3c4d-5e6f")  # used once


def test_user_deactivated_during_verify_is_refused(client, person, password, enrolled):
    secret, _codes = enrolled
    start_login(client, "andi", password)
    type(person).objects.filter(pk=person.pk).update(is_active=False)
    response = client.post(VERIFY_URL, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    assert not signed_in(client)


DISABLE_URL = "/accounts/security/two-factor/disable/"
CODES_URL = "/accounts/security/recovery-codes/"


def test_user_can_turn_two_factor_off(client_as, person, password, enrolled):
    client = client_as(person)
    response = client.post(DISABLE_URL, {"confirm": password})
    assert response.status_code == 302
    assert not twofactor.two_factor_enabled(person)
    assert not RecoveryCode.objects.filter(user=person).exists()
    client.logout()
    response = start_login(Client(), "andi", password)
    assert response["Location"] == "/"


def test_turning_off_with_a_current_code(client_as, person, enrolled):
    secret, _codes = enrolled
    client_as(person).post(DISABLE_URL, {"confirm": pyotp.TOTP(secret).now()})
    assert not twofactor.two_factor_enabled(person)


@pytest.mark.parametrize("url", [DISABLE_URL, CODES_URL])
def test_turning_off_and_new_codes_need_password_or_code(client_as, person, enrolled, url):
    """A session left open is not enough: without the password or a current code nothing
    changes (a recovery code is not accepted for this), and wrong ones count for the lockout."""
    _secret, codes = enrolled
    client = client_as(person)
    for confirm in [None, "", "salah-sekali", codes[0], "123456"]:
        response = client.post(url, {} if confirm is None else {"confirm": confirm})
        assert response.status_code in (302, 429)
        assert twofactor.two_factor_enabled(person)
        assert twofactor.remaining_recovery_codes(person) == 10
    assert response.status_code == 429  # the fifth wrong confirmation locks the account


def test_regenerated_recovery_codes_replace_old(client_as, person, password, enrolled):
    _secret, old = enrolled
    client = client_as(person)
    response = client.post(CODES_URL, {"confirm": password})
    assert response.status_code == 200
    new = list(response.context["codes"])
    assert len(new) == 10
    assert not set(new) & set(old)
    assert not twofactor.two_factor_verify(user=person, code=old[0])
    assert twofactor.two_factor_verify(user=person, code=new[0])


# --- a role that requires two-factor sign-in ----------------------------------------------


@pytest.fixture
def technicians_need_2fa(db):
    return RolePolicy.objects.create(role=Role.TECHNICIAN, require_two_factor=True)


def test_required_role_is_sent_to_setup(client, person, password, technicians_need_2fa):
    response = start_login(client, "andi", password)
    assert response.status_code == 302
    for url in ["/", "/accounts/profile/", "/organizations/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == SETUP_URL
    assert client.get(SETUP_URL).status_code == 200
    # signing out is still possible
    assert client.post("/accounts/logout/").status_code == 302


def test_required_role_gets_in_after_enrolment(client_as, person, technicians_need_2fa):
    client = client_as(person)
    assert client.get("/").status_code == 302
    enrol(client)
    assert client.get("/").status_code == 200
    assert client.get("/accounts/profile/").status_code == 200


def test_required_role_cannot_turn_two_factor_off(
    client_as, person, password, enrolled, technicians_need_2fa
):
    client = client_as(person)
    client.post(DISABLE_URL, {"confirm": password})
    assert twofactor.two_factor_enabled(person)


def ticket_body(agency, location) -> dict:
    return {
        "channel": "phone",
        "organization": agency.pk,
        "location": location.pk,
        "reporter_name": "Budi Santoso",
        "reporter_phone": "081234567890",
        "description": "Wi-Fi lantai 2 tidak bisa tersambung.",
        "scope": "whole_location",
    }


def refused_for_setup(response):
    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "two_factor_setup_required"
    return True


def test_required_role_gets_no_api_over_the_session(client, make_user, password, agency, location):
    """Signed in with the password alone: the API refuses everything until set-up, in its
    error shape; the set-up page (and signing out) still work."""
    make_user(Role.HELPDESK, username="desk")
    RolePolicy.objects.create(role=Role.HELPDESK, require_two_factor=True)
    assert start_login(client, "desk", password).status_code == 302
    assert signed_in(client)
    assert refused_for_setup(client.get("/api/v1/me/"))
    body = ticket_body(agency, location)
    assert refused_for_setup(client.post("/api/v1/tickets/", body, "application/json"))
    assert client.get(SETUP_URL).status_code == 200
    assert client.get("/").status_code == 302


def test_token_issued_before_the_requirement_is_refused(make_user, agency, location):
    desk = make_user(Role.HELPDESK, username="desk")
    api = token_client(desk)
    assert api.get("/api/v1/me/").status_code == 200
    RolePolicy.objects.create(role=Role.HELPDESK, require_two_factor=True)
    assert refused_for_setup(api.get("/api/v1/me/"))
    body = ticket_body(agency, location)
    assert refused_for_setup(api.post("/api/v1/tickets/", body, format="json"))


def test_required_role_uses_the_api_after_enrolment(client_as, person, technicians_need_2fa):
    client = client_as(person)
    assert refused_for_setup(client.get("/api/v1/me/"))
    enrol(client)
    assert client.get("/api/v1/me/").status_code == 200


def test_role_without_policy_is_not_forced(client_as, make_user, technicians_need_2fa):
    helpdesk = make_user(Role.HELPDESK)
    assert client_as(helpdesk).get("/").status_code == 200


def test_admin_sets_role_policy_on_roles_page(client_as, admin_user, person):
    client = client_as(admin_user)
    response = client.post("/accounts/roles/", {"require_two_factor": [Role.TECHNICIAN]})
    assert response.status_code == 302
    assert RolePolicy.objects.get(role=Role.TECHNICIAN).require_two_factor
    assert not RolePolicy.objects.get(role=Role.HELPDESK).require_two_factor
    assert twofactor.two_factor_required(person)
    assert AuditEvent.objects.filter(action="role.policy_changed").count() == 1
    other = Client()
    other.force_login(person, backend="silajar.accounts.backends.UsernameOrEmailBackend")
    assert other.get("/")["Location"] == SETUP_URL


# --- administrators resetting it ------------------------------------------------------------


def test_admin_resets_two_factor(client, person, password, enrolled, admin_user):
    admin = Client()
    admin.force_login(admin_user, backend="silajar.accounts.backends.UsernameOrEmailBackend")
    detail = admin.get(f"/accounts/users/{person.pk}/")
    assert detail.context["two_factor_enabled"] is True
    response = admin.post(f"/accounts/users/{person.pk}/reset-2fa/")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/users/{person.pk}/"
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not RecoveryCode.objects.filter(user=person).exists()
    event = AuditEvent.objects.get(action="account.two_factor_disabled", object_id=str(person.pk))
    assert event.actor == admin_user
    # the next sign-in needs only the password
    assert start_login(client, "andi", password)["Location"] == "/"
    assert signed_in(client)


def test_non_admin_cannot_reset_two_factor(client_as, person, enrolled, make_user):
    helpdesk = make_user(Role.HELPDESK)
    response = client_as(helpdesk).post(f"/accounts/users/{person.pk}/reset-2fa/")
    assert response.status_code == 403
    assert twofactor.two_factor_enabled(person)
