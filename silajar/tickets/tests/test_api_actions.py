"""The tickets API's workflow actions: every action by every role, stale versions, wrong states.

The expected permissions below are written out from the issue (who does what in the SOP),
not read from the workflow, so a change of the workflow that breaks the SOP fails here."""

import io

import pytest
from django.db.models import F

from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import token_client
from silajar.core.models import AuditEvent
from silajar.core.tests.files import media_files, pdf_bytes, signature_data_url
from silajar.tickets import services
from silajar.tickets.models import ChecklistStep, Ticket

pytestmark = pytest.mark.django_db


# --- helpers (also used by the other API test modules) ---------------------------------------


class Desk:
    """The people of one ticket's story and a way to bring a ticket to any state."""

    def __init__(self, make_user, agency, location):
        self.make_user = make_user
        self.agency = agency
        self.location = location
        self.helpdesk = make_user(Role.HELPDESK)
        self.admin = make_user(Role.NETWORK_ADMIN)
        self.tech = make_user(Role.TECHNICIAN)  # the assigned technician
        self.spare_tech = make_user(Role.TECHNICIAN)  # a reassignment target

    def ticket(self, state: str = "new", **fields) -> Ticket:
        hd, tech = self.helpdesk, self.tech
        ticket = services.ticket_create(
            actor=hd,
            channel="phone",
            organization=self.agency,
            location=self.location,
            reporter_name="Budi Santoso",
            reporter_phone="081234567890",
            description="Internet di ruang rapat mati sejak pagi.",
            scope="whole_location",
            **fields,
        )
        if state == "new":
            return ticket
        services.ticket_triage(ticket=ticket, actor=hd)
        if state == "triage":
            return ticket
        if state == "cancelled":
            return services.ticket_cancel(ticket=ticket, actor=hd, reason="Duplikat")
        if state == "closed":
            return services.ticket_resolve_first_line(
                ticket=ticket, actor=hd, note="Hub di-reset, koneksi normal."
            )
        if state == "waiting_provider":
            return services.ticket_escalate_to_provider(ticket=ticket, actor=self.admin)
        services.ticket_dispatch(ticket=ticket, actor=hd, technician=tech)
        if state == "dispatched":
            return ticket
        services.ticket_start(ticket=ticket, actor=tech)
        if state == "in_progress":
            return ticket
        if state == "paused":
            return services.ticket_pause(ticket=ticket, actor=tech)
        ticket = services.ticket_resolve(
            ticket=ticket, actor=tech, diagnosis="Kabel putus", action_taken="Kabel diganti"
        )
        assert state == "resolved"
        return ticket


@pytest.fixture
def desk(make_user, agency, location):
    return Desk(make_user, agency, location)


# --- the matrix ------------------------------------------------------------------------------

ASSIGNED = "assigned_technician"
SUPERUSER = "superuser"
OTHER_AGENCY = "other_agency_user"
ACTORS = [*Role.values, SUPERUSER, OTHER_AGENCY, ASSIGNED]
AGENCY = {Role.OPD_USER, Role.OPD_OPERATOR}
INVISIBLE = {Role.PROVIDER, Role.SYSTEM_ADMIN, OTHER_AGENCY}  # cannot see the ticket: 404

# action: (state it needs, state it leads to, who may fire it per the SOP)
ACTIONS = {
    "triage": ("new", "triage", {Role.HELPDESK, Role.NETWORK_ADMIN}),
    "record_checklist": ("triage", "triage", {Role.HELPDESK, Role.NETWORK_ADMIN}),
    "resolve_first_line": ("triage", "closed", {Role.HELPDESK, Role.NETWORK_ADMIN}),
    "dispatch": ("triage", "dispatched", {Role.HELPDESK, Role.SECTION_HEAD, Role.NETWORK_ADMIN}),
    "reassign": (
        "dispatched",
        "dispatched",
        {Role.HELPDESK, Role.SECTION_HEAD, Role.NETWORK_ADMIN},
    ),
    "start": ("dispatched", "in_progress", {ASSIGNED}),
    "resolve": ("in_progress", "resolved", {ASSIGNED}),
    "sign_off": ("resolved", "closed", {ASSIGNED, *AGENCY, Role.HELPDESK}),
    "escalate_to_provider": ("triage", "waiting_provider", {Role.NETWORK_ADMIN}),
    "return_from_provider": ("waiting_provider", "triage", {Role.NETWORK_ADMIN}),
    "provider_restored": ("waiting_provider", "resolved", {Role.NETWORK_ADMIN}),
    "pause": ("in_progress", "in_progress", {Role.HELPDESK, Role.NETWORK_ADMIN, ASSIGNED}),
    "resume": ("paused", "in_progress", {Role.HELPDESK, Role.NETWORK_ADMIN, ASSIGNED}),
    "reopen": ("closed", "triage", {*AGENCY, Role.HELPDESK}),
    "cancel": ("triage", "cancelled", {Role.HELPDESK}),
}


