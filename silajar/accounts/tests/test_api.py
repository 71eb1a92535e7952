"""The accounts API: tokens, /me/, the user picker, and the API's schema and docs."""

import warnings

import pyotp
import pytest
from django.core.cache.backends.base import CacheKeyWarning
from rest_framework.test import APIClient

from silajar.accounts import services, twofactor
from silajar.accounts.models import ApiToken, RolePolicy, TOTPDevice
from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import issue_token, token_client

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


def ask_token(client, login, password):
    return client.post(TOKEN_URL, {"username": login, "password": password}, format="json")


@pytest.fixture
def technician(make_user):
    return make_user(
        Role.TECHNICIAN,
        username="Teknisi.Satu",
        email="teknisi.satu@example.org",
        full_name="Teknisi Satu, A.Md.",
    )


@pytest.mark.parametrize(
    "login",
    ["Teknisi.Satu", "teknisi.satu", "teknisi.satu@example.org", "TEKNISI.SATU@EXAMPLE.ORG"],
)
def test_token_by_username_or_email(api_client, technician, password, login):
    response = ask_token(api_client, login, password)
    assert response.status_code == 200
    assert set(response.json()) == {"token"}
    assert works(response.json()["token"])
    assert ApiToken.objects.get().user == technician


def test_each_request_issues_another_token_and_both_work(technician, password):
    first = ask_token(APIClient(), "teknisi.satu", password).json()["token"]
    second = ask_token(APIClient(), "teknisi.satu", password).json()["token"]
    assert first != second
    assert ApiToken.objects.filter(user=technician).count() == 2
    assert works(first) and works(second)


def test_token_works_for_requests(api_client, technician, password):
    key = ask_token(api_client, "teknisi.satu", password).json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/me/").json()["username"] == "Teknisi.Satu"


def test_wrong_password_is_400_in_error_shape(api_client, technician):
    response = ask_token(api_client, "teknisi.satu", "wrong-password")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == "invalid_credentials"
    assert body["error"]["message"]
    assert body["error"]["fields"] == {}
    assert not ApiToken.objects.filter(user=technician).exists()


def test_unknown_user_is_400(api_client):
    response = ask_token(api_client, "nobody", "wrong-password")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_credentials"


