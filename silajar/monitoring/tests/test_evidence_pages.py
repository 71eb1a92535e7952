"""The evidence panel on the desk's pages: the ticket page (proposal, confirmation preset to it,
one-click escalation), the technician's view, the intake screen (the place's evidence now, its
domain posted with the call); none for the agency's users."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from silajar.accounts.roles import Role
from silajar.monitoring.tests.factories_evidence import (
    DowntimeFactory,
    EvidenceTargetFactory,
    MonitorRunFactory,
)
from silajar.providers.models import ProviderIncident
from silajar.providers.tests.factories import LinkFactory
from silajar.tickets import services
from silajar.tickets.models import Ticket
from silajar.tickets.tests.test_portal import new_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def cpe_down(location):
    """The place's gateway up, its link's CPE down since 14 minutes ago, the monitor running."""
    link = LinkFactory(organization=location.organization, location=location)
    EvidenceTargetFactory(name="Gateway Dinkes", role="gateway", location=location)
    cpe = EvidenceTargetFactory(name="CPE Dinkes", role="provider", link=link, location=None)
    started = timezone.now() - timedelta(minutes=14, seconds=30)
    DowntimeFactory(target=cpe, started_at=started)
    type(cpe).objects.filter(pk=cpe.pk).update(state="down", state_since=started)
    MonitorRunFactory()
    return link


def panel(response) -> str:
    html = response.content.decode()
    assert 'data-testid="evidence-panel"' in html, html[:2000]
    start = html.index('data-testid="evidence-panel"')
    return html[start : html.index("</section>", start)]


def test_the_ticket_page_shows_the_evidence_and_its_proposal(
    en, client_as, helpdesk_user, location, cpe_down
):
    ticket = new_ticket(helpdesk_user, location.organization, location)
    html = panel(client_as(helpdesk_user).get(reverse("tickets:detail", args=[ticket.pk])))
    assert 'data-proposed="provider_link"' in html
    assert "Gateway reachable, provider CPE down for 14 minutes" in html
    assert "Gateway Dinkes" in html and "CPE Dinkes" in html
    # the confirmation preset to the proposal
    assert '<option value="provider_link" selected>' in html
    assert reverse("tickets:fault_domain", args=[ticket.pk]) in html
    # escalating is the network administrator's, from triage
    assert 'data-testid="evidence-escalate"' not in html


def test_escalation_is_one_click_from_the_panel(
    client_as, helpdesk_user, make_user, location, cpe_down
):
    admin = make_user(Role.NETWORK_ADMIN)
    ticket = new_ticket(helpdesk_user, location.organization, location)
    ticket = services.ticket_triage(ticket=ticket, actor=helpdesk_user)
    client = client_as(admin)
    html = panel(client.get(reverse("tickets:detail", args=[ticket.pk])))
    assert 'data-testid="evidence-escalate"' in html
    url = reverse("tickets:action", args=[ticket.pk, "escalate_to_provider"])
    assert f'action="{url}"' in html
    response = client.post(url, {"escalate_to_provider-version": ticket.version})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == "waiting_provider"
    incident = ProviderIncident.objects.get(links=cpe_down)
    assert ticket.provider_reference == incident.number


def test_the_technicians_view_shows_the_evidence_and_the_confirmation(
    client_as, helpdesk_user, make_user, location, cpe_down
):
    technician = make_user(Role.TECHNICIAN)
    ticket = new_ticket(helpdesk_user, location.organization, location)
    services.ticket_triage(ticket=ticket, actor=helpdesk_user)
    services.ticket_dispatch(ticket=ticket, actor=helpdesk_user, technician=technician)
    client = client_as(technician)
    html = panel(client.get(reverse("tickets:field_detail", args=[ticket.pk])))
    assert 'data-proposed="provider_link"' in html
    assert 'name="back" value="field"' in html
    ticket.refresh_from_db()
    response = client.post(
        reverse("tickets:fault_domain", args=[ticket.pk]),
        {"version": ticket.version, "domain": "site_lan", "back": "field"},
    )
    assert response["Location"] == reverse("tickets:field_detail", args=[ticket.pk])
    assert Ticket.objects.get(pk=ticket.pk).fault_domain == "site_lan"


def test_agency_users_see_no_evidence(client_as, helpdesk_user, agency_user, location, cpe_down):
    ticket = new_ticket(helpdesk_user, location.organization, location)
    client = client_as(agency_user)
    for name in ("tickets:detail", "tickets:portal_detail"):
        response = client.get(reverse(name, args=[ticket.pk]))
        assert response.status_code == 200
        assert "evidence-panel" not in response.content.decode()
    assert client.get(reverse("tickets:intake_evidence")).status_code == 403


def test_the_intake_screen_loads_the_places_evidence_and_posts_its_domain(
    en, client_as, helpdesk_user, location, cpe_down
):
    client = client_as(helpdesk_user)
    page = client.get(reverse("tickets:intake")).content.decode()
    assert reverse("tickets:intake_evidence") in page
    url = reverse("tickets:intake_evidence")
    html = panel(
        client.get(url, {"organization": location.organization_id, "location": location.pk})
    )
    assert 'data-proposed="provider_link"' in html
    assert 'name="fault_domain"' in html
    assert '<option value="provider_link" selected>' in html
    # nothing chosen yet, or an agency the user cannot see: nothing to show
    assert client.get(url).content == b""
    assert client.get(url, {"organization": "99999"}).content == b""
    data = {
        "channel": "phone",
        "reporter_name": "Rina",
        "organization": location.organization_id,
        "location": location.pk,
        "scope": "whole_location",
        "description": "Internet mati sejak pagi",
        "fault_domain": "provider_link",
        "intent": "log",
    }
    assert client.post(reverse("tickets:intake"), data).status_code == 302
    assert Ticket.objects.get().fault_domain == "provider_link"


def test_without_a_proposal_the_confirmation_asks_to_choose(client_as, helpdesk_user, location):
    ticket = new_ticket(helpdesk_user, location.organization, location)  # nothing monitored
    html = panel(client_as(helpdesk_user).get(reverse("tickets:detail", args=[ticket.pk])))
    assert 'data-proposed="unknown"' in html
    assert '<option value="" selected>' in html
    assert "selected>" not in html.replace('<option value="" selected>', "")
