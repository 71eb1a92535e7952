"""`GET /api/v1/tickets/{id}/evidence/`: its shape, and who may read it (Diskominfo staff; the
reporting agency sees the ticket but not the evidence; anyone else does not see the ticket)."""

from datetime import timedelta

import pytest
from django.urls import resolve
from django.utils import timezone

from silajar.accounts.roles import Role
from silajar.monitoring.tests.factories_evidence import (
    DowntimeFactory,
    EvidenceTargetFactory,
    MonitorRunFactory,
)
from silajar.providers.tests.factories import IncidentFactory, LinkFactory, provider_user
from silajar.tickets.models import Ticket
from silajar.tickets.tests.test_portal import new_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(make_user, location):
    helpdesk = make_user(Role.HELPDESK)
    link = LinkFactory(organization=location.organization, location=location)
    EvidenceTargetFactory(name="Gateway", role="gateway", location=location)
    cpe = EvidenceTargetFactory(name="CPE", role="provider", link=link, location=None)
    reported = timezone.now() - timedelta(minutes=20)
    DowntimeFactory(target=cpe, started_at=reported - timedelta(minutes=5))
    MonitorRunFactory()
    IncidentFactory(provider=link.provider, links=[link])
    ticket = new_ticket(helpdesk, location.organization, location)
    Ticket.objects.filter(pk=ticket.pk).update(created_at=reported)
    new_ticket(helpdesk, location.organization, location)  # another from the same place
    return ticket


def url(ticket) -> str:
    return f"/api/v1/tickets/{ticket.pk}/evidence/"


def test_the_route_is_the_evidence_not_the_tickets_router(ticket):
    assert resolve(url(ticket)).url_name == "ticket-evidence"
    assert resolve(f"/api/v1/tickets/{ticket.pk}/").url_name == "ticket-detail"


def test_the_evidence_answers_in_its_shape(api_client, make_user, ticket):
    api_client.force_authenticate(make_user(Role.HELPDESK))
    response = api_client.get(url(ticket))
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) >= {
        "ticket",
        "reported_at",
        "now",
        "targets",
        "outages",
        "incidents",
        "related_tickets",
        "proposed_domain",
        "reason",
        "fault_domain",
    }
    assert body["proposed_domain"] == "provider_link"
    assert body["reason"]
    targets = {t["name"]: t for t in body["targets"]}
    assert targets["CPE"]["state_at_report"] == "down"
    assert targets["CPE"]["state_now"] == "up"  # the factory's state: the monitor's to write
    assert targets["Gateway"]["state_at_report"] == "up"
    for key in ("latency_ms_at_report", "latency_ms_now", "loss_at_report", "since_now"):
        assert key in targets["CPE"]
    assert len(body["incidents"]) == 1
    assert [t["same_building"] for t in body["related_tickets"]] == [True]
    assert body["fault_domain"] == "unknown"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.HELPDESK, 200),
        (Role.TECHNICIAN, 200),
        (Role.NETWORK_ADMIN, 200),
        (Role.SECTION_HEAD, 200),
        (Role.OPD_USER, 403),  # sees the ticket, not the evidence
        (Role.OPD_OPERATOR, 403),
        (Role.SYSTEM_ADMIN, 404),
    ],
)
def test_who_reads_the_evidence(api_client, make_user, ticket, role, status):
    api_client.force_authenticate(make_user(role))
    response = api_client.get(url(ticket))
    assert response.status_code == status
    if status != 200:
        assert set(response.json()["error"]) >= {"code", "message"}
        assert "targets" not in response.json()


def test_another_agency_and_a_provider_do_not_see_the_ticket(
    api_client, make_user, other_agency, ticket
):
    for user in (
        make_user(Role.OPD_USER, organization=other_agency),
        provider_user(ticket.location.links.first().provider),
    ):
        api_client.force_authenticate(user)
        assert api_client.get(url(ticket)).status_code == 404


def test_anonymous_is_asked_to_sign_in(api_client, ticket):
    assert api_client.get(url(ticket)).status_code in (401, 403)
