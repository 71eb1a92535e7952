"""Outages of a link: recorded (`outage_record`), ended (`outage_end`) and corrected after
the fact (`outage_correct`, with a reason that stays in the history beside the change).

The network administrator records outages of any link, from any source; a provider's
accounts record and correct those of their own provider's links, as the provider's report.
Only the network administrator grants an exclusion (the provider cannot excuse its own
outage). Times carry their offset and are stored in UTC; an outage ends at or after its
start and neither lies in the future. Overlaps are allowed: the SLA merges them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silajar.core.audit import audit_record, diff, snapshot
from silajar.core.editing import audited_update, locked
from silajar.core.errors import ActionForbidden, Conflict, DomainError
from silajar.providers.access import provider_of
from silajar.providers.choices import Exclusion, OutageSource
from silajar.providers.models import Link, Outage
from silajar.providers.services.rules import (
    is_network_admin,
    may_correct_outage,
    may_record_outages,
)

CORRECTED_FIELDS = ("started_at", "ended_at", "cause", "exclusion")
RECORDED_FIELDS = ("started_at", "ended_at", "source", "cause", "exclusion")


def require_recorder(*, actor, link: Link) -> None:
    """Refuse (ActionForbidden) whoever may not record the outages of `link`. No actor (None)
    is the monitor (`silajar.monitoring`): the system records the outages it sees on any link;
    a page or the API always has a person."""
    if actor is None:
        return
    if not may_record_outages(user=actor, provider_id=link.provider_id):
        raise ActionForbidden(
            _("Only the network administrator and the link's provider can record its outages.")
        )


def _check_times(
    started_at: Any, ended_at: Any, errors: dict[str, list[str]]
) -> tuple[datetime | None, datetime | None]:
    now = timezone.now()
    checked: list[datetime | None] = []
    for name, value in (("started_at", started_at), ("ended_at", ended_at)):
        if value is None:
            checked.append(None)
            continue
        if not isinstance(value, datetime) or timezone.is_naive(value):
            errors[name] = [_("Give a date and time with its offset (e.g. +07:00).")]
            checked.append(None)
        elif value > now:
            errors[name] = [_("This time is in the future.")]
            checked.append(None)
        else:
            checked.append(value)
    start, end = checked
    if started_at is None:
        errors["started_at"] = [_("This field is required.")]
    if start and end and end < start:
        errors["ended_at"] = [_("An outage cannot end before it starts.")]
    return start, end


def _check_outage(actor, outage: Outage, *, provider_id: int, errors: dict[str, list[str]]) -> None:
    """The rules of an outage about to be saved; the errors gathered so far are raised too."""
    if outage.source not in OutageSource.values:
        errors["source"] = [_("Choose a source.")]
    if outage.exclusion and outage.exclusion not in Exclusion.values:
        errors["exclusion"] = [_("Choose an exclusion reason, or none.")]
    if actor is not None and provider_of(actor) == provider_id and not is_network_admin(actor):
        if outage.source != OutageSource.PROVIDER:
            errors["source"] = [_("A provider records its outages as the provider's report.")]
        if outage.exclusion:
            errors["exclusion"] = [_("Only the network administrator grants an exclusion.")]
    if errors:
        raise DomainError(_("Check the outage's details."), fields=errors)


@transaction.atomic
def outage_record(
    *,
    actor,
    link: Link,
    started_at: datetime,
    source: str,
    ended_at: datetime | None = None,
    cause: str = "",
    exclusion: str | None = "",
) -> Outage:
    """Record an outage of `link` (`ended_at` None while it lasts)."""
    require_recorder(actor=actor, link=link)
    errors: dict[str, list[str]] = {}
    start, end = _check_times(started_at, ended_at, errors)
    outage = Outage(
        link=link,
        started_at=start or timezone.now(),
        ended_at=end,
        source=source,
        cause=(cause or "").strip(),
        exclusion=exclusion or "",
        recorded_by=actor,
    )
    _check_outage(actor, outage, provider_id=link.provider_id, errors=errors)
    outage.save()
    audit_record(
        actor=actor,
        action="outage.recorded",
        obj=outage,
        changes=diff({}, snapshot(outage, ("link", *RECORDED_FIELDS))),
    )
    return outage


@transaction.atomic
def outage_end(
    *, actor, outage: Outage, ended_at: datetime | None = None, version: int | None = None
) -> Outage:
    """End an outage that still lasts, at `ended_at` (now when not given)."""
    require_recorder(actor=actor, link=outage.link)
    current = locked(outage)
    if version is not None and current.version != int(version):
        raise Conflict()
    if current.ended_at is not None:
        raise Conflict(_("This outage has already ended."))
    errors: dict[str, list[str]] = {}
    _start, end = _check_times(current.started_at, ended_at or timezone.now(), errors)
    if errors:
        raise DomainError(_("Check the outage's details."), fields=errors)
    return audited_update(obj=current, actor=actor, action="outage.ended", data={"ended_at": end})


@transaction.atomic
def outage_correct(
    *,
    actor,
    outage: Outage,
    reason: str,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> Outage:
    """Correct an outage after the fact (a wrong start, an exclusion granted later): the
    change and its `reason` are kept in the outage's history, the values before it too.
    `data` may hold `started_at`, `ended_at`, `cause` and `exclusion`; a provider corrects
    only its own reports."""
    link = outage.link
    require_recorder(actor=actor, link=link)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Say why the outage is corrected."), fields={"reason": [_("This field is required.")]}
        )
    changes = {name: data[name] for name in CORRECTED_FIELDS if name in data}
    if "cause" in changes:
        changes["cause"] = (changes["cause"] or "").strip()
    if "exclusion" in changes:
        changes["exclusion"] = changes["exclusion"] or ""
    current = locked(outage)
    if expected_version is not None and current.version != int(expected_version):
        raise Conflict()
    if not may_correct_outage(user=actor, outage=current):
        raise ActionForbidden(_("A provider corrects only the outages it reported itself."))
    errors: dict[str, list[str]] = {}
    started = changes.get("started_at", current.started_at)
    ended = changes.get("ended_at", current.ended_at)
    start, end = _check_times(started, ended, errors)
    provisional = Outage(
        link=link,
        started_at=start or current.started_at,
        ended_at=end,
        source=current.source,
        exclusion=changes.get("exclusion", current.exclusion),
    )
    if "exclusion" in changes and changes["exclusion"] == current.exclusion:
        provisional.exclusion = ""  # a provider resending the exclusion it has is no grant
    _check_outage(actor, provisional, provider_id=link.provider_id, errors=errors)
    return audited_update(
        obj=current, actor=actor, action="outage.corrected", data=changes, note=reason
    )


def _require_exclusion_granter(actor) -> None:
    if not is_network_admin(actor):
        raise ActionForbidden(_("Only the network administrator grants an exclusion."))


@transaction.atomic
def outage_confirm_proposed_exclusion(
    *, actor, outage: Outage, expected_version: int | None = None
) -> Outage:
    """Grant the exclusion the monitor proposed for `outage` (our side was down, not the
    provider's): it becomes the outage's exclusion, as a correction with its reason in the
    history (network administrator only)."""
    return _decide_proposal(actor, outage, expected_version, confirm=True)


@transaction.atomic
def outage_dismiss_proposed_exclusion(
    *, actor, outage: Outage, expected_version: int | None = None
) -> Outage:
    """Dismiss the exclusion the monitor proposed for `outage`: it counts against the provider
    as it is (network administrator only)."""
    return _decide_proposal(actor, outage, expected_version, confirm=False)


def _decide_proposal(actor, outage: Outage, expected_version: int | None, *, confirm: bool):
    _require_exclusion_granter(actor)
    current = locked(outage)
    if expected_version is not None and current.version != int(expected_version):
        raise Conflict()
    if not current.proposed_exclusion:
        raise Conflict(_("No exclusion is proposed for this outage any more."))
    if confirm:
        action, note = "confirmed", _("The exclusion proposed by the monitor was confirmed.")
        data = {"exclusion": current.proposed_exclusion, "proposed_exclusion": ""}
    else:
        action, note = "dismissed", _("The exclusion proposed by the monitor was dismissed.")
        data = {"proposed_exclusion": ""}
    return audited_update(
        obj=current, actor=actor, action=f"outage.exclusion_{action}", data=data, note=note
    )