def body_for(action: str, desk: Desk) -> dict:
    step = ChecklistStep.objects.filter(scope="whole_location").first()
    return {
        "record_checklist": {
            "answers": [{"step": step.pk, "outcome": "not_fixed", "note": "Sudah di-reset"}],
            "scope": "whole_location",
        },
        "resolve_first_line": {"note": "Kabel dipasang ulang oleh pengguna."},
        "dispatch": {"technician": desk.tech.pk},
        "reassign": {"technician": desk.spare_tech.pk},
        "resolve": {
            "diagnosis": "Konektor RJ45 rusak",
            "action_taken": "Konektor diganti",
            "parts_used": "2 konektor RJ45",
        },
        "sign_off": {"signer_name": "Budi Santoso", "signature": signature_data_url()},
        "escalate_to_provider": {"reference": "INC-12345"},
        "return_from_provider": {"note": "Provider memperbaiki jalur."},
        "provider_restored": {"note": "Internet pulih, diperiksa pengelola jaringan."},
        "pause": {"reason": "waiting_reporter"},
        "reopen": {"reason": "Masih putus-putus"},
        "cancel": {"reason": "Laporan ganda"},
        "propose_escalation": {"reason": "Lampu LOS ONT penyedia merah"},
        "hand_back": {"reason": "Perlu switch pengganti dari gudang"},
    }.get(action, {})


def actor_for(key: str, desk: Desk, make_user, other_agency):
    if key == ASSIGNED:
        return desk.tech
    if key == SUPERUSER:
        return make_user(is_superuser=True, is_staff=True)
    if key == OTHER_AGENCY:
        return make_user(Role.OPD_USER, organization=other_agency)
    return make_user(key)


def url(ticket, action: str) -> str:
    return f"/api/v1/tickets/{ticket.pk}/{action}/"


@pytest.mark.parametrize("actor_key", ACTORS)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_action_by_every_role(action, actor_key, desk, make_user, other_agency):
    source, target, allowed = ACTIONS[action]
    ticket = desk.ticket(source)
    before = Ticket.objects.get(pk=ticket.pk)
    actor = actor_for(actor_key, desk, make_user, other_agency)

    response = token_client(actor).post(
        url(ticket, action), {**body_for(action, desk), "version": before.version}, format="json"
    )
    after = Ticket.objects.get(pk=ticket.pk)

    if actor_key in INVISIBLE:
        assert response.status_code == 404, response.content
        assert response.json()["error"]["code"] == "not_found"
    elif actor_key in allowed:
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["id"] == ticket.pk
        assert body["state"] == target == after.state
        assert body["version"] == before.version + 1 == after.version
        assert isinstance(body["available_actions"], list)
        assert AuditEvent.objects.filter(action=f"ticket.{action}").count() == 1
    else:
        assert response.status_code == 403, response.content
        error = response.json()["error"]
        assert error["code"] == "forbidden"
        assert error["message"]
    if response.status_code != 200:
        assert (after.state, after.version) == (before.state, before.version)


# one allowed actor per action, for the checks below
ALLOWED_ACTOR = {
    action: (Role.HELPDESK if Role.HELPDESK in allowed else sorted(allowed)[0])
    for action, (_source, _target, allowed) in ACTIONS.items()
}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_stale_version_is_a_conflict_and_changes_nothing(action, desk, make_user, other_agency):
    source, _target, _allowed = ACTIONS[action]
    ticket = desk.ticket(source)
    seen = ticket.version
    # somebody else saves the ticket after the actor loaded it
    Ticket.objects.filter(pk=ticket.pk).update(version=F("version") + 1)
    before = Ticket.objects.get(pk=ticket.pk)
    client = token_client(actor_for(ALLOWED_ACTOR[action], desk, make_user, other_agency))
    events = AuditEvent.objects.count()
    files = media_files()

    response = client.post(
        url(ticket, action),
        {**body_for(action, desk), "version": seen},
        format="json",
    )

    assert response.status_code == 409, response.content
    assert response.json()["error"]["code"] == "conflict"
    after = Ticket.objects.get(pk=ticket.pk)
    assert (after.state, after.version, after.assigned_to_id, after.pause_reason) == (
        before.state,
        before.version,
        before.assigned_to_id,
        before.pause_reason,
    )
    assert AuditEvent.objects.count() == events
    assert media_files() == files  # a refused signature leaves no file behind


