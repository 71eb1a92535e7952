"""A target's confirmed state changes, each one transaction with its audit event.

The monitor writes `Target.state`, `state_since` and `last_error` with a plain update: neither
`version` nor `updated_at` moves, so an administrator editing the target at the same time is
never refused because of the monitor, and the monitor's own writes do not look like an edit to
the monitors polling for changes (`shards.targets_fingerprint`). A downtime runs from the first
failed probe of the run that confirmed it to the first good probe of the run that confirmed
recovery; a provider-side downtime opens or joins its link's outage (`services.outages`)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from silajar.core.audit import audit_record
from silajar.monitoring.choices import TargetState
from silajar.monitoring.models import Target, TargetDowntime
from silajar.monitoring.services import outages


def _locked(target_id: int) -> Target | None:
    return (
        Target.objects.select_for_update(of=("self",))
        .select_related("link", "location")
        .filter(pk=target_id)
        .first()
    )


def _set_state(target: Target, state: str, *, since: datetime, error: str, note: str = "") -> None:
    before = target.state
    Target.objects.filter(pk=target.pk).update(state=state, state_since=since, last_error=error)
    target.state, target.state_since, target.last_error = state, since, error
    if before != state:
        audit_record(
            actor=None,
            action=f"monitoring_target.{state}",
            obj=target,
            changes={"state": [before, state]},
            note=note or error,
        )


def _end_downtime(target: Target, at: datetime) -> TargetDowntime | None:
    """End the target's open downtime at `at` (never before its start), and its outage when it
    was the last one of it."""
    downtime = target.downtimes.filter(ended_at__isnull=True).select_related("outage").first()
    if downtime is None:
        return None
    downtime.ended_at = max(at, downtime.started_at)
    downtime.save(update_fields=["ended_at"])
    outages.downtime_ended(downtime=downtime)
    return downtime


@transaction.atomic
def target_down(
    *, target_id: int, started_at: datetime, confirmed_at: datetime, error: str
) -> TargetDowntime | None:
    """The target is confirmed down: a downtime from `started_at` (the first failed probe of
    the run) confirmed at `confirmed_at`. A target already down keeps its open downtime; a
    paused or removed one is left alone (None)."""
    target = _locked(target_id)
    if target is None or target.paused:
        return None
    downtime = target.downtimes.filter(ended_at__isnull=True).first()
    if downtime is None:
        downtime = TargetDowntime.objects.create(
            target=target, started_at=started_at, confirmed_at=confirmed_at, error=error[:255]
        )
    _set_state(target, TargetState.DOWN, since=downtime.started_at, error=error[:255])
    outages.downtime_started(downtime=downtime, target=target)
    return downtime


@transaction.atomic
def target_up(*, target_id: int, since: datetime) -> None:
    """The target is confirmed up from `since` (the first good probe of the run): its open
    downtime, if any, ends there."""
    target = _locked(target_id)
    if target is None or target.paused:
        return
    _end_downtime(target, since)
    _set_state(target, TargetState.UP, since=since, error="")
    outages.outside_up(target)


@transaction.atomic
def target_paused(*, target_id: int, at: datetime) -> None:
    """The target was paused: it is no longer probed. An open downtime ends at `at` (what
    follows is not watched)."""
    target = _locked(target_id)
    if target is None:
        return
    # the network administrator's pause sets the state at once (`services.target_set_paused`):
    # the downtime still open is the monitor's to end
    _end_downtime(target, at)
    if target.state != TargetState.PAUSED:
        _set_state(target, TargetState.PAUSED, since=at, error="")


@transaction.atomic
def target_unknown(*, target_id: int, at: datetime, error: str = "") -> None:
    """The target's state is not known from `at`: it was resumed (or changed) and is waiting
    for its thresholds, or it cannot be probed from here (`error` says why). An open downtime
    ends at `at`."""
    target = _locked(target_id)
    if target is None:
        return
    if target.state == TargetState.UNKNOWN and target.last_error == error[:255]:
        return
    _end_downtime(target, at)
    since = at if target.state != TargetState.UNKNOWN else (target.state_since or at)
    _set_state(target, TargetState.UNKNOWN, since=since, error=error[:255])
