"""Exports of the filtered list of installation requests: CSV (streamed, formulas neutralised)
and XLSX, each with what the user may see and the list's filters."""

import csv
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from silajar.accounts.roles import Role
from silajar.core.exports import XLSX_CONTENT_TYPE
from silajar.installations import exports
from silajar.installations.choices import RequestState as S
from silajar.installations.tests.factories import Cast, file_request, walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(agency):
    return Cast(agency)


@pytest.fixture
def installations(cast, other_agency):
    return [
        file_request(cast, subject='=HYPERLINK("http://x")', letter_number="-1/abc"),
        walk_to(S.AWAITING_EQUIPMENT, cast),
        file_request(Cast(other_agency), subject="@SUM(A1)"),
    ]


def read_csv(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_csv_content_and_neutralised_formulas(client_as, cast, installations):
    response = client_as(cast[Role.SECTION_HEAD]).get(reverse("installations:export", args=["csv"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == exports.INSTALLATION_EXPORT.headers
    by_number = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert set(by_number) == {r.number for r in installations}
    first, waiting, third = (by_number[r.number] for r in installations)
    assert first["Perihal"] == '\'=HYPERLINK("http://x")'
    assert first["Nomor surat"] == "'-1/abc"
    assert third["Perihal"] == "'@SUM(A1)"
    with translation.override("id"):  # Indonesian labels whatever the user's language
        assert first["Status"] == str(S.SUBMITTED.label)
    assert waiting["Nomor surat balasan"] == installations[1].reply_letter_number
    assert waiting["Layak dipasang"] == "Tidak"
    assert waiting["Teknisi"] == installations[1].technician.full_name


def test_export_follows_the_filters(client_as, cast, installations):
    client = client_as(cast[Role.UPDE_HEAD])
    rows = read_csv(
        client.get(reverse("installations:export", args=["csv"]), {"state": S.AWAITING_EQUIPMENT})
    )
    assert [r[0] for r in rows[1:]] == [installations[1].number]


def test_agency_exports_its_own_only(client_as, cast, installations):
    rows = read_csv(
        client_as(cast[Role.OPD_USER]).get(reverse("installations:export", args=["csv"]))
    )
    assert {r[0] for r in rows[1:]} == {installations[0].number, installations[1].number}


def test_xlsx(client_as, cast, installations):
    response = client_as(cast[Role.HELPDESK]).get(reverse("installations:export", args=["xlsx"]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert list(rows[0]) == exports.INSTALLATION_EXPORT.headers
    assert len(rows) == 1 + len(installations)
    subjects = {row[exports.INSTALLATION_EXPORT.headers.index("Perihal")] for row in rows[1:]}
    assert '\'=HYPERLINK("http://x")' in subjects  # text, never a formula


def test_export_refusals(client_as, cast, make_user):
    client = client_as(cast[Role.HELPDESK])
    assert client.get(reverse("installations:export", args=["pdf"])).status_code == 404
    provider = client_as(make_user(Role.PROVIDER))
    assert provider.get(reverse("installations:export", args=["csv"])).status_code == 403
