"""The complaint's workflow actions: one function per action of `TICKET_FLOW`, one transaction,
one audit event; `Workflow.act` finds them as `ticket_<action>`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silajar.accounts.models import User
from silajar.accounts.services import active_technician
from silajar.core.errors import DomainError, require_text
from silajar.core.jobs import enqueue
from silajar.core.signatures import checked_sign_off
from silajar.core.uploads import store_file
from silajar.tickets import escalation
from silajar.tickets.choices import (
    FaultDomain,
    PauseReason,
    Scope,
    StepOutcome,
)
from silajar.tickets.models import (
    ChecklistStep,
    Ticket,
)
from silajar.tickets.services.clocks import ticket_sla_refresh
from silajar.tickets.workflows import TICKET_FLOW


def _apply(
    ticket: Ticket,
    action: str,
    actor: User,
    version: int | None,
    changes=None,
    *,
    event: str = "",
    **options,
) -> Ticket:
    """Fire `action` through the engine (`options`: its note); the service-level clocks follow
    the new state. `event`: what the worker tells the people concerned after the commit
    (`tickets.announce`; `ticket` then holds the new version, which keys the message)."""
    if event:
        options["on_commit"] = [
            lambda: enqueue("tickets.announce", event, ticket.pk, ticket.version)
        ]
    updated = TICKET_FLOW.apply(
        obj=ticket, action=action, actor=actor, version=version, changes=changes, **options
    )
    ticket_sla_refresh(ticket=updated)
    return updated


@transaction.atomic
def ticket_triage(*, ticket: Ticket, actor: User, version: int | None = None) -> Ticket:
    """The helpdesk takes the ticket up (ends the response clock)."""
    return _apply(ticket, "triage", actor, version, {"triaged_at": timezone.now()})


@transaction.atomic
def ticket_record_checklist(
    *,
    ticket: Ticket,
    actor: User,
    answers: list[Mapping[str, Any]],
    scope: str | None = None,
    version: int | None = None,
) -> Ticket:
    """Record the first-line steps walked with the caller and their outcome.

    `answers`: [{"step": <ChecklistStep id>, "outcome": "fixed"|"not_fixed"|"skipped",
    "note": "…"}]. The step's wording is stored with the answer, so later edits of the
    checklist do not rewrite history."""
    steps = {
        s.pk: s for s in ChecklistStep.objects.filter(pk__in=[_int(a, "step") for a in answers])
    }
    recorded = []
    for answer in answers:
        pk = _int(answer, "step")
        step = steps.get(pk) if pk is not None else None
        outcome = answer.get("outcome", "")
        if step is None or outcome not in StepOutcome.values:
            raise DomainError(
                _("Each answer needs a known step and an outcome."),
                fields={"answers": [_("Unknown step or outcome.")]},
            )
        recorded.append(
            {
                "step": step.pk,
                "question": step.question,
                "outcome": outcome,
                "note": str(answer.get("note", ""))[:500],
            }
        )
    changes: dict[str, Any] = {"checklist": recorded}
    if scope:
        if scope not in Scope.values:
            raise DomainError(_("Unknown scope."), fields={"scope": [_("Unknown scope.")]})
        changes["scope"] = scope
    return _apply(ticket, "record_checklist", actor, version, changes)


def _int(mapping: Mapping[str, Any], key: str) -> int | None:
    """`mapping[key]` as a whole number; None when it is missing or not one."""
    try:
        return int(mapping[key])
    except (KeyError, TypeError, ValueError):
        return None


@transaction.atomic
def ticket_resolve_first_line(
    *, ticket: Ticket, actor: User, note: str, version: int | None = None
) -> Ticket:
    """Solved during the call: closed on the spot, counted as first-contact resolution."""
    require_text(note, field="note", message=_("Write what solved the problem."))
    now = timezone.now()
    return _apply(
        ticket,
        "resolve_first_line",
        actor,
        version,
        {
            "resolution_note": note.strip(),
            "first_contact_resolution": True,
            "resolved_at": now,
            "closed_at": now,
        },
        event="closed",
    )


@transaction.atomic
def ticket_dispatch(
    *, ticket: Ticket, actor: User, technician: User | int, version: int | None = None
) -> Ticket:
    """Send a technician to the location."""
    tech = active_technician(user_id=technician)
    return _apply(ticket, "dispatch", actor, version, {"assigned_to": tech}, event="dispatched")


@transaction.atomic
def ticket_reassign(
    *, ticket: Ticket, actor: User, technician: User | int, version: int | None = None
) -> Ticket:
    """Give the ticket to another technician (back to dispatched)."""
    tech = active_technician(user_id=technician)
    if tech.pk == ticket.assigned_to_id:
        raise DomainError(
            _("The ticket is already assigned to this technician."),
            fields={"technician": [_("Choose another technician.")]},
        )
    return _apply(ticket, "reassign", actor, version, {"assigned_to": tech}, event="dispatched")


@transaction.atomic
def ticket_start(*, ticket: Ticket, actor: User, version: int | None = None) -> Ticket:
    """The assigned technician is on site."""
    return _apply(ticket, "start", actor, version)


@transaction.atomic
def ticket_resolve(
    *,
    ticket: Ticket,
    actor: User,
    diagnosis: str,
    action_taken: str,
    parts_used: str = "",
    version: int | None = None,
) -> Ticket:
    """The technician reports the problem found and the action taken."""
    errors = {}
    if not diagnosis.strip():
        errors["diagnosis"] = [_("This field is required.")]
    if not action_taken.strip():
        errors["action_taken"] = [_("This field is required.")]
    if errors:
        raise DomainError(_("Report the problem found and the action taken."), fields=errors)
    return _apply(
        ticket,
        "resolve",
        actor,
        version,
        {
            "diagnosis": diagnosis.strip(),
            "action_taken": action_taken.strip(),
            "parts_used": parts_used.strip(),
            "resolved_at": timezone.now(),
        },
        event="resolved",
    )


def ticket_sign_off(
    *,
    ticket: Ticket,
    actor: User,
    signer_name: str,
    signature: str = "",
    signed_form=None,
    version: int | None = None,
) -> Ticket:
    """The user signs the disruption form: drawn on screen, or the scan of the paper form.

    The file is stored in the transaction of the state change: if the change does not commit,
    the stored file is removed again, so nothing is left half-done."""
    field, checked = checked_sign_off(
        signer_name=signer_name, signature=signature, signed_form=signed_form
    )
    now = timezone.now()
    with transaction.atomic():
        stored = store_file(Ticket, field, checked)
        return _apply(
            ticket,
            "sign_off",
            actor,
            version,
            {
                "signer_name": signer_name.strip(),
                field: stored,
                "signed_at": now,
                "closed_at": now,
            },
            event="closed",
        )


@transaction.atomic
def ticket_escalate_to_provider(
    *,
    ticket: Ticket,
    actor: User,
    reference: str = "",
    incident: int | None = None,
    version: int | None = None,
) -> Ticket:
    """An internet (provider) fault: the ticket waits for the provider; its clock pauses.

    When a procedure registered in `tickets.escalation` (the provider incidents), the ticket
    joins the provider incident `incident`, or without one the incident of the ticket's link
    (opened when there is none), and the incident's number becomes the reference. The fault
    domain becomes `internet`, unless a precise internet domain (provider link, upstream) was
    already confirmed: that one stays."""
    hook = escalation.registered()
    if hook is not None:
        TICKET_FLOW.check(ticket, "escalate_to_provider", actor)  # refusals name the ticket
        number = hook.escalate(ticket=ticket, actor=actor, incident_id=incident)
        reference = reference.strip() or number
    return _apply(
        ticket,
        "escalate_to_provider",
        actor,
        version,
        {
            "fault_domain": ticket.fault_domain
            if FaultDomain.group(ticket.fault_domain) == FaultDomain.INTERNET
            else FaultDomain.INTERNET,
            "provider_reference": reference.strip()[:100],
        },
    )


@transaction.atomic
def ticket_propose_escalation(
    *, ticket: Ticket, actor: User, reason: str, version: int | None = None
) -> Ticket:
    """The technician finds the fault on the provider's side: the ticket goes back to the desk,
    which escalates it to the provider; the reason is what the technician saw."""
    require_text(reason, field="reason", message=_("Say what shows the provider's side is down."))
    return _hand_back(ticket, "propose_escalation", actor, version, reason)


@transaction.atomic
def ticket_hand_back(
    *, ticket: Ticket, actor: User, reason: str, version: int | None = None
) -> Ticket:
    """The technician cannot fix it on site (parts, access, another team): back to the desk."""
    require_text(reason, field="reason", message=_("Say why it cannot be fixed on site."))
    return _hand_back(ticket, "hand_back", actor, version, reason)


def _hand_back(ticket: Ticket, action: str, actor: User, version: int | None, reason: str):
    """Back to triage with the technician's reason as the event's note; the desk is told."""
    return _apply(ticket, action, actor, version, event="handed_back", note=reason.strip())


@transaction.atomic
def ticket_return_from_provider(
    *, ticket: Ticket, actor: User, note: str = "", version: int | None = None
) -> Ticket:
    return _apply(ticket, "return_from_provider", actor, version, note=note.strip())


@transaction.atomic
def ticket_provider_restored(
    *, ticket: Ticket, actor: User, note: str, version: int | None = None
) -> Ticket:
    """The provider restored the internet and the network administrator verified it: the
    ticket waiting for the provider is resolved and its reporter is told the internet is back."""
    require_text(note, field="note", message=_("Write how the internet was restored."))
    return _apply(
        ticket,
        "provider_restored",
        actor,
        version,
        {"resolution_note": note.strip(), "resolved_at": timezone.now()},
        event="internet_restored",
    )


@transaction.atomic
def ticket_pause(
    *,
    ticket: Ticket,
    actor: User,
    reason: str = PauseReason.WAITING_REPORTER,
    version: int | None = None,
) -> Ticket:
    """Stop the clocks while waiting for the reporter (named reason, shown on the ticket)."""
    if reason != PauseReason.WAITING_REPORTER:
        raise DomainError(_("Unknown pause reason."), fields={"reason": [_("Unknown reason.")]})
    return _apply(ticket, "pause", actor, version, {"pause_reason": reason})


@transaction.atomic
def ticket_resume(*, ticket: Ticket, actor: User, version: int | None = None) -> Ticket:
    return _apply(ticket, "resume", actor, version, {"pause_reason": ""})


@transaction.atomic
def ticket_reopen(
    *, ticket: Ticket, actor: User, reason: str, version: int | None = None
) -> Ticket:
    """The problem is back (within 7 days): to triage again; the clocks go on where they were."""
    require_text(reason, field="reason", message=_("Say why the ticket is reopened."))
    return _apply(
        ticket,
        "reopen",
        actor,
        version,
        {"resolved_at": None, "closed_at": None, "signed_at": None},
        note=reason.strip(),
    )


@transaction.atomic
def ticket_cancel(
    *, ticket: Ticket, actor: User, reason: str, version: int | None = None
) -> Ticket:
    require_text(reason, field="reason", message=_("Say why the ticket is cancelled."))
    return _apply(ticket, "cancel", actor, version, {"cancel_reason": reason.strip()})
