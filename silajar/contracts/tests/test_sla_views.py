"""The SLA report's page (the month picker, each link's figures and bar, the totals) and its
downloads: the PDF opened with pypdf and the XLSX with openpyxl, their numbers compared with
the API's."""

import io
import re
from datetime import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from silajar.accounts.roles import Role
from silajar.contracts.sla_documents import BAR_KINDS
from silajar.contracts.tests.sla_world import MARCH, build_world, wib
from silajar.providers.tests.factories import ContractFactory, provider_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def api_report(user, contract) -> dict:
    client = APIClient()
    client.force_authenticate(user)
    return client.get(f"/api/v1/contracts/{contract.pk}/sla/", {"month": MARCH}).json()


def indonesian(value, decimals: int) -> str:
    """A number as the Indonesian documents write it: 1.234.567 / 99,249 / 44.640."""
    text = f"{Decimal(str(value)):,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


# --- the page --------------------------------------------------------------------------------


def test_the_page_shows_each_links_figures_and_bar(world, client_as, make_user):
    contract = world["contract"]
    client = client_as(make_user(Role.NETWORK_ADMIN))
    response = client.get(f"/contracts/{contract.pk}/sla/", {"month": MARCH})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('data-testid="sla-link"') == 2
    assert page.count('data-testid="sla-bar"') == 2
    # link A: up, down, short, excluded pieces, each a <rect> with a title, no style attribute
    bar_a = page.split('data-testid="sla-bar"')[1].split("</svg>")[0]
    colours = set(re.findall(r'fill="(#[0-9a-f]{6})"', bar_a))
    assert colours == {BAR_KINDS[k].colour for k in ("up", "down", "short", "excluded")}
    assert "<title>" in bar_a and "style=" not in page
    # link B is inactive until 5 March
    bar_b = page.split('data-testid="sla-bar"')[2].split("</svg>")[0]
    assert f'fill="{BAR_KINDS["inactive"].colour}"' in bar_b
    assert 'x="0.000"' in bar_b
    # the figures (Indonesian: decimal comma) and the downloads of the same month
    assert "99,249 %" in page and "92,593 %" in page and "96,139 %" in page
    assert "Rp 750.000" in page and "Rp 2.450.000" in page
    assert f"/contracts/{contract.pk}/sla/pdf/?month={MARCH}" in page
    assert f"/contracts/{contract.pk}/sla/xlsx/?month={MARCH}" in page
    assert "?month=2026-02" in page and "?month=2026-04" in page  # previous and next


def test_the_page_defaults_to_the_last_full_month_and_is_linked_from_the_contract(
    world, client_as, make_user
):
    contract = ContractFactory(
        period_start=timezone.localdate().replace(year=2020, month=1, day=1),
        period_end=timezone.localdate().replace(year=2099),
    )
    client = client_as(make_user(Role.KPA))
    detail = client.get(f"/contracts/{contract.pk}/").content.decode()
    assert f'href="/contracts/{contract.pk}/sla/"' in detail
    page = client.get(f"/contracts/{contract.pk}/sla/")
    today = timezone.localdate()
    last_full = (today.replace(day=1) - timezone.timedelta(days=1)).strftime("%Y-%m")
    assert page.status_code == 200
    assert f'value="{last_full}"' in page.content.decode()
    assert 'data-testid="next-month"' in page.content.decode()  # the running month is next


def test_a_bad_month_shows_the_refusal_with_400(world, client_as, make_user):
    client = client_as(make_user(Role.KPA))
    contract = world["contract"]
    for month in ("2026-13", "2025-12", "x"):
        response = client.get(f"/contracts/{contract.pk}/sla/", {"month": month})
        assert response.status_code == 400
        assert 'data-testid="month-error"' in response.content.decode()
    response = client.get(f"/contracts/{contract.pk}/sla/pdf/", {"month": "2027-01"})
    assert response.status_code == 400


