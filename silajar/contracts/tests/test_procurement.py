"""The contract's procurement: the PPTK's draft (no provider yet) goes to the KPA only with an
approved need, its method and its estimate; the KPA designates the provider with the
decision's letter; the provider's own accounts fill the installation checklist; the BAST,
signed by both sides on screen or as a scan, takes the official number and makes the contract
active; every action only by its role, against the version seen, audited. The PDFs, the pages
and the API under the names of the contract."""

from datetime import date

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from silajar.accounts.roles import Role
from silajar.contracts.models import Contract
from silajar.contracts.services import CONTRACTS
from silajar.contracts.tests.factories import (
    TERMS,
    Cast,
    approved_need,
    contract_in,
    draft_contract,
    path_inputs,
)
from silajar.contracts.workflows import CONTRACT_FLOW
from silajar.core.errors import ActionForbidden, Conflict, DomainError
from silajar.core.models import AuditEvent
from silajar.core.tests.files import pdf_bytes, png_bytes, signature_data_url, upload_file
from silajar.providers.tests.factories import ProviderFactory, provider_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return Cast()


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def act(cast, contract, action, role, **inputs):
    return CONTRACT_FLOW.act(
        obj=contract,
        action=action,
        actor=cast[role],
        **{**path_inputs(cast.provider, action), **inputs},
    )


