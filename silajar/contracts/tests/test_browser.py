"""The provisioning procedure (SOP 4) as people use it in Chromium, each step through the pages:
the section head prepares the year's bandwidth need and submits it, the Kepala UPDE approves
it, the PPTK prepares the contract and submits it, the KPA designates the provider with the
signed decision letter, the installation starts, the provider fills the checklist on a phone
and the network administrator has the handover signed on the phone's screen: the contract is
active with its BAST. (The bandwidth distribution and the router export follow in this test
once they exist.)

Runs against pytest-django's live server (transactional database); the browser fixtures are in
silajar/conftest.py, the sign-in and drawing helpers in silajar/core/tests/browser.py."""

import pytest
from playwright.sync_api import expect

from silajar.accounts.roles import Role
from silajar.contracts.models import BandwidthNeed, Contract
from silajar.core.tests.browser import (
    PHONE,
    assert_no_horizontal_scroll,
    draw_signature,
    open_nav,
    sign_in,
)
from silajar.core.tests.files import pdf_bytes
from silajar.providers.tests.factories import ProviderFactory, provider_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"viewport": {"width": 1366, "height": 900}}


@pytest.fixture
def people(make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    provider = ProviderFactory(name="PT Telkom Indonesia", short_name="TELKOM")
    return {
        "section_head": make_user(Role.SECTION_HEAD, username="kasi", full_name="Rina Kasi"),
        "upde_head": make_user(Role.UPDE_HEAD, username="kaupde", full_name="Kepala UPDE"),
        "pptk": make_user(Role.PPTK, username="pptk", full_name="Dedi PPTK"),
        "kpa": make_user(Role.KPA, username="kpa", full_name="Hendra KPA"),
        "network_admin": make_user(
            Role.NETWORK_ADMIN,
            username="admin-jaringan",
            full_name="Yusuf Admin",
            nip="198508172010011003",
            rank="III/c",
        ),
        "provider": provider_user(provider, username="noc-telkom", full_name="NOC Telkom"),
        "company": provider,
    }


@pytest.fixture
def signed_in(new_page, live_server, password):
    problems = []

    def open_as(user, **options):
        page = new_page(**(options or DESK))
        page.on("pageerror", lambda error: problems.append(f"{user.username}: {error}"))
        page.on(
            "console",
            lambda msg: msg.type == "error" and problems.append(f"{user.username}: {msg.text}"),
        )
        sign_in(page, live_server.url, user.username, password)
        return page

    open_as.problems = problems
    return open_as


def open_action(page, name: str):
    panel = page.locator(f"[data-testid=action-{name}]")
    panel.locator("summary").click()
    expect(panel).to_have_attribute("open", "")
    return panel


def click(page, selector: str):
    with page.expect_navigation():
        page.locator(selector).click()


def test_need_approval_procurement_designation_installation_bast_distribution_export(
    signed_in, people, live_server
):
    site = live_server.url
    # the section head prepares the year's need, first with segments that do not add up
    head = signed_in(people["section_head"])
    open_nav(head, "/contracts/needs/")
    click(head, "[data-testid=add-need]")
    form = head.locator("[data-testid=need-form]")
    form.locator("[name=fiscal_year]").fill("2027")
    form.locator("[name=capacity_mbps]").fill("1000")
    form.locator("[name=segments]").fill("Biro Setda | 400\nKantor OPD | 500")
    form.locator("[name=estimated_cost]").fill("1800000000")
    form.locator("[name=budget_ceiling]").fill("2000000000")
    form.locator("[name=justification]").fill("Layanan SPBE bertambah.")
    click(head, "[data-testid=need-form] button[type=submit]")
    expect(head.locator("[data-testid=need-form]")).to_contain_text("900 Mbps")
    head.locator("[name=segments]").fill("Biro Setda | 400\nKantor OPD | 500\nServer | 100")
    click(head, "[data-testid=need-form] button[type=submit]")
    need = BandwidthNeed.objects.get()
    expect(head.locator("[data-testid=no-measurement]")).to_be_visible()
    click(head, "[data-testid=action-submit] button")

    upde = signed_in(people["upde_head"])
    upde.goto(f"{site}/contracts/needs/{need.pk}/")
    click(upde, "[data-testid=action-approve] button")
    need.refresh_from_db()
    assert need.state == "approved"

    # the PPTK prepares the contract (no provider yet) and submits it to the KPA
    pptk = signed_in(people["pptk"])
    open_nav(pptk, "/contracts/")
    click(pptk, "[data-testid=add-contract]")
    form = pptk.locator("[data-testid=contract-form]")
    form.locator("[name=state]").select_option("draft")
    form.locator("[name=need]").select_option(str(need.pk))
    form.locator("[name=procurement_method]").select_option("e_katalog")
    for name, value in {
        "number": "027/001/KONTRAK-INET/2027",
        "owner_estimate": "1850000000",
        "value": "1800000000",
        "fiscal_year": "2027",
        "period_start": "2027-01-01",
        "period_end": "2027-12-31",
        "capacity_mbps": "1000",
        "monthly_fee": "150000000",
        "availability_target": "99.5",
        "max_response_minutes": "30",
        "max_restoration_minutes": "240",
        "restitution_cap_percent": "30",
    }.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("[name=restitution_method]").select_option("proportional")
    click(pptk, "[data-testid=contract-form] button[type=submit]")
    contract = Contract.objects.get()
    assert contract.state == "draft" and contract.provider is None
    click(pptk, "[data-testid=action-submit] button")

    # the KPA prints the draft designation, then designates with the signed letter
    kpa = signed_in(people["kpa"])
    kpa.goto(f"{site}/contracts/{contract.pk}/")
    expect(kpa.locator("[data-testid=designation-pdf]")).to_be_visible()
    panel = open_action(kpa, "designate")
    panel.locator("select").select_option(str(people["company"].pk))
    panel.locator("[name=designate-decision_number]").fill("027/15/KPA/2027")
    panel.locator("[name=designate-decision_date]").fill("2026-12-20")
    panel.locator("[name=designate-decision_letter]").set_input_files(
        files=[{"name": "sk-penetapan.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    click(kpa, "[data-testid=submit-designate]")
    expect(kpa.locator("[data-testid=decision-letter]")).to_be_visible()

    admin = signed_in(people["network_admin"], **PHONE)
    admin.goto(f"{site}/contracts/{contract.pk}/")
    click(admin, "[data-testid=action-start_installation] button")

    # the provider fills the installation checklist on a phone
    phone = signed_in(people["provider"], **PHONE)
    phone.goto(f"{site}/contracts/{contract.pk}/")
    assert_no_horizontal_scroll(phone)
    panel = open_action(phone, "record_checklist")
    panel.locator("[name=record_checklist-links_up]").check()
    panel.locator("[name=record_checklist-addresses_handed_over]").fill("103.10.20.0/28")
    panel.locator("[name=record_checklist-test_results]").fill("1000 Mbps, 12 ms, loss 0 %")
    assert_no_horizontal_scroll(phone)
    click(phone, "[data-testid=submit-record_checklist]")
    expect(phone.locator("[data-testid=checklist]")).to_contain_text("103.10.20.0/28")

    # the provider's representative signs the BAST on the administrator's phone
    admin.reload()
    panel = open_action(admin, "activate")
    panel.locator("[name=activate-signer_name]").fill("Andi Wijaya")
    draw_signature(admin)
    assert_no_horizontal_scroll(admin)
    click(admin, "[data-testid=sign-submit]")
    contract.refresh_from_db()
    assert contract.state == "active" and contract.bast_number and contract.signature
    expect(admin.locator("[data-testid=bast-pdf]")).to_be_visible()
    bast = admin.request.get(f"{site}/contracts/{contract.pk}/bast.pdf")
    assert bast.ok and bast.body().startswith(b"%PDF")

    # the active contract's bandwidth is distributed, and the router's script downloaded
    click(admin, "[data-testid=contract-distribution]")
    form = admin.locator("[data-testid=allocation-form]")
    form.locator("[name=consumer]").fill("Setda")
    form.locator("[name=kind]").select_option("group")
    form.locator("[name=cir_mbps]").fill("400")
    form.locator("[name=mir_mbps]").fill("800")
    form.locator("[name=target]").fill("10.10.0.0/16")
    click(admin, "[data-testid=allocation-form] button[type=submit]")
    expect(admin.locator("[data-testid=allocation-tree]")).to_contain_text("Setda")
    with admin.expect_download() as download:
        admin.locator("[data-testid=export-rsc]").click()
    script = download.value.path().read_text()
    assert f"silajar:contract={contract.pk};version=1" in script
    assert 'add name="Setda" parent=none target=10.10.0.0/16' in script
    assert "limit-at=400M/400M max-limit=800M/800M" in script
    assert signed_in.problems == []
