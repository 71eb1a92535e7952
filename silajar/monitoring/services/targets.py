"""Targets kept by the network administrator: `target_create`, `target_update` (with the
`version` the user saw; a stale one is a Conflict), `target_set_paused` and `target_delete`,
each one transaction with its audit event `monitoring_target.*`.

A target's inputs depend on its kind (`check_target`): TCP needs a host and a port, HTTP a URL,
DNS a name (its host) and ICMP a host; every target stands for a link or a place (a link's
place by default), the place of the link's agency. Pausing sets the target's state to
`paused` at once; resuming leaves it `unknown` until the monitor's next probes decide it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from silajar.core.editing import (
    Keepers,
    audited_create,
    audited_delete,
    audited_update,
    locked,
    picked,
)
from silajar.core.errors import Conflict, DomainError
from silajar.monitoring.choices import TargetKind, TargetRole, TargetState, Vantage
from silajar.monitoring.models import PROBE_FIELDS, Target, TargetPause
from silajar.providers.services.rules import is_network_admin

TARGET_EDIT_FIELDS = ("name", *PROBE_FIELDS, "role", "vantage", "link", "location", "paused")
TARGET_FIELDS = (*TARGET_EDIT_FIELDS, "created_by")

# what each kind must have, with the refusal on the missing input
NEEDS: dict[str, tuple[tuple[str, Any], ...]] = {
    TargetKind.TCP: (
        ("host", gettext_lazy("A TCP target needs a host.")),
        ("port", gettext_lazy("A TCP target needs a port.")),
    ),
    TargetKind.HTTP: (("url", gettext_lazy("An HTTP target needs a URL.")),),
    TargetKind.DNS: (("host", gettext_lazy("A DNS target needs the name to resolve.")),),
    TargetKind.ICMP: (("host", gettext_lazy("An ICMP target needs a host.")),),
}

TARGET_KEEPERS = Keepers(
    may=is_network_admin,
    refusal=gettext_lazy("Only the network administrator can change monitoring targets."),
)


def check_target(target: Target) -> None:
    """The inputs of `target` fit its kind, it stands for a link or a place (the link's place
    by default, of the link's agency) and its timeout is shorter than its interval
    (DomainError naming the inputs, the model's own checks included)."""
    for name in ("name", "host", "url", "expected_text", "expected_address", "resolver"):
        setattr(target, name, (getattr(target, name) or "").strip())
    errors: dict[str, list[str]] = {}
    for name, message in NEEDS.get(target.kind, ()):
        if getattr(target, name) in (None, ""):
            errors[name] = [str(message)]
    link = target.link
    if link is None and target.location_id is None:
        errors["link"] = [_("Choose the link or the place the target stands for.")]
    if link is not None and target.location_id is None:
        target.location_id = link.location_id
    location = target.location
    other_agency = (
        link is not None
        and location is not None
        and location.organization_id != link.organization_id
    )
    if other_agency:
        errors["location"] = [_("Choose a place of the link's agency.")]
    timeout = target.timeout_seconds
    if timeout is not None and target.interval_seconds and timeout >= target.interval_seconds:
        errors["timeout_seconds"] = [_("The timeout must be shorter than the interval.")]
    retry = target.retry_interval_seconds
    if retry and target.interval_seconds and retry > target.interval_seconds:
        errors["retry_interval_seconds"] = [
            _("The retry interval cannot be longer than the interval.")
        ]
    if target.vantage == Vantage.OUTSIDE and target.role != TargetRole.PROVIDER:
        errors["vantage"] = [_("Only the provider's equipment is probed from outside.")]
    if not errors:
        try:
            target.full_clean()
        except ValidationError as error:
            errors = {
                name: [str(m) for m in messages] for name, messages in error.message_dict.items()
            }
    if errors:
        raise DomainError(_("Check the target's details."), fields=errors)


def _state_of_pause(paused: bool) -> dict[str, Any]:
    """The state a target takes when it is paused or resumed."""
    state = TargetState.PAUSED if paused else TargetState.UNKNOWN
    return {"paused": paused, "state": state, "state_since": timezone.now(), "last_error": ""}


def _keep_pause(target: Target) -> None:
    """Open the target's pause when it is paused, end it when it is not (in the change's
    transaction): the time it was paused is not watched through it."""
    at = target.state_since or timezone.now()  # the pause's or the resumption's time
    open_pause = target.pauses.filter(ended_at__isnull=True)
    if target.paused and not open_pause.exists():
        TargetPause.objects.create(target=target, started_at=at)
    elif not target.paused:
        for pause in open_pause:
            pause.ended_at = max(at, pause.started_at)
            pause.save(update_fields=["ended_at"])


@transaction.atomic
def target_create(*, actor, data: Mapping[str, Any]) -> Target:
    """Add a target (network administrator); a paused one starts `paused`."""
    TARGET_KEEPERS.require(actor)
    fields = {**picked(data, TARGET_EDIT_FIELDS), "created_by": actor}
    if fields.get("paused"):
        fields.update(_state_of_pause(True))
    target = audited_create(
        model=Target,
        actor=actor,
        data=fields,
        action="monitoring_target.created",
        check=check_target,
    )
    _keep_pause(target)
    return target


@transaction.atomic
def target_update(
    *, actor, target: Target, data: Mapping[str, Any], expected_version: int | None = None
) -> Target:
    """Change a target's settings (network administrator), refused with Conflict when it was
    saved since `expected_version`; changing `paused` pauses or resumes it as
    `target_set_paused` does."""
    TARGET_KEEPERS.require(actor)
    changes = picked(data, TARGET_EDIT_FIELDS)
    if "paused" in changes and bool(changes["paused"]) != locked(target).paused:
        changes.update(_state_of_pause(bool(changes["paused"])))
    updated = audited_update(
        obj=target,
        actor=actor,
        action="monitoring_target.updated",
        data=changes,
        expected_version=expected_version,
        check=check_target,
    )
    _keep_pause(updated)
    return updated


@transaction.atomic
def target_set_paused(
    *, actor, target: Target, paused: bool, expected_version: int | None = None
) -> Target:
    """Pause a target (the monitor stops probing it; its state is `paused`) or resume it
    (`unknown` until probed), with the version the user saw."""
    TARGET_KEEPERS.require(actor)
    updated = audited_update(
        obj=target,
        actor=actor,
        action="monitoring_target.paused" if paused else "monitoring_target.resumed",
        data=_state_of_pause(paused),
        expected_version=expected_version,
    )
    _keep_pause(updated)
    return updated


@transaction.atomic
def target_delete(*, actor, target: Target, expected_version: int | None = None) -> None:
    """Delete a target with its probes and downtimes; refused while it is down (its downtime
    belongs to an outage that must end first)."""
    TARGET_KEEPERS.require(actor)
    current = locked(target)
    if expected_version is not None and current.version != int(expected_version):
        raise Conflict()
    if current.downtimes.filter(ended_at__isnull=True).exists():
        raise DomainError(
            _(
                "The target is down now: its downtime belongs to an outage. Pause it instead, "
                "or delete it once it is up again."
            )
        )
    audited_delete(
        obj=current, actor=actor, action="monitoring_target.deleted", fields=list(TARGET_FIELDS)
    )
