"""The contracts API: the field names of the API contract, who registers and edits, a
provider's accounts see their own provider's contracts only, the scan's upload and download."""

import pytest
from rest_framework.test import APIClient

from silajar.accounts.roles import Role
from silajar.core.tests.files import pdf_bytes, upload_file
from silajar.providers.tests.factories import ContractFactory, ProviderFactory, provider_user

pytestmark = pytest.mark.django_db
CONTRACT_FIELDS = {
    "provider",
    "number",
    "fiscal_year",
    "period_start",
    "period_end",
    "capacity_mbps",
    "monthly_fee",
    "availability_target",
    "min_outage_seconds",
    "max_response_minutes",
    "max_restoration_minutes",
    "restitution_method",
    "restitution_bands",
    "restitution_cap_percent",
    "maintenance_notice_hours",
}


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def world(make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ours, theirs = ContractFactory(), ContractFactory()
    return {
        "ours": ours,
        "theirs": theirs,
        "account": provider_user(ours.provider),
        "netadmin": make_user(Role.NETWORK_ADMIN),
        "pptk": make_user(Role.PPTK),
        "kpa": make_user(Role.KPA),
        "opd_user": make_user(Role.OPD_USER),
    }


def body(provider, **changes):
    return {
        "provider": provider.pk,
        "number": "027/002/KONTRAK/2026",
        "fiscal_year": 2026,
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "capacity_mbps": 500,
        "monthly_fee": 80_000_000,
        "availability_target": "99.500",
        "min_outage_seconds": 300,
        "max_response_minutes": 30,
        "max_restoration_minutes": 240,
        "restitution_method": "bands",
        "restitution_bands": [
            {"below_percent": "99.5", "credit_percent": "5"},
            {"below_percent": "99.0", "credit_percent": "10"},
            {"below_percent": "95.0", "credit_percent": "25"},
        ],
        "restitution_cap_percent": "30",
        "maintenance_notice_hours": 72,
        **changes,
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [("netadmin", 201), ("pptk", 201), ("kpa", 403), ("account", 403), ("opd_user", 403)],
)
def test_who_registers_a_contract(world, who, status):
    answer = client_for(world[who]).post(
        "/api/v1/contracts/", body(world["ours"].provider), format="json"
    )
    assert answer.status_code == status
    if status == 201:
        data = answer.json()
        assert set(data) >= CONTRACT_FIELDS
        assert data["restitution_bands"][1] == {"below_percent": "99", "credit_percent": "10"}
        assert data["document"] is None


def test_a_bad_band_names_its_input(world):
    bands = [
        {"below_percent": "99", "credit_percent": "5"},
        {"below_percent": "99.5", "credit_percent": "10"},
    ]
    answer = client_for(world["pptk"]).post(
        "/api/v1/contracts/", body(ProviderFactory(), restitution_bands=bands), format="json"
    )
    assert answer.status_code == 400
    assert "restitution_bands[1].below_percent" in answer.json()["error"]["fields"]


def test_a_provider_account_sees_its_own_contracts_only(world):
    client = client_for(world["account"])
    rows = client.get("/api/v1/contracts/").json()["results"]
    assert [row["id"] for row in rows] == [world["ours"].pk]
    assert client.get(f"/api/v1/contracts/{world['ours'].pk}/").status_code == 200
    for path in ("", "document/"):
        assert client.get(f"/api/v1/contracts/{world['theirs'].pk}/{path}").status_code == 404
    assert (
        client_for(world["opd_user"]).get(f"/api/v1/contracts/{world['ours'].pk}/").status_code
        == 404
    )


def test_a_contract_is_edited_against_its_version(world):
    contract = world["ours"]
    client = client_for(world["netadmin"])
    path = f"/api/v1/contracts/{contract.pk}/"
    changes = {"restitution_method": "proportional", "restitution_bands": [], "version": 1}
    answer = client.patch(path, changes, format="json")
    assert answer.status_code == 200 and answer.json()["restitution_bands"] == []
    assert client.patch(path, changes, format="json").status_code == 409
    assert (
        client_for(world["account"]).patch(path, {"capacity_mbps": 1}, format="json").status_code
        == 403
    )


def test_the_scan_is_uploaded_checked_and_downloaded(world):
    contract = world["ours"]
    client = client_for(world["pptk"])
    path = f"/api/v1/contracts/{contract.pk}/document/"
    assert client.get(path).status_code == 404  # none yet
    bad = client.post(path, {"document": upload_file(b"GIF89a", "kontrak.pdf")}, format="multipart")
    assert bad.status_code == 400 and "document" in bad.json()["error"]["fields"]
    good = client.post(
        path, {"document": upload_file(pdf_bytes(), "kontrak.pdf")}, format="multipart"
    )
    assert good.status_code == 200 and good.json()["document"] == path
    download = client_for(world["account"]).get(path)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    refused = client_for(world["account"]).post(
        path, {"document": upload_file(pdf_bytes(), "k.pdf")}, format="multipart"
    )
    assert refused.status_code == 403
