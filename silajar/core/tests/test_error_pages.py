"""The server error page works when the database does not (it may be what failed)."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.views.defaults import server_error


def test_server_error_page_needs_no_database_and_speaks_indonesian(db):
    with translation.override("id"), CaptureQueriesContext(connection) as queries:
        response = server_error(RequestFactory().get("/tickets/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert len(queries) == 0
    assert "Layanan sedang terganggu" in page
    assert "Traceback" not in page
