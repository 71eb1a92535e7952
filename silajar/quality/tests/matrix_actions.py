"""The workflow actions' rows of the access matrix, derived from each workflow table.

`silajar.quality.matrix.action_rows` gives one POST per action and channel (the record page's
form, the API) of every workflow the URL conf serves. This module says what only the fixture
world knows — the record each action is tried on and the input it is sent with — and derives
each row's verdicts from the table:

* the record: an override below, else the world's first record of the workflow's model in one
  of the action's source states; a workflow without any record in the world (a new procedure,
  the toy of core/tests/workflowapp) gets them generically: `<record>_create(*, actor)` in its
  `services`, then the shortest path of actions to every state it reaches;
* the input: INPUTS below (none for an action that takes only the version);
* the verdicts, per subject: whoever the record's own page (or API) refuses is refused the same
  way — its row of the table, or, for a workflow outside it, its access policy (404 to whoever
  may not see it); whoever sees the record gets the action when one of the action's `allowed`
  roles is theirs or one of its predicates holds for them on that record, and a 403 otherwise.
  An allowed action must go through (a redirect to the record's page, a 200 from the API),
  never only pass the access checks.
"""

from __future__ import annotations

import importlib

from silajar.core.access import can
from silajar.core.workflow import Action
from silajar.quality.matrix import RECORD, SUBJECTS, Row, WorkflowRoutes

# the record an action is tried on, where the first one in a source state is not the one
ACTION_RECORDS = {
    ("ticket", "pause"): "t_in_progress",
    ("ticket", "resume"): "t_paused",
    ("ticket", "cancel"): "t_triage",
    ("ticket", "reopen"): "t_closed",
    ("installation", "issue_reply_letter"): "i_surveyed_no",
    ("installation", "reject"): "i_surveyed_no",
}

# each action's input, URL-encoded as the table's `data` (a page's fields without their prefix;
# `{key}` as in the table, `{record}` the record acted on); {"page": …, "api": …} where the two
# differ
INPUTS: dict[str, dict[str, str | dict[str, str]]] = {
    "ticket": {
        "record_checklist": {
            "page": "scope=whole_location",
            "api": 'answers=[{"step": {step}, "outcome": "not_fixed"}]&scope=whole_location',
        },
        "resolve_first_line": "note=Kabel dipasang ulang",
        "dispatch": "technician={technician}",
        "reassign": "technician={spare_technician}",
        "resolve": "diagnosis=Konektor rusak&action_taken=Konektor diganti",
        "sign_off": {
            "page": "signer_name=Budi Santoso&signed_form=@pdf",
            "api": "signer_name=Budi Santoso&signature=@signature",
        },
        "escalate_to_provider": "reference=INC-1",
        "return_from_provider": "note=Sudah normal",
        "provider_restored": "note=Internet pulih",
        "pause": {"page": "", "api": "reason=waiting_reporter"},
        "reopen": "reason=Masih putus",
        "cancel": "reason=Laporan ganda",
        "propose_escalation": "reason=ONT penyedia LOS merah",
        "hand_back": "reason=Perlu switch pengganti",
    },
    "installation": {
        "forward": "note=Mohon ditindaklanjuti",
        "assign_survey": "technician={technician}",
        "record_survey": {
            "page": "slot_available=yes&adequate=yes",
            "api": "slot_available=true&adequate=true",
        },
        "reject": "reason=Tidak ada slot",
        "complete_installation": {
            "page": "link_up=on&ip_address=10.20.30.40&measured_mbps=95.5",
            "api": "link_up=true&ip_address=10.20.30.40&measured_mbps=95.5",
        },
        "sign_off": "signer_name=Budi Santoso&signature=@signature",
        "cancel": "reason=Dibatalkan",
    },
    "provider_incident": {
        "report": {
            "page": "channel=Telepon&contact=NOC&provider_ticket_ref=T-1",
            "api": "channel=Telepon&contact=NOC",
        },
        "post_update": "message=Sedang dicek",
        "provider_resolve": {
            "page": "cause=Kabel putus&action_taken=Disambung&restored_at={record.started_at}",
            "api": "cause=Kabel putus&action=Disambung&restored_at={record.started_at}",
        },
        "cancel": "reason=Alarm palsu",
    },
    "bandwidth_need": {"return": "note=Rinci biaya per segmen"},
    "contract": {
        "designate": "provider={provider_a}&decision_number=027/1/KPA/2026"
        "&decision_date=2026-01-05&decision_letter=@pdf",
        "record_checklist": {
            "page": "links_up=on&addresses_handed_over=103.10.20.0/28&test_results=OK",
            "api": "links_up=true&addresses_handed_over=103.10.20.0/28&test_results=OK",
        },
        "activate": "signer_name=Andi Wijaya&signature=@signature",
        "terminate": "reason=Penyedia wanprestasi",
    },
}

