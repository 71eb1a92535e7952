"""Exports of the filtered ticket list: CSV (streamed, formulas neutralised) and XLSX."""

import csv
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from openpyxl import load_workbook

from silajar.core.exports import XLSX_CONTENT_TYPE
from silajar.tickets import exports, services
from silajar.tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def tickets(helpdesk_user, agency, other_agency, location):
    def make(organization, **fields):
        data = {
            "channel": "phone",
            "organization": organization,
            "reporter_name": "Budi",
            "description": "Internet mati",
            "scope": "single_device",
        }
        data.update(fields)
        return services.ticket_create(actor=helpdesk_user, **data)

    return [
        make(agency, location=location, reporter_name='=HYPERLINK("http://x")'),
        make(agency, description="+62 cmd|' /C calc'!A0", reporter_phone="-1"),
        make(other_agency, reporter_name="@SUM(A1)", channel="whatsapp"),
    ]


def read_csv(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_csv_export_content_and_headers(client_as, helpdesk_user, tickets):
    response = client_as(helpdesk_user).get(reverse("tickets:export", args=["csv"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == exports.TICKET_EXPORT.headers
    assert rows[0][:3] == ["Nomor", "Dibuat (WIB)", "Status"]
    assert {r[0] for r in rows[1:]} == {t.number for t in tickets}
    by_number = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    first, second, third = (by_number[t.number] for t in tickets)
    assert first["Pelapor"] == '\'=HYPERLINK("http://x")'
    assert second["Keluhan"].startswith("'+62")
    assert second["Telepon pelapor"] == "'-1"
    assert third["Pelapor"] == "'@SUM(A1)"
    assert first["OPD"] == tickets[0].organization.name
    assert first["Lokasi"] == str(tickets[0].location)


def test_csv_export_follows_the_filters(client_as, helpdesk_user, tickets):
    url = reverse("tickets:export", args=["csv"])
    rows = read_csv(client_as(helpdesk_user).get(url, {"channel": "whatsapp"}))
    assert [r[0] for r in rows[1:]] == [tickets[2].number]


def test_export_is_scoped_to_the_agency(client_as, agency_user, tickets):
    rows = read_csv(client_as(agency_user).get(reverse("tickets:export", args=["csv"])))
    assert {r[0] for r in rows[1:]} == {tickets[0].number, tickets[1].number}


def test_xlsx_export(client_as, helpdesk_user, tickets):
    response = client_as(helpdesk_user).get(reverse("tickets:export", args=["xlsx"]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook["Tiket"].iter_rows(values_only=True))
    assert list(rows[0]) == exports.TICKET_EXPORT.headers
    assert {r[0] for r in rows[1:]} == {t.number for t in tickets}
    names = {r[4] for r in rows[1:]}
    assert '\'=HYPERLINK("http://x")' in names  # text, never a formula


def test_unknown_format_is_404(client_as, helpdesk_user):
    assert client_as(helpdesk_user).get(reverse("tickets:export", args=["pdf"])).status_code == 404


def test_export_reads_rows_with_an_iterator(helpdesk_user, tickets, django_assert_max_num_queries):
    # the queryset is streamed (chunked), not loaded whole: one query for the rows
    rows = exports.TICKET_EXPORT.rows(Ticket.objects.all())
    with django_assert_max_num_queries(2):
        assert len(list(rows)) == 3