def test_missing_fields_are_400_with_fields(api_client):
    response = api_client.post(TOKEN_URL, {}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert set(error["fields"]) == {"username", "password"}


def test_token_endpoint_refuses_get(api_client):
    response = api_client.get(TOKEN_URL)
    assert response.status_code == 405
    assert "error" in response.json()


def test_me_fields(agency_user, agency):
    response = token_client(agency_user).get("/api/v1/me/")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == agency_user.pk
    assert body["username"] == "opd_user"
    assert body["full_name"] == agency_user.full_name
    assert body["roles"] == [Role.OPD_USER]
    assert body["organization"] == agency.pk
    assert "password" not in body


def test_me_roles_are_a_list_of_codes(make_user):
    user = make_user(Role.TECHNICIAN, Role.HELPDESK)
    assert token_client(user).get("/api/v1/me/").json()["roles"] == sorted(
        [Role.TECHNICIAN, Role.HELPDESK]
    )


def test_me_without_organization(technician):
    body = token_client(technician).get("/api/v1/me/").json()
    assert body["organization"] is None


def test_me_needs_authentication(api_client):
    response = api_client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "not_authenticated"


def test_bad_token_is_refused(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    response = api_client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "authentication_failed"


def test_session_works_for_api(client_as, technician):
    response = client_as(technician).get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["id"] == technician.pk


# --- users ------------------------------------------------------------------------------


def test_users_filtered_by_role(helpdesk_user, technician, make_user):
    second = make_user(Role.TECHNICIAN, Role.NETWORK_ADMIN, username="teknisi2")
    make_user(Role.TECHNICIAN, username="teknisi_lama", is_active=False)
    make_user(Role.NETWORK_ADMIN, username="admin_jaringan")
    response = token_client(helpdesk_user).get("/api/v1/users/?role=technician")
    assert response.status_code == 200
    results = response.json()["results"]
    assert {u["id"] for u in results} == {technician.pk, second.pk}
    assert all(Role.TECHNICIAN in u["roles"] for u in results)
    assert set(results[0]) == {"id", "username", "full_name", "organization", "roles"}


def test_users_list_has_no_duplicates(helpdesk_user, make_user):
    make_user(Role.TECHNICIAN, Role.HELPDESK, username="ganda")
    results = token_client(helpdesk_user).get("/api/v1/users/").json()["results"]
    ids = [u["id"] for u in results]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("role", [Role.OPD_USER, Role.OPD_OPERATOR, Role.PROVIDER])
def test_users_refused_to_agency_users_and_providers(make_user, technician, role):
    response = token_client(make_user(role)).get("/api/v1/users/?role=technician")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    response = token_client(make_user(role)).get(f"/api/v1/users/{technician.pk}/")
    assert response.status_code == 403


def test_users_refused_to_anonymous(api_client):
    assert api_client.get("/api/v1/users/").status_code in (401, 403)


def test_user_detail_for_staff(helpdesk_user, technician):
    response = token_client(helpdesk_user).get(f"/api/v1/users/{technician.pk}/")
    assert response.status_code == 200
    assert response.json()["username"] == "Teknisi.Satu"


def test_users_are_read_only(helpdesk_user, technician):
    client = token_client(helpdesk_user)
    assert client.post("/api/v1/users/", {"username": "x"}, format="json").status_code == 405
    assert client.delete(f"/api/v1/users/{technician.pk}/").status_code == 405


def test_users_search_and_organization_filter(helpdesk_user, agency_user, other_agency_user):
    client = token_client(helpdesk_user)
    results = client.get(f"/api/v1/users/?organization={agency_user.organization_id}").json()
    assert [u["id"] for u in results["results"]] == [agency_user.pk]
    results = client.get("/api/v1/users/?q=opd_lain").json()["results"]
    assert [u["id"] for u in results] == [other_agency_user.pk]


# --- schema and docs ----------------------------------------------------------------------


def test_schema_for_signed_in_user(helpdesk_user):
    response = token_client(helpdesk_user).get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "openapi" in text
    for path in ["/api/v1/auth/token/", "/api/v1/me/", "/api/v1/users/", "/api/v1/organizations/"]:
        assert path in text


def test_schema_as_json(client_as, helpdesk_user):
    response = client_as(helpdesk_user).get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "SiLaJar API"
    assert "/api/v1/organizations/{id}/locations/" in schema["paths"]
    # the token scheme is still described: `Authorization: Token <key>`
    token_scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert token_scheme["type"] == "apiKey" and token_scheme["in"] == "header"
    assert token_scheme["name"] == "Authorization"
    assert {"tokenAuth": []} in schema["paths"]["/api/v1/me/"]["get"]["security"]
    token_request = schema["components"]["schemas"]["TokenRequestRequest"]["properties"]
    assert {"username", "password", "code", "label"} <= set(token_request)


def test_docs_page(client_as, helpdesk_user):
    response = client_as(helpdesk_user).get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


# --- tokens and two-factor sign-in ------------------------------------------------------------


@pytest.fixture
def two_factor_secret(technician):
    device = twofactor.totp_begin(user=technician)
    twofactor.totp_confirm(user=technician, code=pyotp.TOTP(device.secret).now())
    TOTPDevice.objects.filter(user=technician).update(last_used_step=0)
    return device.secret


def test_password_alone_gets_no_token_with_two_factor(
    api_client, technician, password, two_factor_secret
):
    response = ask_token(api_client, "teknisi.satu", password)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "two_factor_required"
    assert "code" in error["fields"]
    assert not ApiToken.objects.filter(user=technician).exists()


def test_token_with_two_factor_code(api_client, technician, password, two_factor_secret):
    response = api_client.post(
        TOKEN_URL,
        {
            "username": "teknisi.satu",
            "password": password,
            "code": pyotp.TOTP(two_factor_secret).now(),
        },
        format="json",
    )
    assert response.status_code == 200
    assert works(response.json()["token"])


def test_wrong_two_factor_codes_lock_out(api_client, technician, password, two_factor_secret):
    for _ in range(4):
        response = api_client.post(
            TOKEN_URL,
            {"username": "teknisi.satu", "password": password, "code": "000000"},
            format="json",
        )
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "two_factor_required"
    response = api_client.post(
        TOKEN_URL,
        {"username": "teknisi.satu", "password": password, "code": "000000"},
        format="json",
    )
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "locked_out"
    response = api_client.post(
        TOKEN_URL,
        {
            "username": "teknisi.satu",
            "password": password,
            "code": pyotp.TOTP(two_factor_secret).now(),
        },
        format="json",
    )
    assert response.status_code == 429
    assert not ApiToken.objects.filter(user=technician).exists()


def test_role_requiring_two_factor_gets_no_token_before_setup(api_client, technician, password):
    RolePolicy.objects.create(role=Role.TECHNICIAN, require_two_factor=True)
    response = ask_token(api_client, "teknisi.satu", password)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "two_factor_setup_required"
    assert not ApiToken.objects.filter(user=technician).exists()


# --- the token endpoint's rate limits ---------------------------------------------------------


def test_token_requests_limited_per_address(api_client, technician, password):
    """40 attempts with different usernames from one address: the 31st and later answer 429 in
    the error shape; another address is not affected; a forged X-Forwarded-For does not help."""
    answers = [
        api_client.post(
            TOKEN_URL,
            {"username": f"orang{n}", "password": "salah"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
        for n in range(40)
    ]
    assert [a.status_code for a in answers] == [400] * 30 + [429] * 10
    assert answers[-1].json()["error"]["code"] == "throttled"
    assert "Retry-After" in answers[-1]
    elsewhere = api_client.post(
        TOKEN_URL,
        {"username": "teknisi.satu", "password": password},
        format="json",
        REMOTE_ADDR="192.0.2.7",
    )
    assert elsewhere.status_code == 200


def test_token_requests_limited_per_client_address_behind_the_proxy(
    api_client, technician, password, settings
):
    """Behind nginx (every request from 127.0.0.1) the limit counts per client, as the lockout
    does, whatever the client writes in X-Forwarded-For itself."""
    settings.SILAJAR_PROXY_COUNT = 1
    answers = [
        api_client.post(
            TOKEN_URL,
            {"username": f"orang{n}", "password": "salah"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 198.51.100.7",
        )
        for n in range(31)
    ]
    assert [a.status_code for a in answers] == [400] * 30 + [429]
    elsewhere = api_client.post(
        TOKEN_URL,
        {"username": "teknisi.satu", "password": password},
        format="json",
        HTTP_X_FORWARDED_FOR="203.0.113.2",
    )
    assert elsewhere.status_code == 200


def test_token_requests_limited_per_account(api_client, technician, password):
    """One account asked from many addresses (under the lockout's five per address): the
    eleventh request in a minute answers 429, by username and by e-mail alike."""
    logins = ["teknisi.satu", "TEKNISI.SATU@example.org"]
    answers = [
        api_client.post(
            TOKEN_URL,
            {"username": logins[n % 2], "password": "salah"},
            format="json",
            REMOTE_ADDR=f"192.0.2.{n}",
        )
        for n in range(12)
    ]
    assert [a.status_code for a in answers] == [400] * 10 + [429] * 2
    assert answers[-1].json()["error"]["code"] == "throttled"
    # another account from the same addresses is not affected
    # (any text may name an account: it is hashed into the cache key, kept valid for memcached)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        other = api_client.post(
            TOKEN_URL,
            {"username": "orang lain: ☃", "password": "salah"},
            format="json",
            REMOTE_ADDR="192.0.2.1",
        )
    assert other.status_code == 400


# --- tokens end with the password, with enabling two-factor, and on sign-out when asked -------


def works(key) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/me/").status_code == 200


def test_password_change_ends_tokens(client_as, technician, password):
    keys = [issue_token(technician), issue_token(technician)]
    response = client_as(technician).post(
        "/accounts/password/change/",
        {
            "old_password": password,
            "new_password1": "Baru-2026-kata",
            "new_password2": "Baru-2026-kata",
        },
    )
    assert response.status_code == 302
    assert not any(works(key) for key in keys)


def test_password_reset_and_admin_set_end_tokens(technician):
    key = issue_token(technician)
    services.password_set(user=technician, password="Baru-2026-kata", actor=None, reason="reset")
    assert not works(key)
    key = issue_token(technician)
    technician.set_password("Lagi-2026-baru")  # the admin site, `changepassword`
    technician.save()
    assert not works(key)
    key = issue_token(technician)
    technician.full_name = "Teknisi Satu"  # another change keeps them
    technician.save()
    assert works(key)


def test_enabling_two_factor_ends_tokens(technician):
    keys = [issue_token(technician), issue_token(technician)]
    device = twofactor.totp_begin(user=technician)
    twofactor.totp_confirm(user=technician, code=pyotp.TOTP(device.secret).now())
    assert not any(works(key) for key in keys)
    assert not ApiToken.objects.filter(user=technician).exists()


def test_sign_out_keeps_tokens_unless_asked(client_as, technician):
    key = issue_token(technician)
    client = client_as(technician)
    assert b'name="revoke_tokens"' in client.get("/").content
    client.post("/accounts/logout/")
    assert works(key)
    client_as(technician).post("/accounts/logout/", {"revoke_tokens": "1"})
    assert not works(key)
