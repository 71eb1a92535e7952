"""The home page counts installation requests as each user may see them."""

import pytest
from django.utils import translation

from silajar.accounts.roles import Role
from silajar.installations.choices import RequestState as S
from silajar.installations.tests.factories import Cast, walk_to
from silajar.reports.dashboard import installation_cards


@pytest.fixture
def cast(agency):
    return Cast(agency)


def values(user) -> dict[str, int]:
    with translation.override("en"):
        return {str(card.label): card.value for card in installation_cards(user)}


def test_cards_count_what_each_user_sees(cast, other_agency, make_user):
    walk_to(S.SURVEY_ASSIGNED, cast)
    walk_to(S.INSTALLED, cast)
    walk_to(S.COMPLETED, cast)
    outsider = make_user(Role.OPD_OPERATOR, organization=other_agency)
    assert values(cast[Role.SECTION_HEAD])["Open installation requests"] == 2
    assert values(cast[Role.TECHNICIAN])["Installations assigned to me"] == 2
    assert values(cast[Role.OPD_USER])["Installations waiting for my agency"] == 1
    assert values(outsider)["Open installation requests"] == 0
    assert installation_cards(make_user(Role.PROVIDER)) == []


def test_home_page_shows_the_cards(cast, client):
    walk_to(S.SUBMITTED, cast)
    client.force_login(cast[Role.UPDE_HEAD])
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "/installations/?state=open" in response.content.decode()


def test_timeline_shows_client_addresses_to_staff_only(cast, client):
    from silajar.core.models import AuditEvent

    installation = walk_to(S.FORWARDED, cast)
    AuditEvent.objects.filter(object_id=str(installation.pk)).update(ip_address="10.9.8.7")
    url = f"/installations/{installation.pk}/"
    client.force_login(cast[Role.OPD_USER])
    page = client.get(url).content.decode()
    assert "installation.forward" in page and "10.9.8.7" not in page
    client.force_login(cast[Role.SECTION_HEAD])
    assert "10.9.8.7" in client.get(url).content.decode()


def test_open_tickets_are_counted_by_fault_domain_group(helpdesk_user, agency, client):
    from silajar.reports.dashboard import ticket_cards
    from silajar.tickets import services
    from silajar.tickets.models import Ticket

    domains = ["single_device", "site_lan", "intranet", "provider_link", "upstream", "unknown"]
    for domain in [*domains, "provider_link"]:
        services.ticket_create(
            actor=helpdesk_user,
            channel="phone",
            organization=agency,
            reporter_name="Rina",
            description="Internet mati",
            fault_domain=domain,
        )
    closed = Ticket.objects.filter(fault_domain="upstream").get()
    services.ticket_cancel(ticket=closed, actor=helpdesk_user, reason="Laporan ganda")
    with translation.override("en"):
        cards = {str(card.label): card for card in ticket_cards(helpdesk_user)}
    assert cards["Open tickets: intranet faults"].value == 3
    assert cards["Open tickets: internet faults"].value == 2  # the open provider_link ones
    assert cards["Open tickets"].value == 6
    client.force_login(helpdesk_user)
    listed = client.get(cards["Open tickets: internet faults"].url)
    assert listed.status_code == 200
    assert {row["number"] for row in listed.context["rows"]} == set(
        Ticket.objects.filter(fault_domain="provider_link").values_list("number", flat=True)
    )
