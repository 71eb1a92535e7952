"""One generated ticket: its row, and the audit events of the history that led it to a state
drawn by its age (most old tickets closed, most of today's still open), with the service-level
clocks computed from that same history."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

from silajar.tickets.choices import OPEN_STATES, PRIORITY_RANK, SlaStatus
from silajar.tickets.demo.vocabulary import (
    DESCRIPTIONS,
    DIAGNOSES,
    REASONS_CANCEL,
    UNITS,
    person_name,
    phone_number,
)
from silajar.tickets.generate.context import CHANNELS, SCOPES, Context
from silajar.tickets.models import Ticket
from silajar.tickets.sla import Snapshot, compute_sla

TICKET_COLUMNS = [f.column for f in Ticket._meta.concrete_fields]


class _Clock:
    def __init__(self, start, now, rng):
        self.t, self.now, self.rng = start, now, rng

    def step(self, low: int, high: int) -> bool:
        self.t = self.t + timedelta(minutes=self.rng.randrange(low, high))
        return self.t < self.now


def _final_state(rng: random.Random, age_days: float) -> str:
    if age_days > 7:
        weights = (0, 0.2, 0.3, 0.3, 2, 75, 14, 0.2, 8)
    elif age_days > 1:
        weights = (2, 5, 8, 8, 12, 45, 10, 4, 6)
    else:
        weights = (15, 15, 20, 15, 8, 15, 7, 3, 2)
    return rng.choices(
        ("new", "triage", "dispatched", "in_progress", "resolved", "closed", "first_line",
         "waiting_provider", "cancelled"),
        weights,
    )[0]  # fmt: skip


def build_ticket(ctx: Context, pk: int, number: str, created: datetime) -> tuple[list, list[tuple]]:
    """One ticket row (values in TICKET_COLUMNS order) and its audit event rows."""
    rng = ctx.rng
    org, criticality, short_name = rng.choice(ctx.organizations)
    category_id, code, always_open = rng.choices(ctx.categories, ctx.category_weights)[0]
    channel = rng.choice(CHANNELS)
    scope = rng.choice(SCOPES)
    priority = ctx.priorities[scope, criticality]
    final = _final_state(rng, (ctx.now - created).total_seconds() / 86400)
    if final == "waiting_provider":
        code_internet = next((c for c in ctx.categories if c[1] == "internet"), None)
        if code_internet:
            category_id, code, always_open = code_internet
    helpdesk, admin = ctx.helpdesk, ctx.admin
    creator = admin if channel == "monitoring" else helpdesk
    row = {
        "id": pk,
        "created_at": created,
        "updated_at": created,
        "version": 1,
        "number": number,
        "state": "new",
        "channel": channel,
        "reporter_id": None,
        "reporter_name": person_name(rng),
        "reporter_phone": phone_number(rng),
        "reporter_unit": rng.choice(UNITS),
        "organization_id": org,
        "organization_short_name": short_name,
        "location_id": rng.choice(ctx.locations.get(org) or [None]),
        "location_detail": "",
        "device_id": None,
        "description": rng.choice(DESCRIPTIONS[code]),
        "scope": scope,
        "fault_domain": "internet" if code == "internet" else "unknown",
        "category_id": category_id,
        "priority": priority,
        "priority_rank": PRIORITY_RANK[priority],
        "assigned_to_id": None,
        "created_by_id": creator[0],
        "checklist": "[]",
        "first_contact_resolution": False,
        "resolution_note": "",
        "diagnosis": "",
        "action_taken": "",
        "parts_used": "",
        "signer_name": "",
        "signature": "",
        "signed_form": "",
        "signed_at": None,
        "cancel_reason": "",
        "provider_reference": "",
        "pause_reason": "",
        "triaged_at": None,
        "resolved_at": None,
        "closed_at": None,
        "sla_response_due_at": None,
        "sla_resolution_due_at": None,
        "sla_status": SlaStatus.ON_TRACK,
        "sla_response_breached": False,
        "sla_resolution_breached": False,
        "sla_escalation_level": 0,
        "rating": None,
        "rating_comment": "",
    }
    events = []
    history = [Snapshot(created, "new", priority, category_id)]

    def event(at, actor, action, changes, note=""):
        events.append(
            (at, actor[0], actor[1], action, ctx.content_type_id, str(pk), number,
             json.dumps(changes), "{}", note, None)
        )  # fmt: skip

    event(
        created,
        creator,
        "ticket.created",
        {
            "state": [None, "new"],
            "channel": [None, channel],
            "organization": [None, org],
            "location": [None, row["location_id"]],
            "scope": [None, scope],
            "category": [None, category_id],
            "priority": [None, priority],
            "pause_reason": [None, ""],
        },
    )

    def move(at, actor, action, state, note="", **changes):
        delta = {"state": [row["state"], state]} if state != row["state"] else {}
        for name, value in changes.items():
            plain = value.isoformat() if isinstance(value, datetime) else value
            delta[name.removesuffix("_id") if name.endswith("_id") else name] = [
                row[name].isoformat() if isinstance(row[name], datetime) else row[name],
                plain,
            ]
            row[name] = value
        row["state"], row["version"], row["updated_at"] = state, row["version"] + 1, at
        event(at, actor, f"ticket.{action}", delta, note)
        history.append(Snapshot(at, state, priority, category_id))

    c = _Clock(created, ctx.now, rng)
    if final != "new" and c.step(2, 40):
        if final == "cancelled" and rng.random() < 0.4:
            move(c.t, helpdesk, "cancel", "cancelled", cancel_reason=rng.choice(REASONS_CANCEL))
        else:
            move(c.t, creator, "triage", "triage", triaged_at=c.t)
            if final == "first_line":
                c.t += timedelta(minutes=rng.randrange(2, 15))
                move(
                    c.t,
                    helpdesk,
                    "resolve_first_line",
                    "closed",
                    resolution_note="Koneksi normal kembali setelah reset perangkat.",
                    first_contact_resolution=True,
                    resolved_at=c.t,
                    closed_at=c.t,
                )
            elif final == "cancelled":
                move(c.t, helpdesk, "cancel", "cancelled", cancel_reason=rng.choice(REASONS_CANCEL))
            elif final == "waiting_provider":
                move(
                    c.t,
                    admin,
                    "escalate_to_provider",
                    "waiting_provider",
                    provider_reference=f"INC-{rng.randrange(100000, 999999)}",
                )
            elif final != "triage" and c.step(5, 90):
                tech = rng.choice(ctx.technicians)
                move(c.t, helpdesk, "dispatch", "dispatched", assigned_to_id=tech[0])
                if final != "dispatched" and c.step(15, 240):
                    move(c.t, tech, "start", "in_progress")
                    if final != "in_progress" and c.step(20, 180):
                        diagnosis, action, parts = DIAGNOSES[code]
                        move(
                            c.t,
                            tech,
                            "resolve",
                            "resolved",
                            diagnosis=diagnosis,
                            action_taken=action,
                            parts_used=parts,
                            resolved_at=c.t,
                        )
                        if final == "closed" and c.step(1, 60):
                            move(
                                c.t,
                                tech,
                                "sign_off",
                                "closed",
                                signer_name=row["reporter_name"],
                                signed_at=c.t,
                                closed_at=c.t,
                            )
    targets = ctx.targets.get((category_id, priority)) or ctx.targets.get((None, priority))
    if targets:
        result = compute_sla(
            history=history,
            calendar=ctx.calendars[always_open],
            targets=lambda _snapshot: targets,  # one priority and category all along
            now=ctx.now,
        )
        breached = result.response.breached or result.resolution.breached
        row["sla_response_due_at"] = result.response.due_at
        row["sla_resolution_due_at"] = result.resolution.due_at
        row["sla_status"] = result.status
        row["sla_response_breached"] = result.response.breached
        row["sla_resolution_breached"] = result.resolution.breached
        if row["state"] in OPEN_STATES:
            row["sla_escalation_level"] = 2 if breached else 1 if result.status == "at_risk" else 0
    return [row[c] for c in TICKET_COLUMNS], events