def test_a_provider_account_reaches_its_own_report_only(world, client_as):
    contract = world["contract"]
    own = client_as(provider_user(contract.provider))
    assert own.get(f"/contracts/{contract.pk}/sla/", {"month": MARCH}).status_code == 200
    other = client_as(provider_user(ContractFactory().provider))
    for path in ("sla/", "sla/pdf/", "sla/xlsx/"):
        response = other.get(f"/contracts/{contract.pk}/{path}", {"month": MARCH})
        assert response.status_code == 404


# --- the PDF ---------------------------------------------------------------------------------


def test_the_pdf_carries_the_apis_numbers(world, client_as, make_user):
    user = make_user(Role.NETWORK_ADMIN)
    contract = world["contract"]
    data = api_report(user, contract)
    response = client_as(user).get(f"/contracts/{contract.pk}/sla/pdf/", {"month": MARCH})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Maret 2026" in text and contract.number in text
    assert "PEMERINTAH PROVINSI KALIMANTAN BARAT" in text
    for row in data["links"]:
        for name in ("observed_minutes", "downtime_minutes", "excluded_minutes"):
            assert indonesian(row[name], 0) in text
        assert indonesian(row["availability_percent"], 3) in text
        assert indonesian(row["restitution_amount"], 0) in text
    assert indonesian(data["availability_percent"], 3) in text  # 96,139
    assert indonesian(data["restitution_amount"], 0) in text  # 2.450.000


# --- the XLSX --------------------------------------------------------------------------------


def test_the_xlsx_holds_the_apis_numbers_as_numbers(world, client_as, make_user):
    user = make_user(Role.NETWORK_ADMIN)
    contract, a = world["contract"], world["a"]
    data = api_report(user, contract)
    response = client_as(user).get(f"/contracts/{contract.pk}/sla/xlsx/", {"month": MARCH})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["SLA"]
    header = [cell.value for cell in sheet[1]]
    column = {name: header.index(title) for name, title in COLUMNS.items()}
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(data["links"]) + 1  # a row per link and the total
    for row, expected in zip(rows, data["links"], strict=False):
        for name, index in column.items():
            value = row[index]
            assert isinstance(value, int | float), (name, value)
            assert Decimal(str(value)) == Decimal(str(expected[name])), name
    total = rows[-1]
    assert total[0] == "Total"
    assert total[column["availability_percent"]] == data["availability_percent"]
    assert total[column["restitution_amount"]] == data["restitution_amount"]
    assert isinstance(total[column["restitution_amount"]], int)

    outages = list(workbook["Gangguan"].iter_rows(min_row=2, values_only=True))
    assert len(outages) == 6 + 1  # link A's six touching March, link B's one
    first = outages[0]  # 28 Feb 23:57 – 1 Mar 00:01: one minute in March, counted
    assert first[0] == a.circuit_id
    assert first[1] == datetime(2026, 2, 28, 23, 57) and isinstance(first[3], int | float)
    assert (first[3], first[4], first[5]) == (1, 0, 1)
    force_majeure = next(o for o in outages if o[1] == wib(20, 1).replace(tzinfo=None))
    assert (force_majeure[3], force_majeure[4], force_majeure[5]) == (240, 240, 0)
    short = next(o for o in outages if o[1] == wib(10, 8).replace(tzinfo=None))
    assert (short[3], short[4], short[5]) == (3, 0, 0)
    counted = sum(o[5] for o in outages)
    assert counted == data["links"][0]["counted_minutes"] + data["links"][1]["counted_minutes"]


COLUMNS = {
    "minutes": "Menit sebulan",
    "observed_minutes": "Menit teramati",
    "downtime_minutes": "Menit gangguan",
    "excluded_minutes": "Menit dikecualikan",
    "counted_minutes": "Menit dihitung",
    "availability_percent": "Ketersediaan (%)",
    "incidents": "Insiden",
    "response_breaches": "Pelanggaran waktu respons",
    "restoration_breaches": "Pelanggaran waktu pemulihan",
    "restitution_amount": "Restitusi (Rp)",
}
