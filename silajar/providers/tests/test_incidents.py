"""Provider incidents (SOP 3): every action by every role through the API (allowed, 403, 404
for whoever cannot see the incident, 409 for a wrong state or a stale version), opening one,
the provider's scoping on pages and API, the times against the contract, the escalation scan,
and the tickets: escalated into an incident, resolved when it closes.

The permissions below are written out from the SOP (DESIGN.md, SOP 3), not read from the
workflow, so a change of the table that breaks the SOP fails here."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import token_client
from silajar.core.models import AuditEvent
from silajar.notifications.models import Notification
from silajar.providers import services
from silajar.providers.incident_reads import incident_times
from silajar.providers.models import ProviderIncident
from silajar.providers.tests.factories import (
    IncidentFactory,
    LinkFactory,
    ProviderFactory,
    provider_user,
)
from silajar.tickets.models import Ticket
from silajar.tickets.tests.test_api_actions import Desk

pytestmark = pytest.mark.django_db

OWN_PROVIDER = "own_provider"  # an account of the incident's provider
OTHER_PROVIDER = "other_provider"  # an account of another provider: cannot see it (404)
SUPERUSER = "superuser"
ACTORS = [*Role.values, SUPERUSER, OWN_PROVIDER, OTHER_PROVIDER]
# who cannot see the incident at all: 404 on the API
INVISIBLE = {Role.OPD_USER, Role.OPD_OPERATOR, Role.PROVIDER, Role.SYSTEM_ADMIN, OTHER_PROVIDER}

# action: (state it needs, state it leads to, who may fire it per the SOP)
ACTIONS = {
    "report": ("open", "reported", {Role.NETWORK_ADMIN}),
    "acknowledge": ("reported", "reported", {OWN_PROVIDER}),
    "post_update": ("open", "open", {OWN_PROVIDER, Role.NETWORK_ADMIN, Role.HELPDESK}),
    "provider_resolve": ("reported", "provider_resolved", {OWN_PROVIDER, Role.NETWORK_ADMIN}),
    "close": ("provider_resolved", "closed", {Role.NETWORK_ADMIN}),
    "cancel": ("open", "cancelled", {Role.NETWORK_ADMIN}),
}
BODIES = {
    "report": {"channel": "Telepon", "contact": "NOC 24 jam", "provider_ticket_ref": "TT-881"},
    "post_update": {"message": "Teknisi kami menuju lokasi."},
    "provider_resolve": {"cause": "Kabel FO putus", "action": "Disambung ulang"},
    "cancel": {"reason": "Listrik kantor padam, bukan gangguan penyedia."},
}
# a state each action cannot start from
WRONG_STATE = {
    "report": "reported",
    "acknowledge": "open",
    "post_update": "closed",
    "provider_resolve": "open",
    "close": "reported",
    "cancel": "provider_resolved",
}


class World:
    """A provider with an account, one of its links, a network admin; incidents on demand."""

    def __init__(self, make_user):
        self.make_user = make_user
        self.link = LinkFactory()
        self.provider = self.link.provider
        self.account = provider_user(self.provider)
        self.admin = make_user(Role.NETWORK_ADMIN)

    def incident(self, state: str = "open", **fields) -> ProviderIncident:
        incident = services.incident_create(
            actor=self.admin,
            links=[self.link],
            started_at=timezone.now() - timedelta(hours=3),
            source="tickets",
            **fields,
        )
        if state == "open":
            return incident
        if state == "cancelled":
            return services.incident_cancel(incident=incident, actor=self.admin, reason="Palsu")
        services.incident_report(incident=incident, actor=self.admin, channel="Tel", contact="NOC")
        if state == "reported":
            return incident
        services.incident_provider_resolve(
            incident=incident,
            actor=self.account,
            cause="Kabel putus",
            action_taken="Disambung",
            restored_at=timezone.now() - timedelta(hours=1),
        )
        if state == "provider_resolved":
            return incident
        assert state == "closed"
        return services.incident_close(incident=incident, actor=self.admin)

    def actor(self, key: str):
        if key == OWN_PROVIDER:
            return self.account
        if key == OTHER_PROVIDER:
            return provider_user(ProviderFactory())
        if key == SUPERUSER:
            return self.make_user(is_superuser=True, is_staff=True)
        return self.make_user(key)


@pytest.fixture
def world(make_user):
    return World(make_user)


def url(incident, action: str = "") -> str:
    return f"/api/v1/provider-incidents/{incident.pk}/" + (f"{action}/" if action else "")


def body(action: str) -> dict:
    data = dict(BODIES.get(action, {}))
    if action == "provider_resolve":
        data["restored_at"] = (timezone.now() - timedelta(minutes=30)).isoformat()
    return data


@pytest.mark.parametrize("actor_key", ACTORS)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_action_by_every_role(action, actor_key, world):
    source, target, allowed = ACTIONS[action]
    incident = world.incident(source)
    actor = world.actor(actor_key)

    response = token_client(actor).post(url(incident, action), body(action), format="json")

    incident.refresh_from_db()
    if actor_key in allowed:
        assert response.status_code == 200, response.content
        assert response.json()["state"] == target == incident.state
        assert AuditEvent.objects.filter(action=f"provider_incident.{action}").exists()
    elif actor_key in INVISIBLE:
        assert response.status_code == 404, response.content
        assert incident.state == source
    else:
        assert response.status_code == 403, response.content
        assert incident.state == source


@pytest.mark.parametrize("action", list(ACTIONS))
def test_a_wrong_state_is_a_conflict(action, world):
    incident = world.incident(WRONG_STATE[action])
    actor = world.account if OWN_PROVIDER in ACTIONS[action][2] else world.admin
    response = token_client(actor).post(url(incident, action), body(action), format="json")
    assert response.status_code == 409, response.content


def test_a_stale_version_is_a_conflict(world):
    incident = world.incident("open")
    seen = incident.version
    services.incident_post_update(incident=incident, actor=world.admin, message="Dicek")
    response = token_client(world.admin).post(
        url(incident, "report"), {**body("report"), "version": seen}, format="json"
    )
    assert response.status_code == 409
    incident.refresh_from_db()
    assert incident.state == "open"


def test_the_provider_acknowledges_once(world):
    incident = world.incident("reported")
    client = token_client(world.account)
    first = client.post(url(incident, "acknowledge"), {}, format="json")
    assert first.status_code == 200
    assert first.json()["acknowledged_at"]
    assert "acknowledge" not in first.json()["available_actions"]
    assert client.post(url(incident, "acknowledge"), {}, format="json").status_code == 409


def test_the_api_opens_an_incident_on_links_of_one_provider(world, make_user):
    second = LinkFactory(provider=world.provider)
    started = (timezone.now() - timedelta(hours=1)).isoformat()
    client = token_client(world.admin)
    response = client.post(
        "/api/v1/provider-incidents/",
        {"links": [world.link.pk, second.pk], "started_at": started, "source": "monitoring"},
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["number"] == f"GI-{timezone.localdate().year}-0001"
    assert data["provider"] == world.provider.pk
    assert sorted(data["links"]) == sorted([world.link.pk, second.pk])
    assert data["state"] == "open" and data["version"] == 1
    assert set(data["available_actions"]) == {"report", "post_update", "cancel"}

    foreign = LinkFactory()
    mixed = client.post(
        "/api/v1/provider-incidents/",
        {"links": [world.link.pk, foreign.pk], "started_at": started, "source": "monitoring"},
        format="json",
    )
    assert mixed.status_code == 400
    assert "links" in mixed.json()["error"]["fields"]
    helpdesk = token_client(make_user(Role.HELPDESK)).post(
        "/api/v1/provider-incidents/",
        {"links": [world.link.pk], "started_at": started, "source": "monitoring"},
        format="json",
    )
    assert helpdesk.status_code == 403


def test_a_provider_sees_only_its_own_incidents(world, client):
    ours = world.incident("reported")
    theirs = IncidentFactory()
    api = token_client(world.account)
    listed = api.get("/api/v1/provider-incidents/").json()["results"]
    assert [row["id"] for row in listed] == [ours.pk]
    assert api.get(url(theirs)).status_code == 404
    assert api.post(url(theirs, "acknowledge"), {}, format="json").status_code == 404

    client.force_login(world.account)
    page = client.get("/providers/incidents/")
    assert ours.number in page.content.decode() and theirs.number not in page.content.decode()
    assert client.get(f"/providers/incidents/{theirs.pk}/").status_code == 404
    detail = client.get(f"/providers/incidents/{ours.pk}/")
    assert detail.status_code == 200
    assert 'data-action="acknowledge"' in detail.content.decode() or "acknowledge" in str(
        [a["name"] for a in detail.context["actions"]]
    )


def test_agency_users_have_no_incident_pages(world, make_user, client):
    incident = world.incident()
    client.force_login(make_user(Role.OPD_USER))
    assert client.get("/providers/incidents/").status_code == 403
    assert client.get(f"/providers/incidents/{incident.pk}/").status_code == 403


def test_the_list_filters_and_exports(world, client):
    open_one = world.incident("reported")
    closed = world.incident("closed")
    client.force_login(world.admin)
    page = client.get("/providers/incidents/", {"state": "open"}).content.decode()
    assert open_one.number in page and closed.number not in page
    exported = client.get("/providers/incidents/export/csv/", {"state": "closed"})
    text = b"".join(exported.streaming_content).decode("utf-8-sig")
    assert closed.number in text and open_one.number not in text
    assert world.link.circuit_id in text


def test_the_page_fires_an_action_and_shows_the_times(world, client):
    incident = world.incident("reported")
    client.force_login(world.account)
    response = client.post(
        f"/providers/incidents/{incident.pk}/action/acknowledge/",
        {"acknowledge-version": incident.version},
    )
    assert response.status_code == 302
    page = client.get(f"/providers/incidents/{incident.pk}/")
    assert page.context["times"].response_minutes is not None
    assert 'data-testid="response-time"' in page.content.decode()


def test_response_and_restoration_are_measured_against_the_contract(world):
    contract = world.link.contract
    contract.max_response_minutes, contract.max_restoration_minutes = 30, 240
    contract.save()
    now = timezone.now()
    incident = IncidentFactory(provider=world.provider, links=[world.link])
    ProviderIncident.objects.filter(pk=incident.pk).update(
        state="closed",
        started_at=now - timedelta(hours=6),
        reported_at=now - timedelta(hours=5),
        acknowledged_at=now - timedelta(hours=5) + timedelta(minutes=45),
        restored_at=now - timedelta(hours=2),
    )
    incident.refresh_from_db()
    times = incident_times(incident, now=now)
    assert times.response_minutes == 45.0 and times.response_breached
    assert times.restoration_minutes == 240.0 and not times.restoration_breached
    # still unanswered past the limit: breached while it runs
    waiting = IncidentFactory(provider=world.provider, links=[world.link])
    ProviderIncident.objects.filter(pk=waiting.pk).update(
        state="reported", reported_at=now - timedelta(minutes=31)
    )
    waiting.refresh_from_db()
    assert incident_times(waiting, now=now).response_breached
    assert incident_times(waiting, now=now).response_minutes is None


def scan(capture, minutes: int, reported) -> int:
    with capture(execute=True):
        return services.escalation_scan(now=reported + timedelta(minutes=minutes))


def test_the_escalation_scan_climbs_the_matrix_once_per_level(
    world, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    world.provider.escalation = [
        {"level": 1, "contact": "NOC 24 jam", "after_minutes": 30},
        {"level": 2, "contact": "Manajer layanan", "after_minutes": 120},
    ]
    world.provider.save()
    incident = world.incident("reported")
    reported = incident.reported_at

    assert scan(capture, 29, reported) == 0
    assert scan(capture, 31, reported) == 1
    assert scan(capture, 60, reported) == 0  # once
    incident.refresh_from_db()
    assert incident.escalation_level == 1
    told = Notification.objects.filter(kind="provider_incident.escalated")
    assert {n.recipient for n in told} == {world.admin, world.account}
    assert "NOC 24 jam" in told.first().title

    assert scan(capture, 121, reported) == 1
    incident.refresh_from_db()
    assert incident.escalation_level == 2
    events = AuditEvent.objects.filter(action="provider_incident.escalated")
    assert [e.note for e in events.order_by("pk")] == ["NOC 24 jam", "Manajer layanan"]
    assert Notification.objects.filter(kind="provider_incident.escalated").count() == 4

    # an acknowledged incident is not escalated
    answered = world.incident("reported")
    services.incident_acknowledge(incident=answered, actor=world.account)
    assert scan(capture, 24 * 60, reported) == 0


@pytest.fixture
def desk(make_user, agency, location):
    return Desk(make_user, agency, location)


def test_closing_resolves_the_waiting_tickets_and_tells_their_reporters(
    world, desk, make_user, django_capture_on_commit_callbacks
):
    reporter = make_user(Role.OPD_USER)
    waiting = desk.ticket("triage", reporter=reporter)
    other = desk.ticket("triage")
    incident = world.incident("open")
    from silajar.tickets import services as tickets

    tickets.ticket_escalate_to_provider(ticket=waiting, actor=desk.admin, incident=incident.pk)
    incident.tickets.add(other)  # linked, but not waiting for the provider: left alone
    services.incident_report(incident=incident, actor=world.admin, channel="Tel", contact="NOC")
    services.incident_provider_resolve(
        incident=incident,
        actor=world.account,
        cause="Kabel putus",
        action_taken="Disambung",
        restored_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.incident_close(incident=incident, actor=world.admin)

    waiting.refresh_from_db()
    other.refresh_from_db()
    assert waiting.state == "resolved" and waiting.resolved_at is not None
    assert incident.number in waiting.resolution_note
    assert other.state == "triage"
    told = Notification.objects.get(kind="ticket.internet_restored")
    assert told.recipient == reporter


def test_escalating_a_ticket_opens_or_joins_the_incident_of_its_link(world, desk):
    from silajar.tickets import services as tickets

    link = LinkFactory(organization=desk.agency, location=desk.location)
    first = desk.ticket("triage")
    tickets.ticket_escalate_to_provider(ticket=first, actor=desk.admin)
    opened = ProviderIncident.objects.get(links=link)
    assert list(opened.tickets.all()) == [first]
    assert opened.source == "tickets" and opened.provider == link.provider
    first.refresh_from_db()
    assert first.state == "waiting_provider" and first.provider_reference == opened.number

    second = desk.ticket("triage")
    tickets.ticket_escalate_to_provider(ticket=second, actor=desk.admin)
    assert ProviderIncident.objects.filter(links=link).count() == 1  # joined, not a second one
    assert set(opened.tickets.all()) == {first, second}


def test_escalating_names_an_open_incident_or_nothing(world, desk):
    from silajar.tickets import services as tickets

    ticket = desk.ticket("triage")
    closed = world.incident("closed")
    response = token_client(desk.admin).post(
        f"/api/v1/tickets/{ticket.pk}/escalate_to_provider/",
        {"incident": closed.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "incident" in response.json()["error"]["fields"]
    assert Ticket.objects.get(pk=ticket.pk).state == "triage"
    # no link serves the ticket's agency, no incident named: it waits as before
    tickets.ticket_escalate_to_provider(ticket=ticket, actor=desk.admin, reference="ISP-1")
    ticket.refresh_from_db()
    assert ticket.state == "waiting_provider" and ticket.provider_reference == "ISP-1"
    assert not ticket.provider_incidents.exists()


def test_the_escalation_form_offers_the_open_incidents(world, desk):
    link = LinkFactory(organization=desk.agency)
    ours = IncidentFactory(provider=link.provider, links=[link])
    elsewhere = world.incident("open")  # another provider, not serving the agency
    ticket = desk.ticket("triage")
    client = Client()
    client.force_login(desk.admin)
    page = client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert ours.number in page and elsewhere.number not in page
    posted = client.post(
        f"/tickets/{ticket.pk}/action/escalate_to_provider/",
        {"escalate_to_provider-version": ticket.version, "escalate_to_provider-incident": ours.pk},
    )
    assert posted.status_code == 302
    assert list(ours.tickets.all()) == [Ticket.objects.get(pk=ticket.pk)]
