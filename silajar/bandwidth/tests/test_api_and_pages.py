"""The distribution through the API and the pages: refusals as 400 with the reason and
nothing saved, 409 on a stale version, who reads and who edits, the editor with its sums,
the comparison, the restore, the exports, the counters' import (all or nothing)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from silajar.accounts.roles import Role
from silajar.bandwidth import selectors, services
from silajar.bandwidth.models import DistributionVersion, UsageSample
from silajar.bandwidth.tests.factories import add_tree
from silajar.providers.tests.factories import ContractFactory, provider_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user):
    return make_user(Role.NETWORK_ADMIN)


@pytest.fixture
def contract():
    return ContractFactory(capacity_mbps=1000)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


BODY = {
    "consumer": "Biro Organisasi",
    "kind": "setda_bureau",
    "parent": None,
    "cir_mbps": 20,
    "mir_mbps": 50,
    "priority": 5,
    "target": "10.10.9.0/24",
}


def test_the_api_adds_reads_changes_and_removes(admin, contract):
    url = f"/api/v1/contracts/{contract.pk}/allocations/"
    created = api(admin).post(url, {**BODY, "version": 0}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["consumer"] == "Biro Organisasi"
    key = created.json()["id"]
    listed = api(admin).get(url).json()
    assert listed["version"] == 1 and listed["allocations"][0]["cir_mbps"] == 20
    changed = api(admin).patch(f"{url}{key}/", {"cir_mbps": 30, "version": 1}, format="json")
    assert changed.status_code == 200 and changed.json()["cir_mbps"] == 30
    stale = api(admin).patch(f"{url}{key}/", {"cir_mbps": 40, "version": 1}, format="json")
    assert stale.status_code == 409
    assert api(admin).delete(f"{url}{key}/", {"version": 2}, format="json").status_code == 204
    assert api(admin).get(url).json() == {
        "contract": contract.pk,
        "version": 3,
        "capacity_mbps": 1000,
        "allocations": [],
    }


def test_a_refused_allocation_answers_400_with_the_reason(admin, contract):
    url = f"/api/v1/contracts/{contract.pk}/allocations/"
    response = api(admin).post(url, {**BODY, "cir_mbps": 1001, "mir_mbps": 1001}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert "1000 Mbps" in error["message"] and "mir_mbps" in error["fields"]
    assert not DistributionVersion.objects.exists()


def test_who_reads_and_who_edits(admin, contract, make_user, agency_user):
    add_tree(admin, contract)
    url = f"/api/v1/contracts/{contract.pk}/allocations/"
    for role in (Role.SECTION_HEAD, Role.PPTK, Role.KPA, Role.UPDE_HEAD):
        reader = make_user(role)
        assert api(reader).get(url).status_code == 200
        assert api(reader).post(url, BODY, format="json").status_code == 403
    assert api(make_user(Role.HELPDESK)).get(url).status_code == 403
    assert api(agency_user).get(url).status_code == 404
    own = provider_user(contract.provider)
    assert api(own).get(url).status_code == 200
    assert api(own).get(f"/api/v1/contracts/{contract.pk}/allocations.rsc").status_code == 200
    other = provider_user(ContractFactory().provider)
    assert api(other).get(url).status_code == 404


def test_the_exports_through_the_api(admin, contract):
    rsc = f"/api/v1/contracts/{contract.pk}/allocations.rsc"
    assert api(admin).get(rsc).status_code == 404  # no version yet
    add_tree(admin, contract)
    response = api(admin).get(rsc)
    assert response.status_code == 200 and b"/queue simple" in response.content
    assert api(admin).get(f"/api/v1/contracts/{contract.pk}/allocations.csv").status_code == 200
    assert api(admin).get(f"/api/v1/contracts/{contract.pk}/allocations.xml").status_code == 404


def test_the_editor_page_adds_with_its_sums_and_shows_refusals(admin, contract, client):
    client.force_login(admin)
    page = f"/bandwidth/contracts/{contract.pk}/"
    assert client.get(page).status_code == 200
    post = {**BODY, "parent": "", "organization": "", "version": 0}
    response = client.post(f"{page}allocations/new/", post)
    assert response.status_code == 302
    text = client.get(page).content.decode()
    assert "Biro Organisasi" in text and "live-sum-data" in text
    refused = client.post(
        f"{page}allocations/new/",
        {**post, "consumer": "B", "cir_mbps": 990, "mir_mbps": 990, "version": 1},
    )
    assert refused.status_code == 400
    assert "1010 Mbps" in refused.content.decode()
    assert selectors.current_version(contract=contract).number == 1


def test_compare_and_restore_pages(admin, contract, client):
    add_tree(admin, contract)
    key = next(
        r.key
        for r in selectors.rows_of(version=selectors.current_version(contract=contract))
        if r.consumer == "Wi-Fi Publik"
    )
    services.allocation_change(actor=admin, contract=contract, key=key, data={"mir_mbps": 400})
    client.force_login(admin)
    text = client.get(
        f"/bandwidth/contracts/{contract.pk}/compare/?left=5&right=7"
    ).content.decode()
    assert text.count('data-testid="compared-added"') == 1  # Wi-Fi Publik was added in 6
    assert text.count('data-testid="compared-same"') == 5
    text = client.get(
        f"/bandwidth/contracts/{contract.pk}/compare/?left=6&right=7"
    ).content.decode()
    assert text.count('data-testid="compared-changed"') == 1
    assert '<mark data-testid="changed-field">400</mark>' in text  # Wi-Fi Publik's new MIR
    response = client.post(
        f"/bandwidth/contracts/{contract.pk}/versions/6/restore/", {"version": 7}
    )
    assert response.status_code == 302
    current = selectors.current_version(contract=contract)
    assert current.number == 8
    assert next(r for r in selectors.rows_of(version=current) if r.key == key).mir_mbps == 500


def test_the_counters_import_all_or_nothing(admin, contract, client):
    add_tree(admin, contract)
    client.force_login(admin)
    url = f"/bandwidth/contracts/{contract.pk}/usage/"
    good = "consumer,date,average_mbps,peak_mbps\n" + "".join(
        f"Biro Umum,2026-03-{day:02d},{day},{day * 3}\n" for day in range(1, 21)
    )
    response = client.post(
        url, {"month": "2026-03", "file": SimpleUploadedFile("c.csv", good.encode())}
    )
    assert response.status_code == 302 and UsageSample.objects.count() == 20
    text = client.get(f"{url}?month=2026-03").content.decode()
    assert ">60<" in text and ">57<" in text  # the peak, the p95 of the 20 daily peaks
    bad = good + "Biro Umum,2026-04-01,1,2\nBiro Hukum,2026-03-02,5,x\n"
    response = client.post(
        url, {"month": "2026-03", "file": SimpleUploadedFile("c.csv", bad.encode())}
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Baris 22, kolom date" in text and "Baris 23, kolom peak_mbps" in text
    assert UsageSample.objects.count() == 20
    binary = client.post(
        url, {"month": "2026-03", "file": SimpleUploadedFile("c.csv", b"\x00\xff\xfe")}
    )
    assert binary.status_code == 400 and UsageSample.objects.count() == 20


def test_the_contract_page_links_the_distribution_for_its_readers_once_active(
    client, admin, contract, make_user
):
    helpdesk = make_user(Role.HELPDESK)
    client.force_login(admin)
    page = client.get(f"/contracts/{contract.pk}/").content.decode()
    assert f'href="/bandwidth/contracts/{contract.pk}/" data-testid="contract-distribution"' in page
    client.force_login(helpdesk)  # sees the contract, reads no distribution
    seen = client.get(f"/contracts/{contract.pk}/")
    assert seen.status_code == 200 and "contract-distribution" not in seen.content.decode()
    draft = ContractFactory(state="draft")
    client.force_login(admin)  # a contract still being procured has nothing to distribute
    seen = client.get(f"/contracts/{draft.pk}/")
    assert seen.status_code == 200 and "contract-distribution" not in seen.content.decode()