def test_the_whole_procurement_through_the_services(cast):
    contract = draft_contract(cast)
    assert contract.state == "draft" and contract.provider is None
    contract = act(cast, contract, "submit", Role.PPTK)
    contract = act(
        cast,
        contract,
        "designate",
        Role.KPA,
        decision_letter=upload_file(pdf_bytes(), "sk-penetapan.pdf"),
    )
    assert contract.provider == cast.provider and contract.designated_by == cast[Role.KPA]
    assert contract.decision_letter.name.endswith(".pdf")
    contract = act(cast, contract, "start_installation", Role.NETWORK_ADMIN)
    with pytest.raises(DomainError):  # the checklist is not filled yet
        act(cast, contract, "activate", Role.NETWORK_ADMIN)
    contract = act(cast, contract, "record_checklist", Role.PROVIDER)
    assert contract.state == "installing" and contract.checklist_by == cast[Role.PROVIDER]
    contract = act(cast, contract, "activate", Role.PPTK)
    assert contract.state == "active"
    assert contract.bast_number == f"027/1/BAST-INET/DISKOMINFO-B/{timezone.localdate().year}"
    assert contract.signature and contract.signer_name == "Andi Wijaya"
    assert contract.bast_by == cast[Role.PPTK]
    events = list(
        AuditEvent.objects.filter(action__startswith="contract.", object_id=str(contract.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert events == [
        "contract.created",
        "contract.submit",
        "contract.designate",
        "contract.start_installation",
        "contract.record_checklist",
        "contract.activate",
    ]


def test_a_draft_goes_to_the_kpa_only_with_its_need_method_and_estimate(cast):
    contract = draft_contract(cast, need=None, owner_estimate=None)
    contract.need = None
    Contract.objects.filter(pk=contract.pk).update(need=None)
    contract.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        act(cast, contract, "submit", Role.PPTK)
    assert "HPS" in str(refused.value.message)


def test_only_an_approved_need_is_procured(cast):
    from silajar.contracts.services import needs
    from silajar.contracts.tests.factories import NEED_DATA

    draft = needs.need_create(actor=cast[Role.SECTION_HEAD], data=NEED_DATA)
    with pytest.raises(DomainError) as refused:
        draft_contract(cast, need=draft)
    assert "need" in refused.value.fields


def test_each_action_only_by_its_role_and_the_provider_only_on_its_own(cast):
    contract = draft_contract(cast)
    for role in (Role.KPA, Role.NETWORK_ADMIN, Role.SECTION_HEAD):
        with pytest.raises(ActionForbidden):
            act(cast, contract, "submit", role)
    contract = act(cast, contract, "submit", Role.PPTK)
    with pytest.raises(ActionForbidden):
        act(cast, contract, "designate", Role.PPTK)
    contract = act(cast, contract, "designate", Role.KPA)
    contract = act(cast, contract, "start_installation", Role.PPTK)
    stranger = provider_user(ProviderFactory())
    with pytest.raises(ActionForbidden):
        CONTRACT_FLOW.act(obj=contract, action="record_checklist", actor=stranger, links_up=True)
    with pytest.raises(ActionForbidden):
        act(cast, contract, "activate", Role.PROVIDER)


def test_a_stale_version_is_refused_and_changes_nothing(cast):
    contract = draft_contract(cast)
    seen = contract.version
    contract = act(cast, contract, "submit", Role.PPTK)
    with pytest.raises(Conflict):
        act(cast, contract, "designate", Role.KPA, version=seen)
    contract.refresh_from_db()
    assert contract.state == "awaiting_designation" and contract.provider is None


def test_the_bast_as_an_uploaded_scan_and_a_bad_scan_refused(cast):
    contract = contract_in(cast, "installing", checklist=True)
    with pytest.raises(DomainError):
        act(
            cast,
            contract,
            "activate",
            Role.NETWORK_ADMIN,
            signature="",
            signed_form=upload_file(b"GIF89a", "bast.pdf"),
        )
    contract.refresh_from_db()
    assert contract.state == "installing" and not contract.bast_number
    contract = act(
        cast,
        contract,
        "activate",
        Role.NETWORK_ADMIN,
        signature="",
        signed_form=upload_file(pdf_bytes(), "bast.pdf"),
    )
    assert contract.state == "active" and contract.signed_form and not contract.signature


def test_terminate_needs_a_reason(cast):
    contract = contract_in(cast, "designated")
    with pytest.raises(DomainError):
        act(cast, contract, "terminate", Role.PPTK, reason=" ")
    contract = act(cast, contract, "terminate", Role.PPTK, reason="Penyedia mundur.")
    assert contract.state == "terminated" and contract.termination_reason == "Penyedia mundur."


def test_a_contract_registered_as_signed_stays_active_and_out_of_the_procurement(cast):
    contract = CONTRACTS.create(
        actor=cast[Role.NETWORK_ADMIN],
        data={**TERMS, "number": "027/LAMA/2026", "provider": cast.provider, "state": "active"},
    )
    assert contract.state == "active"
    assert [a.name for a in CONTRACT_FLOW.available(contract, cast[Role.PPTK])] == ["terminate"]
    with pytest.raises(DomainError) as refused:
        CONTRACTS.create(
            actor=cast[Role.NETWORK_ADMIN],
            data={
                **TERMS,
                "number": "027/X/2026",
                "state": "installing",
                "provider": cast.provider,
            },
        )
    assert "state" in refused.value.fields
    with pytest.raises(DomainError) as refused:
        CONTRACTS.create(
            actor=cast[Role.PPTK], data={**TERMS, "number": "027/Y", "state": "active"}
        )
    assert "provider" in refused.value.fields


def test_the_pdfs(cast, client_as):
    contract = contract_in(cast, "awaiting_designation")
    client = client_as(cast[Role.KPA])
    assert client.get(f"/contracts/{contract.pk}/bast.pdf").status_code == 302  # not yet
    letter = client.get(f"/contracts/{contract.pk}/designation.pdf")
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
    contract = contract_in(cast, "active", number="027/002/KONTRAK-INET/2026")
    api = client_for(cast[Role.PROVIDER])
    bast = api.get(f"/api/v1/contracts/{contract.pk}/bast.pdf")
    assert bast.status_code == 200 and bast.content.startswith(b"%PDF")
    assert bast["Content-Type"] == "application/pdf"
    other = provider_user(ProviderFactory())
    assert client_for(other).get(f"/api/v1/contracts/{contract.pk}/bast.pdf").status_code == 404
    data = api.get(f"/api/v1/contracts/{contract.pk}/").json()
    assert data["bast_pdf"] == f"/api/v1/contracts/{contract.pk}/bast.pdf"
    assert data["state"] == "active" and data["need"] == contract.need_id


def test_the_api_names_of_the_procurement(cast):
    need = approved_need(cast)
    pptk = client_for(cast[Role.PPTK])
    body = {
        **{k: str(v) if isinstance(v, date) else v for k, v in TERMS.items()},
        "number": "027/API/2026",
        "need": need.pk,
    }
    created = pptk.post("/api/v1/contracts/", body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["state"] == "draft" and data["provider"] is None and data["version"] == 1
    assert data["procurement_method"] == "e_katalog" and data["value"] == 1_800_000_000
    assert data["available_actions"] == ["submit", "terminate"]
    base = f"/api/v1/contracts/{data['id']}/"
    assert pptk.post(f"{base}submit/", {"version": 1}, format="json").status_code == 200
    kpa = client_for(cast[Role.KPA])
    designation = {
        "version": 2,
        "provider": cast.provider.pk,
        "decision_number": "027/16/KPA/2026",
        "decision_date": "2026-01-06",
        "decision_letter": upload_file(pdf_bytes(), "sk.pdf"),
    }
    assert pptk.post(f"{base}designate/", designation, format="multipart").status_code == 403
    designation["decision_letter"] = upload_file(pdf_bytes(), "sk.pdf")
    answer = kpa.post(f"{base}designate/", designation, format="multipart")
    assert answer.status_code == 200 and answer.json()["state"] == "designated"
    designation["decision_letter"] = upload_file(pdf_bytes(), "sk.pdf")
    assert kpa.post(f"{base}designate/", designation, format="multipart").status_code == 409
    admin = client_for(cast[Role.NETWORK_ADMIN])
    assert (
        admin.post(f"{base}start_installation/", {"version": 3}, format="json").status_code == 200
    )
    provider = client_for(cast[Role.PROVIDER])
    checklist = {
        "version": 4,
        "links_up": True,
        "addresses_handed_over": "103.10.20.0/28",
        "test_results": "OK",
    }
    assert provider.post(f"{base}record_checklist/", checklist, format="json").status_code == 200
    signed = {"version": 5, "signer_name": "Andi", "signature": signature_data_url()}
    answer = admin.post(f"{base}activate/", signed, format="json")
    assert answer.status_code == 200 and answer.json()["bast_number"]
    ended = admin.post(f"{base}terminate/", {"version": 6}, format="json")
    assert ended.status_code == 400


def test_the_checklist_and_the_bast_on_the_page(cast, client_as):
    contract = contract_in(cast, "installing")
    provider = client_as(cast[Role.PROVIDER])
    page = provider.get(contract.get_absolute_url()).content.decode()
    assert 'data-testid="action-record_checklist"' in page
    assert 'data-testid="action-activate"' not in page
    answer = provider.post(
        f"/contracts/{contract.pk}/action/record_checklist/",
        {
            "record_checklist-version": contract.version,
            "record_checklist-links_up": "on",
            "record_checklist-addresses_handed_over": "103.10.20.0/28",
            "record_checklist-test_results": "1 Gbps",
        },
    )
    assert answer.status_code == 302
    contract.refresh_from_db()
    admin = client_as(cast[Role.NETWORK_ADMIN])
    page = admin.get(contract.get_absolute_url()).content.decode()
    assert 'data-testid="signature-canvas"' in page
    answer = admin.post(
        f"/contracts/{contract.pk}/action/activate/",
        {
            "activate-version": contract.version,
            "activate-signer_name": "Andi",
            "activate-signed_form": upload_file(png_bytes(), "bast.png"),
        },
    )
    assert answer.status_code == 302
    contract.refresh_from_db()
    assert contract.state == "active"
    assert 'data-testid="bast-pdf"' in admin.get(contract.get_absolute_url()).content.decode()


def test_a_draft_without_provider_is_listed_and_exported(cast, client_as):
    contract = draft_contract(cast)
    client = client_as(cast[Role.PPTK])
    assert contract.number in client.get("/contracts/").content.decode()
    csv = b"".join(client.get("/contracts/export.csv").streaming_content).decode("utf-8-sig")
    assert contract.number in csv
