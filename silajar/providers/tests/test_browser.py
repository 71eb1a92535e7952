"""A provider incident in the browser, end to end: the network administrator escalates a
complaint to the provider, reports it, the provider's account acknowledges and files its report
from a phone, the administrator closes the incident and the complaint is resolved."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from silajar.accounts.roles import Role
from silajar.contracts.tests.sla_world import MARCH, build_world
from silajar.core.tests.browser import PHONE, assert_no_horizontal_scroll, sign_in
from silajar.providers.choices import IncidentState
from silajar.providers.models import ProviderIncident
from silajar.providers.tests.factories import IncidentFactory, LinkFactory, provider_user
from silajar.tickets import services as tickets
from silajar.tickets.choices import Channel, Scope, TicketState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fire(page, name: str, **fields: str):
    """Open an action's panel, fill its fields and confirm (or press a one-click action)."""
    panel = page.locator(f"[data-testid=action-{name}]")
    if not fields:
        with page.expect_navigation():
            panel.locator("button[type=submit]").click()
        return
    panel.locator("summary").click()
    for field, value in fields.items():
        panel.locator(f"[name='{name}-{field}']").fill(value)
    with page.expect_navigation():
        panel.locator(f"[data-testid=submit-{name}]").click()


def test_from_a_complaint_through_the_providers_report_to_its_resolution(
    live_server, new_page, make_user, agency, location, password
):
    admin = make_user(Role.NETWORK_ADMIN, full_name="Andi Admin Jaringan")
    reporter = make_user(Role.OPD_USER, full_name="Siti Pelapor")
    link = LinkFactory(organization=agency, location=location, circuit_id="TLK-PTK-0042")
    account = provider_user(link.provider, full_name="Budi NOC Penyedia")
    ticket = tickets.ticket_create(
        actor=admin,
        channel=Channel.PHONE,
        organization=agency,
        location=location,
        reporter=reporter,
        reporter_name=reporter.full_name,
        description="Internet di seluruh gedung putus sejak pukul 08.00",
        scope=Scope.WHOLE_LOCATION,
    )
    tickets.ticket_triage(ticket=ticket, actor=admin)
    site = live_server.url

    # the network administrator escalates the complaint: an incident opens for the link
    desk = new_page()
    sign_in(desk, site, admin.username, password)
    desk.goto(f"{site}/tickets/{ticket.pk}/")
    fire(desk, "escalate_to_provider", reference="")
    ticket.refresh_from_db()
    assert ticket.state == TicketState.WAITING_PROVIDER
    incident = ProviderIncident.objects.get(tickets=ticket)
    assert list(incident.links.all()) == [link]

    # … and reports it to the provider's NOC
    desk.goto(site + incident.get_absolute_url())
    fire(desk, "report", channel="Telepon", contact="NOC 24 jam", provider_ticket_ref="INC-77812")
    expect(desk.locator("[data-testid=reported]")).to_contain_text("INC-77812")

    # the provider's account, on a phone: acknowledges, then files its report
    phone = new_page(**PHONE)
    sign_in(phone, site, account.username, password)
    phone.goto(site + incident.get_absolute_url())
    assert_no_horizontal_scroll(phone)
    fire(phone, "acknowledge")
    expect(phone.locator("[data-testid=acknowledged]")).to_be_visible()
    fire(phone, "provider_resolve", cause="Kabel FO putus digali", action_taken="Kabel disambung")
    expect(phone.locator("[data-testid=cause]")).to_contain_text("Kabel FO putus")
    assert_no_horizontal_scroll(phone)
    # the provider sees its own incident only: not the complaint behind it
    expect(phone.locator("[data-testid=incident-tickets]")).to_have_count(0)

    # the administrator checks the service and closes: the complaint is resolved
    desk.goto(site + incident.get_absolute_url())
    fire(desk, "close")
    incident.refresh_from_db()
    assert incident.state == IncidentState.CLOSED
    desk.goto(f"{site}/tickets/{ticket.pk}/")
    ticket.refresh_from_db()
    assert ticket.state == TicketState.RESOLVED
    with translation.override("id"):  # the browser asks for Indonesian
        resolved = str(TicketState.RESOLVED.label)
    expect(desk.locator("[data-testid=ticket-state]")).to_contain_text(resolved)


def test_the_internet_side_pages_fit_a_phone(live_server, new_page, make_user, password):
    """Every list and record page of the internet side at 360 px, as a network administrator
    and as the provider's account: nothing scrolls sideways."""
    world = build_world()
    contract, link = world["contract"], world["a"]
    incident = IncidentFactory(provider=contract.provider, links=[link])
    admin = make_user(Role.NETWORK_ADMIN)
    account = provider_user(contract.provider)
    pages = [
        reverse("providers:list"),
        reverse("providers:detail", args=[contract.provider_id]),
        reverse("providers:link_list"),
        reverse("providers:link_detail", args=[link.pk]),
        reverse("providers:incident_list"),
        reverse("providers:incident_detail", args=[incident.pk]),
        reverse("contracts:list"),
        reverse("contracts:detail", args=[contract.pk]),
        reverse("contracts:sla", args=[contract.pk]) + f"?month={MARCH}",
    ]
    for user in (admin, account):
        phone = new_page(**PHONE)
        sign_in(phone, live_server.url, user.username, password)
        for url in pages:
            response = phone.goto(live_server.url + url)
            assert response.status == 200, url
            assert_no_horizontal_scroll(phone)
