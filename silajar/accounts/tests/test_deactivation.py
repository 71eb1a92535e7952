"""A deactivated account loses its sessions and API tokens at once."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from silajar.accounts import services
from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import token_client
from silajar.core.models import AuditEvent

pytestmark = pytest.mark.django_db

BACKEND = "silajar.accounts.backends.UsernameOrEmailBackend"


@pytest.fixture
def worker(make_user):
    return make_user(Role.TECHNICIAN, username="pekerja")


def test_deactivation_ends_session_and_token(admin_user, worker, password):
    session_client = Client()
    response = session_client.post(
        "/accounts/login/", {"username": "pekerja", "password": password, "remember_me": "on"}
    )
    assert response.status_code == 302
    assert session_client.get("/").status_code == 200

    token = (
        APIClient()
        .post("/api/v1/auth/token/", {"username": "pekerja", "password": password}, format="json")
        .json()["token"]
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").status_code == 200

    admin = Client()
    admin.force_login(admin_user, backend=BACKEND)
    response = admin.post(f"/accounts/users/{worker.pk}/deactivate/")
    assert response.status_code == 302
    assert not User.objects.get(pk=worker.pk).is_active

    # the existing session is anonymous on its next request
    response = session_client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert session_client.get("/api/v1/me/").status_code in (401, 403)

    # and the token no longer works
    response = api.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert "error" in response.json()

    event = AuditEvent.objects.get(action="account.updated", object_id=str(worker.pk))
    assert event.changes["is_active"] == [True, False]
    assert event.actor == admin_user


def test_deactivated_user_cannot_sign_in_or_get_token(admin_user, worker, password):
    services.user_set_active(actor=admin_user, user=worker, active=False)
    response = Client().post("/accounts/login/", {"username": "pekerja", "password": password})
    assert response.status_code == 200
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "pekerja", "password": password}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_credentials"


def test_deactivation_through_edit_form_also_ends_token(admin_user, worker, password):
    api = token_client(worker)
    assert api.get("/api/v1/me/").status_code == 200
    admin = Client()
    admin.force_login(admin_user, backend=BACKEND)
    response = admin.post(
        f"/accounts/users/{worker.pk}/edit/",
        {
            "username": worker.username,
            "email": worker.email,
            "full_name": worker.full_name,
            "roles": [Role.TECHNICIAN],
            "version": worker.version,
        },
    )
    assert response.status_code == 302
    assert not User.objects.get(pk=worker.pk).is_active
    assert api.get("/api/v1/me/").status_code in (401, 403)


def test_reactivated_user_signs_in_again(admin_user, worker, password):
    services.user_set_active(actor=admin_user, user=worker, active=False)
    admin = Client()
    admin.force_login(admin_user, backend=BACKEND)
    admin.post(f"/accounts/users/{worker.pk}/activate/")
    response = Client().post("/accounts/login/", {"username": "pekerja", "password": password})
    assert response.status_code == 302


def test_reactivation_does_not_revive_old_sessions(admin_user, worker, password):
    old_session = Client()
    old_session.post("/accounts/login/", {"username": "pekerja", "password": password})
    assert old_session.get("/").status_code == 200

    services.user_set_active(actor=admin_user, user=worker, active=False)
    services.user_set_active(actor=admin_user, user=User.objects.get(pk=worker.pk), active=True)

    response = old_session.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    # signing in again works
    fresh = Client()
    fresh.post("/accounts/login/", {"username": "pekerja", "password": password})
    assert fresh.get("/").status_code == 200
