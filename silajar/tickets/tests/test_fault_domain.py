"""The confirmed fault domain of a ticket: the four precise domains beside the old two groups,
their grouping (filters, escalation), the confirmation service (who, audit, stale version), the
API's PATCH, the intake's domain and the confirmation posted from a ticket's page."""

import pytest
from django.urls import reverse

from silajar.accounts.roles import Role
from silajar.core.errors import ActionForbidden, Conflict, DomainError
from silajar.core.models import AuditEvent
from silajar.tickets import selectors, services
from silajar.tickets.choices import CONFIRMED_DOMAINS, FaultDomain
from silajar.tickets.models import Ticket
from silajar.tickets.tests.test_portal import new_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(helpdesk_user, agency, location):
    return new_ticket(helpdesk_user, agency, location)


@pytest.mark.parametrize(
    ("domain", "group"),
    [
        ("single_device", "intranet"),
        ("site_lan", "intranet"),
        ("intranet", "intranet"),
        ("provider_link", "internet"),
        ("upstream", "internet"),
        ("internet", "internet"),
        ("unknown", "unknown"),
    ],
)
def test_each_domain_belongs_to_its_group(domain, group):
    assert FaultDomain.group(domain) == group
    assert domain in FaultDomain.members(group) or group == "unknown"


def test_the_helpdesk_confirms_the_domain_with_its_audit_event(helpdesk_user, ticket):
    updated = services.ticket_confirm_fault_domain(
        ticket=ticket,
        actor=helpdesk_user,
        domain="provider_link",
        version=ticket.version,
        proposed="provider_link",
    )
    assert updated.fault_domain == "provider_link"
    assert updated.version == ticket.version + 1
    event = AuditEvent.objects.get(action="ticket.fault_domain_confirmed")
    assert event.changes["fault_domain"][:2] == ["unknown", "provider_link"]
    assert event.note  # what the evidence proposed


def test_a_stale_version_is_a_conflict(helpdesk_user, ticket):
    services.ticket_confirm_fault_domain(
        ticket=ticket, actor=helpdesk_user, domain="site_lan", version=ticket.version
    )
    with pytest.raises(Conflict):
        services.ticket_confirm_fault_domain(
            ticket=ticket, actor=helpdesk_user, domain="upstream", version=ticket.version
        )
    assert Ticket.objects.get(pk=ticket.pk).fault_domain == "site_lan"


def test_who_confirms(make_user, helpdesk_user, ticket, agency_user):
    technician, other_technician = make_user(Role.TECHNICIAN), make_user(Role.TECHNICIAN)
    services.ticket_triage(ticket=ticket, actor=helpdesk_user)
    ticket = services.ticket_dispatch(ticket=ticket, actor=helpdesk_user, technician=technician)
    for user in (other_technician, make_user(Role.SECTION_HEAD), agency_user):
        with pytest.raises(ActionForbidden):
            services.ticket_confirm_fault_domain(ticket=ticket, actor=user, domain="site_lan")
    for user, domain in ((technician, "site_lan"), (make_user(Role.NETWORK_ADMIN), "upstream")):
        ticket = services.ticket_confirm_fault_domain(ticket=ticket, actor=user, domain=domain)
        assert ticket.fault_domain == domain


def test_only_a_precise_domain_of_an_open_ticket(helpdesk_user, ticket):
    for domain in ("unknown", "internet", "wifi"):
        with pytest.raises(DomainError):
            services.ticket_confirm_fault_domain(ticket=ticket, actor=helpdesk_user, domain=domain)
    services.ticket_cancel(ticket=ticket, actor=helpdesk_user, reason="Laporan ganda")
    with pytest.raises(DomainError):
        services.ticket_confirm_fault_domain(ticket=ticket, actor=helpdesk_user, domain="site_lan")
    assert set(CONFIRMED_DOMAINS) == {"single_device", "site_lan", "provider_link", "upstream"}


