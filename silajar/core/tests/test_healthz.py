"""The health check for load balancers: 200 when the database answers, 503 when it does not."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import DatabaseError, OperationalError, connection

from silajar.core import views


@pytest.mark.django_db
def test_healthy(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_database_down_when_no_cursor_can_be_opened(client):
    # fault injection: only the health check's connection fails
    with mock.patch.object(views, "connection") as broken:
        broken.cursor.side_effect = DatabaseError("connection refused")
        response = client.get("/healthz")

    assert broken.cursor.called
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "error", "database": "unreachable"}


@pytest.mark.django_db
def test_database_down_when_the_query_fails(client):
    class FailingCursor:
        def execute(self, sql):
            raise OperationalError("server closed the connection unexpectedly")

    @contextmanager
    def failing_cursor():
        yield FailingCursor()

    with mock.patch.object(views, "connection") as broken:
        broken.cursor = failing_cursor
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    # the real connection is untouched afterwards
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert views.connection is connection


# --- asked by address (issue 10, point 18) ------------------------------------------------


@pytest.fixture
def production_hosts(settings):
    settings.ALLOWED_HOSTS = ["silajar.kalbarprov.go.id"]
    settings.SILAJAR_HEALTHCHECK_HOSTS = ["10.8.0.5"]


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["127.0.0.1:8001", "localhost", "[::1]:8001", "10.8.0.5:8001"])
def test_asked_by_a_loopback_or_configured_address(client, production_hosts, host):
    response = client.get("/healthz", HTTP_HOST=host)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert client.head("/healthz", HTTP_HOST=host).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "host"),
    [
        ("/", "127.0.0.1:8001"),  # every other page keeps the strict host validation
        ("/accounts/login/", "localhost"),
        ("/healthz/", "127.0.0.1"),
        ("/api/v1/", "10.8.0.5"),
        ("/healthz", "10.8.0.6"),  # neither loopback nor configured
        ("/healthz", "127.0.0.1.attacker.example"),
    ],
)
def test_nothing_else_is_answered_for_such_a_host(client, production_hosts, path, host):
    assert client.get(path, HTTP_HOST=host).status_code == 400


@pytest.mark.django_db
def test_a_post_by_address_is_not_answered(client, production_hosts):
    assert client.post("/healthz", HTTP_HOST="127.0.0.1").status_code == 400
