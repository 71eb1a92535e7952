"""The evidence panel in Chromium at 360 px: the ticket page and the technician's view show it
without sideways scrolling, and the intake screen loads the chosen place's evidence (HTMX) with
the fault domain preset to its proposal, posted with the call."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from silajar.accounts.roles import Role
from silajar.core.tests.browser import PHONE, assert_no_horizontal_scroll, sign_in
from silajar.monitoring.tests.factories_evidence import (
    DowntimeFactory,
    EvidenceTargetFactory,
    MonitorRunFactory,
)
from silajar.providers.tests.factories import IncidentFactory, LinkFactory
from silajar.tickets import services
from silajar.tickets.models import Ticket
from silajar.tickets.tests.test_portal import new_ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_evidence_on_a_phone(live_server, new_page, make_user, password, location):
    link = LinkFactory(organization=location.organization, location=location)
    EvidenceTargetFactory(
        name="Gateway Gedung Utama Dinas Kesehatan lantai dasar", role="gateway", location=location
    )
    started = timezone.now() - timedelta(minutes=14)
    cpe = EvidenceTargetFactory(
        name="CPE Dinkes",
        role="provider",
        link=link,
        location=None,
        state="down",
        state_since=started,
    )
    DowntimeFactory(target=cpe, started_at=started)
    MonitorRunFactory()
    IncidentFactory(provider=link.provider, links=[link])
    helpdesk, technician = make_user(Role.HELPDESK), make_user(Role.TECHNICIAN)
    ticket = new_ticket(helpdesk, location.organization, location)
    new_ticket(helpdesk, location.organization, location)
    services.ticket_triage(ticket=ticket, actor=helpdesk)
    services.ticket_dispatch(ticket=ticket, actor=helpdesk, technician=technician)

    for user, url in (
        (helpdesk, reverse("tickets:detail", args=[ticket.pk])),
        (technician, reverse("tickets:field_detail", args=[ticket.pk])),
    ):
        phone = new_page(**PHONE)
        sign_in(phone, live_server.url, user.username, password)
        assert phone.goto(live_server.url + url).status == 200
        panel = phone.locator("[data-testid=evidence-panel]")
        expect(panel).to_be_visible()
        expect(panel).to_have_attribute("data-proposed", "provider_link")
        expect(panel.locator("[data-testid=evidence-target]")).to_have_count(2)
        expect(panel.locator("[data-testid=confirm-domain] select")).to_have_value("provider_link")
        assert_no_horizontal_scroll(phone)

    # the helpdesk takes a call from the same place: the evidence comes with the place
    phone = new_page(**PHONE)
    sign_in(phone, live_server.url, helpdesk.username, password)
    phone.goto(live_server.url + reverse("tickets:intake"))
    phone.locator("#id_reporter_name").fill("Rina")
    phone.locator("#id_organization").select_option(str(location.organization_id))
    phone.locator(f"#id_location option[value='{location.pk}']").wait_for(state="attached")
    phone.locator("#id_location").select_option(str(location.pk))
    # the place's own gateway beside its link's CPE, and the other tickets from the building
    targets = phone.locator("[data-testid=intake-evidence] [data-testid=evidence-target]")
    expect(targets).to_have_count(2)
    select = phone.locator("[data-testid=intake-fault-domain]")
    expect(select).to_have_value("provider_link")
    assert_no_horizontal_scroll(phone)
    phone.locator("#id_description").fill("Internet mati sejak pagi")
    phone.locator("[data-testid=intake-log]").click()
    phone.wait_for_url("**/tickets/*/")
    assert Ticket.objects.order_by("-pk").first().fault_domain == "provider_link"
