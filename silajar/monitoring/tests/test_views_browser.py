"""The status board on a phone (360 px) in Chromium: cards, no sideways scroll, and the board
refreshing itself by HTMX polling when a target's state changes, without a full reload; the
target's page fits the phone too."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from silajar.accounts.roles import Role
from silajar.core.tests.browser import PHONE, assert_no_horizontal_scroll, sign_in
from silajar.monitoring import views
from silajar.monitoring.models import Target
from silajar.monitoring.tests.factories import ProbeMinuteFactory, TargetFactory
from silajar.providers.tests.factories import LinkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_board_refreshes_itself_on_a_phone(
    live_server, new_page, make_user, password, monkeypatch
):
    monkeypatch.setattr(views, "REFRESH_SECONDS", 1)
    link = LinkFactory(circuit_id="TLK-PTK-SANGAT-PANJANG-SEKALI-0001")
    target = TargetFactory(name="CPE penyedia di gedung kantor utama dinas", link=link, state="up")
    target.state_since = timezone.now()
    target.save()
    ProbeMinuteFactory(target=target)
    helpdesk = make_user(Role.HELPDESK)
    page = new_page(**PHONE)
    sign_in(page, live_server.url, helpdesk.username, password)
    page.goto(f"{live_server.url}/monitoring/")
    card = page.locator(f"[data-testid=board-target][data-target='{target.pk}']")
    expect(card).to_have_attribute("data-state", "up")
    assert_no_horizontal_scroll(page)
    page.evaluate("window.__notReloaded = true")

    Target.objects.filter(pk=target.pk).update(state="down", last_error="connection refused")
    expect(card).to_have_attribute("data-state", "down", timeout=8000)
    expect(card).to_contain_text("connection refused")
    assert page.evaluate("window.__notReloaded") is True
    assert_no_horizontal_scroll(page)

    # the target's page fits the phone too: its chart, its settings, its downtimes
    page.goto(f"{live_server.url}/monitoring/targets/{target.pk}/")
    expect(page.locator("[data-testid=latency-chart]")).to_be_visible()
    assert_no_horizontal_scroll(page)