# who files a workflow's records when the world has none (the generic path)
GENERIC_CREATOR = "helpdesk"


def inputs(flow: str, action: str, channel: str) -> str:
    given = INPUTS.get(flow, {}).get(action, "")
    return given if isinstance(given, str) else given[channel]


def add_generic_records(world, routes: dict[str, WorkflowRoutes]) -> None:
    """Records in every state of each served workflow the world has none of, as `<flow>_<state>`
    objects: filed by GENERIC_CREATOR through `<record>_create(*, actor)`, then moved along the
    shortest path of actions, each fired by the first subject the table allows."""
    for name, served in routes.items():
        model, flow = served.model, served.flow
        if model is None or any(isinstance(obj, model) for obj in world.objects.values()):
            continue
        create = getattr(importlib.import_module(flow.services), f"{flow.record}_create")
        first = create(actor=world.users[GENERIC_CREATOR])
        for state, path in flow.shortest_paths(getattr(first, flow.state_field)).items():
            record = create(actor=world.users[GENERIC_CREATOR]) if path else first
            for step in path:
                action = flow.action(step)
                actor = next(u for u in world.users.values() if action.permits(u, record))
                record = flow.act(obj=record, action=step, actor=actor)
            world.objects[f"{name}_{state}"] = model._default_manager.get(pk=record.pk)


def record_key(world, served: WorkflowRoutes, action: Action) -> str:
    """The world's key of the record `action` is tried on."""
    override = ACTION_RECORDS.get((served.flow.name, action.name))
    if override:
        return override
    state_field = served.flow.state_field
    for key, obj in world.objects.items():
        if isinstance(obj, served.model) and getattr(obj, state_field) in action.sources:
            return key
    raise LookupError(f"no record for {served.flow.name}.{action.name} in the fixture world")


def permitted(action: Action, user, obj) -> bool:
    """Whether one of the action's `allowed` roles is the user's, or one of its predicates holds
    for the user on the record: the table, read for this subject."""
    roles = user.role_codes
    return any(who in roles if isinstance(who, str) else who(user, obj) for who in action.allowed)


def derive(row: Row, world, routes: dict[str, WorkflowRoutes], table: list[Row]) -> Row:
    """The row of one workflow action, with its record named and its verdicts derived."""
    served = routes[row.flow]
    action = served.flow.action(row.action)
    key = record_key(world, served, action)
    obj = world.objects[key]
    record_route = served.page_record if row.channel == "page" else served.api_record
    record_row = next(
        (r for r in table if record_route and r.route == record_route and r.method == "GET"), None
    )
    expect = {}
    for subject in SUBJECTS:
        if record_row is not None:
            seen = record_row.expect[subject]
        elif subject == "anonymous":
            seen = "login"
        else:
            seen = "allow" if can(world.users[subject], "view", obj) else "hide"
        if seen != "allow":
            expect[subject] = seen
        else:
            expect[subject] = "allow" if permitted(action, world.users[subject], obj) else "deny"
    name = RECORD[1:-1]
    return Row(
        line=0,
        route=row.route,
        method=row.method,
        url=row.url.replace("{" + name, "{" + key),
        data=row.data.replace("{" + name, "{" + key),
        expect=expect,
        note=f"{row.note} on {key}",
        flow=row.flow,
        action=row.action,
        channel=row.channel,
    )
