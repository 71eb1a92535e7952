"""The contracts' pages: the list with filters and export, the contract's page (terms, links,
history, the scan), the form with the bands as lines and the scan checked by content."""

import io

import pytest
from openpyxl import load_workbook

from silajar.accounts.roles import Role
from silajar.contracts.models import Contract
from silajar.core.tests.files import pdf_bytes, upload_file
from silajar.providers.tests.factories import (
    ContractFactory,
    LinkFactory,
    ProviderFactory,
    provider_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def form_data(provider=None, **changes):
    data = {
        "number": "027/010/KONTRAK/2026",
        "fiscal_year": 2026,
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "capacity_mbps": 1000,
        "monthly_fee": 150000000,
        "state": "active",
        "availability_target": "99.5",
        "min_outage_seconds": 300,
        "max_response_minutes": 30,
        "max_restoration_minutes": 240,
        "restitution_method": "bands",
        "restitution_bands": "99.5 | 5\n99.0 | 10\n95.0 | 25",
        "restitution_cap_percent": "30",
        "maintenance_notice_hours": 72,
        "exclusions": ["maintenance", "force_majeure"],
        **changes,
    }
    if provider is not None:
        data["provider"] = provider.pk
    return data


def test_the_list_filters_and_exports(client_as, make_user):
    ours = ContractFactory(number="KONTRAK-KITA", fiscal_year=2026)
    ContractFactory(number="KONTRAK-LAMA", fiscal_year=2025, period_start="2025-01-01")
    client = client_as(make_user(Role.KPA))
    page = client.get("/contracts/", {"fiscal_year": 2026}).content.decode()
    assert "KONTRAK-KITA" in page and "KONTRAK-LAMA" not in page
    page = client.get("/contracts/", {"provider": ours.provider_id}).content.decode()
    assert "KONTRAK-LAMA" not in page
    xlsx = client.get("/contracts/export.xlsx", {"q": "lama"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["KONTRAK-LAMA"]


def test_a_contract_is_registered_with_bands_and_scan(client_as, make_user):
    provider = ProviderFactory()
    client = client_as(make_user(Role.PPTK))
    answer = client.post(
        "/contracts/new/",
        {**form_data(provider), "document": upload_file(pdf_bytes(), "kontrak.pdf")},
    )
    contract = Contract.objects.get()
    assert answer["Location"] == contract.get_absolute_url()
    assert contract.restitution_bands[2] == {"below_percent": "95", "credit_percent": "25"}
    assert contract.exclusions == ["maintenance", "force_majeure"]
    assert contract.document_name == "kontrak.pdf"
    page = client.get(contract.get_absolute_url()).content.decode()
    assert 'data-testid="contract-document"' in page
    assert 'data-action="contract.document_attached"' in page
    download = client.get(f"/contracts/{contract.pk}/document/")
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_bad_terms_and_a_bad_scan_are_shown_on_their_inputs(client_as, make_user):
    client = client_as(make_user(Role.NETWORK_ADMIN))
    answer = client.post(
        "/contracts/new/",
        {
            **form_data(ProviderFactory(), restitution_bands="99 | 5\n99.5 | 10"),
            "document": upload_file(b"not a scan", "kontrak.pdf"),
        },
    )
    assert answer.status_code == 200
    errors = answer.context["form"].errors
    assert "restitution_bands" in errors
    assert not Contract.objects.exists()
    answer = client.post(
        "/contracts/new/",
        {**form_data(ProviderFactory()), "document": upload_file(b"not a scan", "k.pdf")},
    )
    assert "document" in answer.context["form"].errors and not Contract.objects.exists()


def test_the_contract_page_lists_its_links_and_their_fees(client_as, make_user):
    link = LinkFactory(monthly_fee=15_000_000)
    LinkFactory(provider=link.provider, contract=link.contract, monthly_fee=5_000_000)
    page = client_as(make_user(Role.HELPDESK)).get(link.contract.get_absolute_url())
    text = page.content.decode()
    assert link.circuit_id in text and "20.000.000" in text
    assert 'data-testid="sla-terms"' in text


def test_a_provider_reads_its_contract_and_not_anothers(client_as):
    ours, theirs = ContractFactory(), ContractFactory()
    client = client_as(provider_user(ours.provider))
    assert client.get(f"/contracts/{ours.pk}/").status_code == 200
    assert client.get(f"/contracts/{ours.pk}/edit/").status_code == 403
    assert client.get(f"/contracts/{theirs.pk}/").status_code == 404
    assert client.get(f"/contracts/{theirs.pk}/document/").status_code == 404


def test_a_contract_is_edited_against_its_version(client_as, make_user):
    contract = ContractFactory()
    client = client_as(make_user(Role.PPTK))
    data = form_data(capacity_mbps=2000, version=contract.version, number=contract.number)
    assert client.post(f"/contracts/{contract.pk}/edit/", data).status_code == 302
    stale = client.post(f"/contracts/{contract.pk}/edit/", {**data, "capacity_mbps": 3000})
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    contract.refresh_from_db()
    assert contract.capacity_mbps == 2000
