"""The yearly bandwidth need: its segments add up to the capacity (a clear message otherwise),
the section head prepares and submits it, the Kepala UPDE approves or returns it with a note,
each step only by its role and against the version seen; the API's names; the page beside
last year's contracted capacity, saying the monitor has no measurement of use."""

import pytest
from rest_framework.test import APIClient

from silajar.accounts.roles import Role
from silajar.contracts.models import BandwidthNeed
from silajar.contracts.services import needs
from silajar.contracts.tests.factories import NEED_DATA, SEGMENTS, Cast, approved_need
from silajar.contracts.workflows import NEED_FLOW
from silajar.core.errors import ActionForbidden, Conflict, DomainError
from silajar.core.models import AuditEvent
from silajar.providers.tests.factories import ContractFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return Cast()


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_segments_must_add_up_to_the_capacity(cast):
    with pytest.raises(DomainError) as refused:
        needs.need_create(actor=cast[Role.SECTION_HEAD], data={**NEED_DATA, "capacity_mbps": 900})
    assert "1000 Mbps" in str(refused.value.message) and "900 Mbps" in str(refused.value.message)
    assert "segments" in refused.value.fields
    twice = [*SEGMENTS[:2], {"segment": "biro setda", "mbps": 100}]
    with pytest.raises(DomainError) as refused:
        needs.need_create(actor=cast[Role.SECTION_HEAD], data={**NEED_DATA, "segments": twice})
    assert "segments[2].segment" in refused.value.fields
    bad = [{"segment": "Wi-Fi publik", "mbps": "banyak"}]
    with pytest.raises(DomainError) as refused:
        needs.need_create(actor=cast[Role.SECTION_HEAD], data={**NEED_DATA, "segments": bad})
    assert "segments[0].mbps" in refused.value.fields
    assert not BandwidthNeed.objects.exists()


def test_only_the_section_head_prepares_a_need(cast):
    for role in (Role.PPTK, Role.UPDE_HEAD, Role.NETWORK_ADMIN):
        with pytest.raises(ActionForbidden):
            needs.need_create(actor=cast[role], data=NEED_DATA)


def test_submit_return_edit_resubmit_approve(cast):
    head, upde = cast[Role.SECTION_HEAD], cast[Role.UPDE_HEAD]
    need = needs.need_create(actor=head, data=NEED_DATA)
    assert need.state == "draft" and need.created_by == head
    with pytest.raises(ActionForbidden):
        needs.need_submit(need=need, actor=upde)
    need = needs.need_submit(need=need, actor=head, version=need.version)
    with pytest.raises(Conflict):  # submitted: no longer edited
        needs.need_update(actor=head, need=need, data={"justification": "x"})
    with pytest.raises(ActionForbidden):
        needs.need_approve(need=need, actor=head)
    with pytest.raises(DomainError):
        needs.need_return(need=need, actor=upde, note="  ")
    stale = need.version
    need = needs.need_return(need=need, actor=upde, note="Rinci biaya per segmen.")
    assert need.state == "returned" and need.return_note == "Rinci biaya per segmen."
    with pytest.raises(Conflict):
        needs.need_update(actor=head, need=need, data={"estimated_cost": 1}, expected_version=stale)
    need = needs.need_update(
        actor=head, need=need, data={"estimated_cost": 1_700_000_000}, expected_version=need.version
    )
    need = NEED_FLOW.act(obj=need, action="submit", actor=head)
    need = needs.need_approve(need=need, actor=upde)
    assert need.state == "approved"
    actions = list(
        AuditEvent.objects.filter(object_id=str(need.pk)).values_list("action", flat=True)
    )
    assert actions.count("bandwidth_need.submit") == 2
    assert "bandwidth_need.return" in actions and "bandwidth_need.approve" in actions


def test_the_api_keeps_the_contract_names(cast):
    client = client_for(cast[Role.SECTION_HEAD])
    answer = client.post("/api/v1/bandwidth-needs/", NEED_DATA, format="json")
    assert answer.status_code == 201
    data = answer.json()
    assert {
        "fiscal_year",
        "capacity_mbps",
        "segments",
        "estimated_cost",
        "budget_ceiling",
        "justification",
        "state",
        "version",
    } <= set(data)
    assert data["segments"][0] == {"segment": "Biro Setda", "mbps": 400}
    assert data["available_actions"] == ["submit"]
    bad = client.post("/api/v1/bandwidth-needs/", {**NEED_DATA, "capacity_mbps": 1}, format="json")
    assert bad.status_code == 400 and "segments" in bad.json()["error"]["fields"]
    base = f"/api/v1/bandwidth-needs/{data['id']}/"
    assert client.post(f"{base}submit/", {"version": 1}, format="json").status_code == 200
    assert client.post(f"{base}submit/", {"version": 1}, format="json").status_code == 409
    upde = client_for(cast[Role.UPDE_HEAD])
    assert upde.post(f"{base}return/", {"version": 2}, format="json").status_code == 400
    returned = upde.post(f"{base}return/", {"version": 2, "note": "Kurangi."}, format="json")
    assert returned.status_code == 200 and returned.json()["state"] == "returned"
    # seen by staff only
    assert client_for(cast[Role.PROVIDER]).get(base).status_code == 404


def test_the_page_shows_last_years_capacity_and_no_measurement(cast, client_as):
    ContractFactory(
        fiscal_year=2025, period_start="2025-01-01", period_end="2025-12-31", capacity_mbps=800
    )
    need = approved_need(cast)
    page = client_as(cast[Role.KPA]).get(need.get_absolute_url()).content.decode()
    assert 'data-testid="last-year-capacity">800 Mbps' in page
    assert "Biro Setda" in page and 'data-testid="no-measurement"' in page


def test_the_section_head_prepares_a_need_on_the_page(cast, client_as):
    client = client_as(cast[Role.SECTION_HEAD])
    form = {
        **{k: v for k, v in NEED_DATA.items() if k != "segments"},
        "segments": "Biro Setda | 400\nKantor OPD | 500\nServer aplikasi | 50",
    }
    answer = client.post("/contracts/needs/new/", form)
    assert answer.status_code == 200 and not BandwidthNeed.objects.exists()
    assert "segments" in answer.context["form"].errors
    answer = client.post(
        "/contracts/needs/new/", {**form, "segments": form["segments"][:-2] + "100"}
    )
    need = BandwidthNeed.objects.get()
    assert answer["Location"] == need.get_absolute_url()
    assert (
        client.post(f"/contracts/needs/{need.pk}/action/submit/", {"submit-version": 1}).status_code
        == 302
    )
    need.refresh_from_db()
    assert need.state == "submitted"
