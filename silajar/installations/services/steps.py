"""The steps' clocks: each action fires through the engine and restarts the step's clock; the
steps' targets in working days; the periodic scan of steps past their due time."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silajar.accounts.models import User
from silajar.core.audit import audit_record
from silajar.core.calendar import end_of_working_day, working_days_due
from silajar.core.editing import audited_set
from silajar.core.errors import ActionForbidden
from silajar.core.jobs import enqueue
from silajar.core.working_calendar import office_calendar
from silajar.installations import access, selectors
from silajar.installations.choices import DEFAULT_STEP_DAYS, FINAL_STATES, OPEN_STATES, RequestState
from silajar.installations.models import InstallationRequest, StepTarget
from silajar.installations.services.inputs import raise_errors
from silajar.installations.workflows import INSTALLATION_FLOW
from silajar.inventory import services as inventory


def step_fields(*, state: str, now: datetime, due_date: date | None = None) -> dict[str, Any]:
    """The step clock of a request entering `state` at `now` (a given due date wins)."""
    if state in FINAL_STATES:
        return {"step_started_at": None, "step_due_at": None, "step_overdue": False}
    calendar = office_calendar()
    due = None
    if due_date is not None:
        due = end_of_working_day(calendar, due_date) or timezone.make_aware(
            datetime.combine(due_date, datetime.max.time())
        )
    else:
        days = selectors.step_days(state)
        due = working_days_due(calendar, now, days) if days else None
    return {"step_started_at": now, "step_due_at": due, "step_overdue": False}


@transaction.atomic
def step_targets_set(*, actor: User, days: Mapping[str, int]) -> int:
    """Store the working days of the steps in `days`; one audit event per changed step.
    Returns how many changed."""
    if not access.may_set_step_targets(actor):
        raise ActionForbidden(
            _("Only administrators and the section head can change the steps' targets.")
        )
    errors = {
        state: [_("Between 1 and 365 working days.")]
        for state, value in days.items()
        if state in OPEN_STATES and not (isinstance(value, int) and 1 <= value <= 365)
    }
    errors.update({s: [_("Not a step of the procedure.")] for s in days if s not in OPEN_STATES})
    raise_errors(errors=errors, message=_("Check the steps' targets."))
    changed = 0
    for state, value in days.items():
        target = StepTarget.objects.select_for_update().filter(state=state).first()
        before = target.working_days if target else DEFAULT_STEP_DAYS.get(state)
        if before == value:
            continue
        if target is None:
            target = StepTarget.objects.create(state=state, working_days=value)
        else:
            target.working_days = value
            target.save(update_fields=["working_days", "updated_at"])
        audit_record(
            actor=actor,
            action="installation.step_target",
            obj=target,
            changes={"working_days": [before, value]},
            note=str(RequestState(state).label),
        )
        changed += 1
    return changed


def fire(
    *,
    installation: InstallationRequest,
    action: str,
    actor: User,
    version: int | None,
    changes: Mapping[str, Any] | None = None,
    note: str = "",
    event: str = "",
    due_date: date | None = None,
) -> InstallationRequest:
    """Fire `action` through the engine; the step clock restarts with each new state."""
    spec = INSTALLATION_FLOW.action(action)
    now = timezone.now()
    changes = dict(changes or {})
    if spec.target is not None:
        changes.update(step_fields(state=spec.target, now=now, due_date=due_date))
        if spec.target in FINAL_STATES:
            changes["closed_at"] = now
    # after the commit `installation` holds the new version (apply refreshes it): the notification
    # key names the change itself, so a retried or late task never notifies about it twice
    effects = (
        [lambda: enqueue("installations.announce", event, installation.pk, installation.version)]
        if event
        else []
    )
    with transaction.atomic():
        updated = INSTALLATION_FLOW.apply(
            obj=installation,
            action=action,
            actor=actor,
            version=version,
            changes=changes,
            note=note,
            on_commit=effects,
        )
        _ports_follow(updated, spec.target, actor)
    return updated


def ports_reference(*, installation: InstallationRequest) -> str:
    """The key holding the network inventory's ports reserved by a request's survey."""
    return f"installation:{installation.pk}"


def _ports_follow(installation: InstallationRequest, state: str | None, actor: User) -> None:
    """The ports the survey reserved follow the request, in its transaction: completing the
    installation puts them in use and lays the cables; cancelling or rejecting frees them."""
    if state == RequestState.INSTALLED:
        inventory.ports_commission(
            actor=actor,
            reference=ports_reference(installation=installation),
            label=installation.number,
        )
    elif state in (RequestState.CANCELLED, RequestState.REJECTED):
        inventory.ports_release(actor=actor, reference=ports_reference(installation=installation))


def overdue_scan(*, now: datetime | None = None) -> int:
    """Flag open requests whose current step passed its due time, audit it and tell the people
    concerned (once per step). Returns how many were flagged."""
    now = now or timezone.now()
    flagged = 0
    due = InstallationRequest.objects.filter(
        state__in=OPEN_STATES, step_overdue=False, step_due_at__lt=now
    ).values_list("pk", flat=True)
    for pk in list(due[:5000]):
        with transaction.atomic():
            installation = (
                InstallationRequest.objects.select_for_update()
                .filter(pk=pk, step_overdue=False, step_due_at__lt=now)
                .first()
            )
            if installation is None or installation.state not in OPEN_STATES:
                continue
            audited_set(
                obj=installation,
                actor=None,
                action="installation.step_overdue",
                values={"step_overdue": True},
                bump_version=False,  # a flag of the scan's: an open form stays valid
                note=installation.get_state_display(),
            )
            transaction.on_commit(
                partial(enqueue, "installations.announce", "overdue", pk, installation.version)
            )
            flagged += 1
    return flagged