@pytest.mark.parametrize("action", list(ACTIONS))
def test_wrong_state_is_a_conflict(action, desk, make_user, other_agency):
    ticket = desk.ticket("cancelled")  # no action starts from a cancelled ticket
    actor = actor_for(ALLOWED_ACTOR[action], desk, make_user, other_agency)

    response = token_client(actor).post(url(ticket, action), body_for(action, desk), format="json")

    assert response.status_code == 409, response.content
    error = response.json()["error"]
    assert error["code"] == "conflict"
    assert "Cancelled" in error["message"] or "Dibatalkan" in error["message"]
    assert Ticket.objects.get(pk=ticket.pk).state == "cancelled"


def test_actions_without_version_still_work(desk):
    ticket = desk.ticket("new")
    response = token_client(desk.helpdesk).post(url(ticket, "triage"), {}, format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "triage"


def test_second_action_on_the_same_version_is_refused(desk):
    """Two people saw version N; the first one acts, the second gets 409, not a lost update."""
    ticket = desk.ticket("triage")
    seen = ticket.version
    first = token_client(desk.helpdesk).post(
        url(ticket, "dispatch"), {"technician": desk.tech.pk, "version": seen}, format="json"
    )
    second = token_client(desk.admin).post(
        url(ticket, "escalate_to_provider"), {"version": seen}, format="json"
    )
    assert first.status_code == 200
    assert second.status_code == 409
    ticket.refresh_from_db()
    assert (ticket.state, ticket.assigned_to_id, ticket.version) == (
        "dispatched",
        desk.tech.pk,
        seen + 1,
    )


def test_dispatch_needs_an_active_technician(desk):
    ticket = desk.ticket("triage")
    response = token_client(desk.helpdesk).post(
        url(ticket, "dispatch"), {"technician": desk.helpdesk.pk}, format="json"
    )
    assert response.status_code == 400
    assert "technician" in response.json()["error"]["fields"]
    response = token_client(desk.helpdesk).post(url(ticket, "dispatch"), {}, format="json")
    assert response.status_code == 400
    assert "technician" in response.json()["error"]["fields"]
    assert Ticket.objects.get(pk=ticket.pk).state == "triage"


def test_dispatch_records_the_technician_and_notifies(
    desk, mailoutbox, django_capture_on_commit_callbacks
):
    ticket = desk.ticket("triage")
    with django_capture_on_commit_callbacks(execute=True):
        response = token_client(desk.helpdesk).post(
            url(ticket, "dispatch"), {"technician": desk.tech.pk}, format="json"
        )
    assert response.status_code == 200
    assert response.json()["assigned_to"] == desk.tech.pk
    assert any(desk.tech.email in m.to for m in mailoutbox)


def test_resolve_requires_diagnosis_and_action(desk):
    ticket = desk.ticket("in_progress")
    response = token_client(desk.tech).post(
        url(ticket, "resolve"), {"diagnosis": "", "action_taken": ""}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"diagnosis", "action_taken"}
    assert Ticket.objects.get(pk=ticket.pk).state == "in_progress"


def test_resolve_stores_the_report(desk):
    ticket = desk.ticket("in_progress")
    body = body_for("resolve", desk)
    response = token_client(desk.tech).post(url(ticket, "resolve"), body, format="json")
    assert response.status_code == 200
    data = response.json()
    assert (data["diagnosis"], data["action_taken"], data["parts_used"]) == (
        body["diagnosis"],
        body["action_taken"],
        body["parts_used"],
    )


def test_record_checklist_stores_answers_with_their_wording(desk):
    ticket = desk.ticket("triage")
    step = ChecklistStep.objects.filter(scope="whole_location").first()
    response = token_client(desk.helpdesk).post(
        url(ticket, "record_checklist"),
        {"answers": [{"step": step.pk, "outcome": "fixed"}], "scope": "whole_location"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["checklist"] == [
        {"step": step.pk, "question": step.question, "outcome": "fixed", "note": ""}
    ]
    bad = token_client(desk.helpdesk).post(
        url(ticket, "record_checklist"),
        {"answers": [{"step": 999999, "outcome": "fixed"}]},
        format="json",
    )
    assert bad.status_code == 400


def test_sign_off_with_a_drawn_signature(desk, mailoutbox):
    ticket = desk.ticket("resolved")
    response = token_client(desk.tech).post(
        url(ticket, "sign_off"), body_for("sign_off", desk), format="json"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["state"] == "closed"
    assert data["signer_name"] == "Budi Santoso"
    assert data["signed_at"]
    ticket.refresh_from_db()
    assert ticket.signature.name.startswith("tickets/signatures/")
    assert ticket.signature.read().startswith(b"\x89PNG")


def test_sign_off_with_the_scanned_form_multipart(desk):
    ticket = desk.ticket("resolved")
    upload = io.BytesIO(pdf_bytes())
    upload.name = "formulir-ditandatangani.pdf"
    response = token_client(desk.helpdesk).post(
        url(ticket, "sign_off"),
        {"signer_name": "Budi Santoso", "signed_form": upload, "version": ticket.version},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    ticket.refresh_from_db()
    assert ticket.state == "closed"
    assert ticket.signed_form.name.startswith("tickets/forms/")
    assert not ticket.signature


@pytest.mark.parametrize(
    "signature", ["", "data:image/jpeg;base64,AAAA", "data:image/png;base64,@@not-base64@@"]
)
def test_sign_off_refuses_a_missing_or_broken_signature(desk, signature):
    ticket = desk.ticket("resolved")
    files = media_files()
    response = token_client(desk.tech).post(
        url(ticket, "sign_off"),
        {"signer_name": "Budi Santoso", "signature": signature},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"]
    assert Ticket.objects.get(pk=ticket.pk).state == "resolved"
    assert media_files() == files


def test_start_refused_while_paused(desk):
    ticket = desk.ticket("dispatched")
    services.ticket_pause(ticket=ticket, actor=desk.helpdesk)
    response = token_client(desk.tech).post(url(ticket, "start"), {}, format="json")
    assert response.status_code == 400
    assert (
        "paused" in response.json()["error"]["message"].lower()
        or response.json()["error"]["message"]
    )
    assert Ticket.objects.get(pk=ticket.pk).state == "dispatched"


def test_available_actions_follow_the_user(desk, make_user):
    ticket = desk.ticket("dispatched")
    path = f"/api/v1/tickets/{ticket.pk}/"
    tech_actions = token_client(desk.tech).get(path).json()["available_actions"]
    assert set(tech_actions) == {"start", "pause", "propose_escalation"}
    other_tech = token_client(make_user(Role.TECHNICIAN)).get(path).json()["available_actions"]
    assert other_tech == []
    helpdesk_actions = token_client(desk.helpdesk).get(path).json()["available_actions"]
    assert set(helpdesk_actions) == {"reassign", "pause", "cancel"}


def test_reopen_after_seven_days_is_refused(desk, agency_user, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    ticket = desk.ticket("closed")
    Ticket.objects.filter(pk=ticket.pk).update(closed_at=timezone.now() - timedelta(days=8))
    response = token_client(agency_user).post(
        url(ticket, "reopen"), {"reason": "Putus lagi"}, format="json"
    )
    assert response.status_code == 400
    assert "7" in response.json()["error"]["message"]
    assert Ticket.objects.get(pk=ticket.pk).state == "closed"


def test_the_whole_sop_through_the_api(desk, agency_user, mailoutbox):
    """Intake → triage → checklist → dispatch → start → resolve → sign → rate."""
    hd, tech = token_client(desk.helpdesk), token_client(desk.tech)
    created = hd.post(
        "/api/v1/tickets/",
        {
            "channel": "phone",
            "organization": desk.agency.pk,
            "location": desk.location.pk,
            "reporter_name": "Siti Aminah",
            "reporter_phone": "0812000111",
            "description": "Seluruh ruangan tidak bisa internet.",
            "scope": "whole_location",
        },
        format="json",
    ).json()
    pk, version = created["id"], created["version"]

    def act(client, action, body=None):
        nonlocal version
        response = client.post(
            f"/api/v1/tickets/{pk}/{action}/", {**(body or {}), "version": version}, format="json"
        )
        assert response.status_code == 200, response.content
        assert response.json()["version"] == version + 1
        version = response.json()["version"]
        return response.json()

    act(hd, "triage")
    act(hd, "record_checklist", body_for("record_checklist", desk))
    act(hd, "dispatch", {"technician": desk.tech.pk})
    act(tech, "start")
    act(tech, "resolve", body_for("resolve", desk))
    final = act(tech, "sign_off", body_for("sign_off", desk))
    assert final["state"] == "closed"
    rated = token_client(agency_user).post(
        f"/api/v1/tickets/{pk}/rate/", {"rating": 5, "comment": "Cepat"}, format="json"
    )
    assert rated.status_code == 200
    assert rated.json()["rating"] == 5