def test_the_filters_count_the_precise_domains_in_their_group(helpdesk_user, agency):
    made = {}
    for domain in ("intranet", "site_lan", "internet", "upstream", "unknown"):
        made[domain] = new_ticket(helpdesk_user, agency)
        Ticket.objects.filter(pk=made[domain].pk).update(fault_domain=domain)

    def found(value):
        tickets = selectors.ticket_list(user=helpdesk_user, filters={"fault_domain": value})
        return {t.fault_domain for t in tickets}

    assert found("internet") == {"internet", "upstream"}
    assert found("intranet") == {"intranet", "site_lan"}
    assert found("site_lan") == {"site_lan"}


def test_the_api_filters_and_patches_the_new_domains(api_client, helpdesk_user, ticket):
    api_client.force_authenticate(helpdesk_user)
    response = api_client.patch(
        f"/api/v1/tickets/{ticket.pk}/",
        {"fault_domain": "upstream", "version": ticket.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["fault_domain"] == "upstream"
    listed = api_client.get("/api/v1/tickets/?fault_domain=internet").json()["results"]
    assert [row["id"] for row in listed] == [ticket.pk]
    assert api_client.get("/api/v1/tickets/?fault_domain=intranet").json()["results"] == []
    # the old values stay valid for the clients that set them
    response = api_client.patch(
        f"/api/v1/tickets/{ticket.pk}/",
        {"fault_domain": "intranet", "version": ticket.version + 1},
        format="json",
    )
    assert response.status_code == 200


def test_escalation_keeps_a_precise_internet_domain(make_user, helpdesk_user, agency):
    admin = make_user(Role.NETWORK_ADMIN)
    kept, replaced = new_ticket(helpdesk_user, agency), new_ticket(helpdesk_user, agency)
    for ticket, domain in ((kept, "provider_link"), (replaced, "site_lan")):
        ticket = services.ticket_triage(ticket=ticket, actor=helpdesk_user)
        ticket = services.ticket_confirm_fault_domain(ticket=ticket, actor=admin, domain=domain)
        services.ticket_escalate_to_provider(ticket=ticket, actor=admin, reference="INC-9")
    assert Ticket.objects.get(pk=kept.pk).fault_domain == "provider_link"
    assert Ticket.objects.get(pk=replaced.pk).fault_domain == "internet"


def test_the_confirmation_from_the_page(client_as, helpdesk_user, ticket, agency_user):
    client = client_as(helpdesk_user)
    url = reverse("tickets:fault_domain", args=[ticket.pk])
    data = {"version": ticket.version, "domain": "site_lan", "proposed": "single_device"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("tickets:detail", args=[ticket.pk])
    assert Ticket.objects.get(pk=ticket.pk).fault_domain == "site_lan"
    # stale: said, nothing changed
    response = client.post(url, {**data, "domain": "upstream", "back": "field"}, follow=True)
    assert response.redirect_chain[0][0] == reverse("tickets:field_detail", args=[ticket.pk])
    assert Ticket.objects.get(pk=ticket.pk).fault_domain == "site_lan"
    assert "error" in [m.level_tag for m in response.context["messages"]]
    assert client_as(agency_user).post(url, data).status_code == 403


def test_the_intake_logs_the_domain_and_agency_users_cannot(helpdesk_user, agency_user, agency):
    ticket = services.ticket_create(
        actor=helpdesk_user,
        channel="phone",
        organization=agency,
        reporter_name="Rina",
        description="Internet mati",
        fault_domain="provider_link",
    )
    assert ticket.fault_domain == "provider_link"
    event = AuditEvent.objects.get(action="ticket.created", object_id=str(ticket.pk))
    assert event.changes["fault_domain"][:2] == [None, "provider_link"]
    theirs = services.ticket_create(
        actor=agency_user,
        channel="web",
        organization=agency,
        description="Internet mati",
        fault_domain="upstream",
    )
    assert theirs.fault_domain == "unknown"
    with pytest.raises(DomainError):
        services.ticket_create(
            actor=helpdesk_user,
            channel="phone",
            organization=agency,
            reporter_name="Rina",
            description="Internet mati",
            fault_domain="wifi",
        )
