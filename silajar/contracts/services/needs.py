"""The yearly bandwidth need (SOP 4): the section head prepares it, submits it, and the Kepala
UPDE approves it or returns it with a note (`workflows.NEED_FLOW`).

A need's segments (`[{"segment": "Setda", "mbps": 300}, …]`) are named once each and add up
exactly to its capacity; the estimated cost and the budget ceiling are Rupiah (a cost above the
ceiling is allowed, the page shows it in red: the head decides)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.contracts.choices import NeedState
from silajar.contracts.models import BandwidthNeed
from silajar.contracts.workflows import NEED_FLOW
from silajar.core.audit import audit_record, diff, snapshot
from silajar.core.editing import Keepers, locked
from silajar.core.errors import Conflict, DomainError

NEED_FIELDS = (
    "fiscal_year",
    "capacity_mbps",
    "segments",
    "estimated_cost",
    "budget_ceiling",
    "justification",
)
EDITABLE_STATES = (NeedState.DRAFT, NeedState.RETURNED)
MAX_SEGMENTS = 50


def may_prepare_needs(user) -> bool:
    """The section head prepares the need (superusers too)."""
    return bool(user.is_superuser or user.has_role(Role.SECTION_HEAD))


# who prepares a need, asked by the services and, before a body is read, by the API
PREPARERS = Keepers(
    may=may_prepare_needs,
    refusal=gettext_lazy("Only the section head prepares the bandwidth need."),
)


def clean_segments(*, segments: Any, capacity: Any) -> list[dict[str, Any]]:
    """The segments as stored (names trimmed, Mbps whole numbers above zero, each name once),
    refused with a message naming the input unless they add up to `capacity`."""
    if not isinstance(segments, list) or not segments or len(segments) > MAX_SEGMENTS:
        raise DomainError(
            _("List the segments the capacity is for (1 to %(n)s).") % {"n": MAX_SEGMENTS},
            fields={"segments": [_("Give at least one segment.")]},
        )
    errors: dict[str, list[str]] = {}
    cleaned: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, item in enumerate(segments):
        where = f"segments[{index}]"
        name = str(item.get("segment", "")).strip() if isinstance(item, dict) else ""
        mbps = item.get("mbps") if isinstance(item, dict) else None
        if not name or len(name) > 100:
            errors[f"{where}.segment"] = [_("Name the segment (at most 100 characters).")]
        elif name.casefold() in seen:
            errors[f"{where}.segment"] = [_("Each segment is named once.")]
        seen.add(name.casefold())
        try:
            if isinstance(mbps, bool):
                raise ValueError
            amount = int(str(mbps).strip())
            if amount < 1 or amount > 10_000_000:
                raise ValueError
        except (TypeError, ValueError):
            errors[f"{where}.mbps"] = [_("A whole number of Mbps above zero.")]
            continue
        cleaned.append({"segment": name, "mbps": amount})
    if errors:
        raise DomainError(_("Check the segments."), fields=errors)
    total = sum(item["mbps"] for item in cleaned)
    if isinstance(capacity, int) and total != capacity:
        message = _(
            "The segments add up to %(total)s Mbps but the capacity is %(capacity)s Mbps: "
            "they must be equal."
        ) % {"total": total, "capacity": capacity}
        raise DomainError(message, fields={"segments": [message]})
    return cleaned


def check_need(*, need: BandwidthNeed) -> None:
    """Normalise and check a need before it is saved (DomainError per input)."""
    need.justification = (need.justification or "").strip()
    errors: dict[str, list[str]] = {}
    if not need.justification:
        errors["justification"] = [_("This field is required.")]
    if not 2000 <= (need.fiscal_year or 0) <= 2100:
        errors["fiscal_year"] = [_("A year from 2000 to 2100.")]
    summary = _("Check the bandwidth need.")
    try:
        need.segments = clean_segments(segments=need.segments, capacity=need.capacity_mbps)
    except DomainError as error:
        if not errors:  # the segments' own message says what is wrong (the sum, a line)
            summary = str(error.message)
        errors.update(error.fields)
    if errors:
        raise DomainError(summary, fields=errors)


@transaction.atomic
def need_create(*, actor: User, data: dict[str, Any]) -> BandwidthNeed:
    """The section head's draft of a fiscal year's need."""
    PREPARERS.require(actor)
    need = BandwidthNeed(created_by=actor, **{k: v for k, v in data.items() if k in NEED_FIELDS})
    check_need(need=need)
    need.save()
    audit_record(actor=actor, action="bandwidth_need.created", obj=need)
    return need


@transaction.atomic
def need_update(
    *, actor: User, need: BandwidthNeed, data: dict[str, Any], expected_version: int | None = None
) -> BandwidthNeed:
    """Edit a need while it is a draft or returned (the section head); 409 on a stale version."""
    PREPARERS.require(actor)
    current = locked(need)
    if expected_version is not None and current.version != int(expected_version):
        raise Conflict()
    if current.state not in EDITABLE_STATES:
        raise Conflict(_("A submitted or approved need is no longer edited."))
    fields = [k for k in NEED_FIELDS if k in data]
    before = snapshot(current, fields)
    for name in fields:
        setattr(current, name, data[name])
    check_need(need=current)
    changes = diff(before, snapshot(current, fields))
    if not changes:
        return current
    current.version += 1
    current.save(update_fields=[*fields, "version", "updated_at"])
    audit_record(actor=actor, action="bandwidth_need.updated", obj=current, changes=changes)
    return current


def need_submit(*, need: BandwidthNeed, actor: User, version: int | None = None) -> BandwidthNeed:
    return NEED_FLOW.apply(obj=need, action="submit", actor=actor, version=version)


def need_approve(*, need: BandwidthNeed, actor: User, version: int | None = None) -> BandwidthNeed:
    return NEED_FLOW.apply(obj=need, action="approve", actor=actor, version=version)


def need_return(
    *, need: BandwidthNeed, actor: User, note: str, version: int | None = None
) -> BandwidthNeed:
    """The Kepala UPDE sends the need back to the section head, saying what to change."""
    note = (note or "").strip()
    if not note:
        raise DomainError(
            _("Say what must change."), fields={"note": [_("This field is required.")]}
        )
    return NEED_FLOW.apply(
        obj=need,
        action="return",
        actor=actor,
        version=version,
        changes={"return_note": note},
        note=note,
    )
