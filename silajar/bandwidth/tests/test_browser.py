"""The distribution in Chromium, on a phone: from the menu to the editor, the live sum against
the capacity (and against the parent's CIR) as one types, a queue added, and the RouterOS
script downloaded."""

import pytest
from playwright.sync_api import expect

from silajar.accounts.roles import Role
from silajar.bandwidth import selectors
from silajar.bandwidth.tests.factories import add_tree
from silajar.core.tests.browser import PHONE, assert_no_horizontal_scroll, open_nav, sign_in
from silajar.providers.tests.factories import ContractFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_editor_sums_as_one_types_and_exports(live_server, new_page, make_user, password):
    admin = make_user(Role.NETWORK_ADMIN)
    contract = ContractFactory(capacity_mbps=1000)
    add_tree(admin, contract)  # 500 Mbps guaranteed at the top, Setda 140 of 200 under it
    page = new_page(**PHONE)
    sign_in(page, live_server.url, admin.username, password)
    open_nav(page, "/bandwidth/")
    with page.expect_navigation():
        page.get_by_role("link", name=contract.number).click()
    assert_no_horizontal_scroll(page)
    live = page.locator("[data-live-sum]")
    form = page.locator("[data-testid=allocation-form]")
    form.locator("[name=cir_mbps]").fill("600")
    expect(live).to_contain_text("1100")
    expect(live).to_have_class("small mb-2 text-danger fw-bold")
    form.locator("[name=parent]").select_option(label="Setda")
    form.locator("[name=cir_mbps]").fill("60")
    expect(live).to_contain_text("Setda")
    expect(live).to_contain_text("200")
    expect(live).not_to_have_class("small mb-2 text-danger fw-bold")
    form.locator("[name=consumer]").fill("Biro Organisasi")
    form.locator("[name=kind]").select_option("setda_bureau")
    form.locator("[name=mir_mbps]").fill("100")
    form.locator("[name=target]").fill("10.10.3.0/24")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=allocation-tree]")).to_contain_text("Biro Organisasi")
    assert selectors.current_version(contract=contract).number == 7
    with page.expect_download() as download:
        page.locator("[data-testid=export-rsc]").click()
    script = download.value.path().read_text()
    assert 'add name="Biro Organisasi" parent="Setda" target=10.10.3.0/24' in script
