"""Contracts' services: every SLA term checked, the audit events, the scan checked by its
content, the version check."""

from datetime import date
from decimal import Decimal

import pytest

from silajar.accounts.roles import Role
from silajar.contracts import services
from silajar.contracts.models import Contract
from silajar.core.audit import audit_timeline
from silajar.core.errors import ActionForbidden, Conflict, DomainError
from silajar.core.tests.files import media_files, pdf_bytes, upload_file
from silajar.providers.tests.factories import ContractFactory, ProviderFactory

pytestmark = pytest.mark.django_db
BANDS = [
    {"below_percent": "99.5", "credit_percent": "5"},
    {"below_percent": "99.0", "credit_percent": "10"},
    {"below_percent": "95.0", "credit_percent": "25"},
]


@pytest.fixture
def pptk(make_user):
    return make_user(Role.PPTK)


def contract_data(**changes):
    return {
        "provider": ProviderFactory(),
        "number": "027/001/KONTRAK/2026",
        "fiscal_year": 2026,
        "period_start": date(2026, 1, 1),
        "period_end": date(2026, 12, 31),
        "capacity_mbps": 1000,
        "monthly_fee": 150_000_000,
        "availability_target": Decimal("99.500"),
        "min_outage_seconds": 300,
        "max_response_minutes": 30,
        "max_restoration_minutes": 240,
        "restitution_method": "bands",
        "restitution_bands": BANDS,
        "restitution_cap_percent": Decimal("30"),
        "maintenance_notice_hours": 72,
        **changes,
    }


def refused_fields(actor, **changes) -> set[str]:
    before = Contract.objects.count()
    with pytest.raises(DomainError) as refused:
        services.CONTRACTS.create(actor=actor, data=contract_data(**changes))
    assert Contract.objects.count() == before
    return set(refused.value.fields)


def test_a_banded_contract_is_registered_with_its_event(pptk):
    contract = services.CONTRACTS.create(
        actor=pptk,
        data=contract_data(
            restitution_bands=[{"below_percent": "99.500", "credit_percent": 5}, *BANDS[1:]]
        ),
    )
    assert contract.restitution_bands[0] == {"below_percent": "99.5", "credit_percent": "5"}
    assert contract.exclusions == ["maintenance", "customer_side", "force_majeure"]
    assert audit_timeline(contract).get().action == "contract.created"


def test_a_proportional_contract_has_no_bands(pptk):
    contract = services.CONTRACTS.create(
        actor=pptk, data=contract_data(restitution_method="proportional", restitution_bands=[])
    )
    assert contract.restitution_bands == []
    assert "restitution_bands" in refused_fields(
        pptk, number="B", restitution_method="proportional"
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"availability_target": Decimal("100.5")}, "availability_target"),
        ({"availability_target": Decimal("99.5001")}, "availability_target"),
        ({"availability_target": Decimal("-1")}, "availability_target"),
        ({"restitution_cap_percent": Decimal("101")}, "restitution_cap_percent"),
        ({"restitution_bands": []}, "restitution_bands"),
        ({"restitution_method": "lump"}, "restitution_method"),
        ({"period_end": date(2025, 12, 31)}, "period_end"),
        ({"fiscal_year": 2025}, "period_start"),
        ({"exclusions": ["rain"]}, "exclusions"),
        ({"number": "  "}, "number"),
        (
            {"restitution_bands": [BANDS[1], BANDS[0]]},  # not from the highest down
            "restitution_bands[1].below_percent",
        ),
        (
            {"restitution_bands": [BANDS[0], {**BANDS[0]}]},  # not strictly lower
            "restitution_bands[1].below_percent",
        ),
        (
            {"restitution_bands": [BANDS[0], {"below_percent": "99", "credit_percent": "4"}]},
            "restitution_bands[1].credit_percent",
        ),
        (
            {"restitution_bands": [{"below_percent": "99.5", "credit_percent": "120"}]},
            "restitution_bands[0].credit_percent",
        ),
        (
            {"restitution_bands": [{"below_percent": "abc", "credit_percent": "5"}]},
            "restitution_bands[0].below_percent",
        ),
    ],
)
def test_every_term_is_checked(pptk, changes, field):
    assert field in refused_fields(pptk, **changes)


@pytest.mark.parametrize("role", [Role.HELPDESK, Role.KPA, Role.PROVIDER, Role.TECHNICIAN])
def test_only_the_keepers_register_contracts(make_user, role):
    with pytest.raises(ActionForbidden):
        services.CONTRACTS.create(actor=make_user(role), data=contract_data())


def test_a_contract_stays_with_its_provider_and_checks_its_version(pptk):
    contract = ContractFactory()
    provider = contract.provider
    services.CONTRACTS.update(
        actor=pptk,
        obj=contract,
        data={"provider": ProviderFactory(), "capacity_mbps": 2000},
        expected_version=contract.version,
    )
    contract.refresh_from_db()
    assert contract.provider == provider and contract.capacity_mbps == 2000
    with pytest.raises(Conflict):
        services.CONTRACTS.update(
            actor=pptk, obj=contract, data={"capacity_mbps": 1}, expected_version=1
        )


def test_the_scan_is_checked_by_its_content_and_kept_with_an_event(pptk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    contract = ContractFactory()
    with pytest.raises(DomainError) as refused:
        services.contract_document_attach(
            actor=pptk, contract=contract, upload=upload_file(b"MZ not a pdf", "kontrak.pdf")
        )
    assert "document" in refused.value.fields
    assert not media_files()
    saved = services.contract_document_attach(
        actor=pptk, contract=contract, upload=upload_file(pdf_bytes(), "kontrak.pdf")
    )
    assert saved.document_content_type == "application/pdf"
    assert saved.document_name == "kontrak.pdf"
    assert audit_timeline(contract).first().action == "contract.document_attached"


def test_registering_with_a_bad_scan_registers_nothing(pptk):
    with pytest.raises(DomainError):
        services.contract_register(
            actor=pptk, data=contract_data(), document=upload_file(b"nope", "k.pdf")
        )
    assert not Contract.objects.exists()
