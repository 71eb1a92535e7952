"""The API's one error shape: {"error": {"code", "message", "fields"}}."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from silajar.core.api import _flatten, error_body, exception_handler
from silajar.core.errors import ActionForbidden, Conflict, DomainError


def assert_error_shape(body) -> dict:
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "fields"}
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["fields"], dict)
    return error


@pytest.mark.django_db
def test_unauthenticated_request_is_refused_in_the_error_shape(api_client):
    response = api_client.get("/api/v1/me/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"  # how to authenticate
    error = assert_error_shape(response.json())
    assert error["code"] == "not_authenticated"
    assert error["fields"] == {}


@pytest.mark.django_db
def test_a_bad_token_is_refused_in_the_error_shape(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api_client.get("/api/v1/me/")

    assert response.status_code == 401
    assert assert_error_shape(response.json())["code"] == "authentication_failed"


@pytest.mark.django_db
def test_missing_fields_are_named(api_client):
    response = api_client.post("/api/v1/auth/token/", {}, format="json")

    assert response.status_code == 400
    error = assert_error_shape(response.json())
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"username", "password"}
    for messages in error["fields"].values():
        assert isinstance(messages, list) and messages
        assert all(isinstance(m, str) and m for m in messages)


@pytest.mark.django_db
def test_one_missing_field_is_named_alone(api_client):
    response = api_client.post("/api/v1/auth/token/", {"username": "someone"}, format="json")

    assert response.status_code == 400
    assert set(assert_error_shape(response.json())["fields"]) == {"password"}


@pytest.mark.django_db
def test_token_round_trip_then_me(api_client, helpdesk_user, password):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "helpdesk", "password": password}, format="json"
    )
    assert response.status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")

    me = api_client.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["username"] == "helpdesk"
    assert me.json()["roles"] == ["helpdesk"]


@pytest.mark.django_db
def test_unknown_api_address_answers_404_in_the_error_shape(api_client):
    response = api_client.get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert assert_error_shape(response.json())["code"] == "not_found"


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (DomainError("Not possible now."), 400, "invalid"),
        (ActionForbidden(), 403, "forbidden"),
        (Conflict(), 409, "conflict"),
        (Http404(), 404, "not_found"),
        (PermissionDenied(), 403, "permission_denied"),
    ],
)
def test_exception_handler_maps_errors(exc, status, code):
    response = exception_handler(exc, {})

    assert response.status_code == status
    error = assert_error_shape(response.data)
    assert error["code"] == code


def test_domain_error_fields_and_message_are_passed_on():
    response = exception_handler(
        DomainError("Bad period.", fields={"end": ["Must be after the start."]}), {}
    )
    assert response.data == error_body(
        "invalid", "Bad period.", {"end": ["Must be after the start."]}
    )


def test_validation_error_with_a_general_message_uses_it():
    response = exception_handler(
        ValidationError({"non_field_errors": ["The period overlaps."], "end": ["Too late."]}), {}
    )
    assert response.status_code == 400
    assert response.data["error"]["message"] == "The period overlaps."
    assert response.data["error"]["fields"] == {"end": ["Too late."]}

    response = exception_handler(ValidationError(["Just wrong."]), {})
    assert response.data["error"]["message"] == "Just wrong."
    assert response.data["error"]["fields"] == {}


def test_other_exceptions_are_left_to_django():
    assert exception_handler(RuntimeError("bug"), {}) is None


def test_nested_errors_are_named_by_their_path():
    class Item(serializers.Serializer):
        name = serializers.CharField()
        quantity = serializers.IntegerField(min_value=1)

    class Body(serializers.Serializer):
        note = serializers.CharField()
        items = Item(many=True)

    body = Body(data={"items": [{"name": "Switch", "quantity": 1}, {"quantity": 0}]})
    assert not body.is_valid()
    _message, fields = _flatten(body.errors)
    assert set(fields) == {"note", "items[1].name", "items[1].quantity"}
    assert all(isinstance(m, str) and "ErrorDetail" not in m for v in fields.values() for m in v)


@pytest.fixture
def broken_user_list(monkeypatch):
    """The API's user list fails with a bug."""
    from silajar.accounts.api import UserViewSet

    def fail(self):
        raise RuntimeError("a bug in the user list")

    monkeypatch.setattr(UserViewSet, "get_queryset", fail)


@pytest.mark.django_db
def test_a_bug_in_the_api_answers_500_in_the_error_shape_and_is_logged(
    settings, client, helpdesk_user, broken_user_list, caplog
):
    settings.DEBUG = False
    client.force_login(helpdesk_user)
    client.raise_request_exception = False

    response = client.get("/api/v1/users/")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert assert_error_shape(response.json())["code"] == "server_error"
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelname == "ERROR"
    assert "a bug in the user list" in str(record.exc_info[1])


@pytest.mark.django_db
def test_a_bug_in_a_page_still_answers_the_site_s_500_page(
    settings, client, admin_user, monkeypatch
):
    from silajar.core import views

    def fail(**filters):
        raise RuntimeError("a bug in the audit trail")

    monkeypatch.setattr(views, "audit_search", fail)
    settings.DEBUG = False
    client.force_login(admin_user)
    client.raise_request_exception = False

    response = client.get("/audit/")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
