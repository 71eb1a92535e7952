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
