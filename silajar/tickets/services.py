"""Every change of a ticket: one function per action, one transaction, one audit event.

Views, the API, commands and tasks call these; nothing else sets a ticket's state."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from silajar.accounts.models import User
from silajar.accounts.services import active_technician
from silajar.core.audit import audit_record, diff, snapshot
from silajar.core.editing import versioned_update
from silajar.core.errors import ActionForbidden, DomainError, require_text
from silajar.core.jobs import enqueue
from silajar.core.models import AuditEvent
from silajar.core.sequences import next_number
from silajar.core.signatures import checked_sign_off
from silajar.core.uploads import KIND_JPEG, KIND_PDF, KIND_PNG, check_upload, store_file
from silajar.core.working_calendar import office_calendar
from silajar.organizations.models import Criticality, Location, Organization
from silajar.organizations.services import check_place
from silajar.tickets.choices import (
    Channel,
    PauseReason,
    Priority,
    Scope,
    StepOutcome,
    TicketState,
)
from silajar.tickets.models import (
    Attachment,
    Category,
    ChecklistStep,
    Comment,
    Deflection,
    SlaTarget,
    Ticket,
)
from silajar.tickets.sla import Snapshot, Targets, compute_sla
from silajar.tickets.workflows import TICKET_FLOW

NUMBER_PREFIX = "TKT"
NUMBER_WIDTH = 6
EDITABLE_FIELDS = (
    "description",
    "scope",
    "fault_domain",
    "category",
    "priority",
    "location",
    "reporter_name",
    "reporter_phone",
    "reporter_unit",
)
# the fields whose history drives the service-level clocks
CLOCK_FIELDS = frozenset({"state", "priority", "category", "pause_reason"})
ATTACHMENT_KINDS = (KIND_PDF, KIND_JPEG, KIND_PNG)


# --- creation and editing --------------------------------------------------------------------


def suggest_priority(*, scope: str, organization: Organization) -> str:
    """A whole location down is worse than one PC; a critical agency raises it a step."""
    ladder = [Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.CRITICAL]
    base = 2 if scope == Scope.WHOLE_LOCATION else 1
    if organization.criticality == Criticality.HIGH:
        base += 1
    elif organization.criticality == Criticality.LOW:
        base -= 1
    return ladder[max(0, min(base, len(ladder) - 1))]


@transaction.atomic
def ticket_create(
    *,
    actor: User,
    channel: str,
    organization: Organization,
    description: str,
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_unit: str = "",
    reporter: User | None = None,
    location: Location | None = None,
    scope: str = Scope.UNKNOWN,
    category: Category | None = None,
    priority: str | None = None,
) -> Ticket:
    """Log a complaint. Agency users file for their own agency only, and are the reporter."""
    if actor.is_agency_user:
        if organization.pk != actor.organization_id:
            raise ActionForbidden(_("You can report problems of your own agency only."))
        reporter = actor
        channel = Channel.WEB
        priority = None  # the desk sets priorities; agency users get the suggested one
    elif not actor.is_internal_staff:
        raise ActionForbidden(_("Your role cannot report network problems."))
    check_place(organization, location)
    require_text(description, field="description", message=_("Describe the problem."))
    if reporter is not None:
        reporter_name = reporter_name or reporter.full_name
        reporter_phone = reporter_phone or reporter.phone
    require_text(reporter_name, field="reporter_name", message=_("Enter the reporter's name."))
    ticket = Ticket.objects.create(
        number=next_number(key="ticket", prefix=NUMBER_PREFIX, width=NUMBER_WIDTH),
        channel=channel,
        reporter=reporter,
        reporter_name=reporter_name.strip(),
        reporter_phone=reporter_phone.strip(),
        reporter_unit=reporter_unit.strip(),
        organization=organization,
        location=location,
        description=description.strip(),
        scope=scope,
        category=category,
        priority=priority or suggest_priority(scope=scope, organization=organization),
        created_by=actor,
    )
    fields = ["state", "channel", "organization", "location", "scope", "category", "priority"]
    audit_record(
        actor=actor,
        action="ticket.created",
        obj=ticket,
        changes=diff(dict.fromkeys(fields), snapshot(ticket, fields))
        | {"pause_reason": [None, ""]},
    )
    _refresh_sla(ticket)
    transaction.on_commit(lambda: enqueue("tickets.announce", "created", ticket.pk))
    return ticket


@transaction.atomic
def ticket_update(
    *, actor: User, ticket: Ticket, data: Mapping[str, Any], expected_version: int | None
) -> Ticket:
    """Change the editable fields (complaint, scope, category, priority, place, reporter)."""
    if not actor.is_internal_staff:
        raise ActionForbidden(_("Only Diskominfo staff can edit a ticket."))
    if ticket.state in (TicketState.CLOSED, TicketState.CANCELLED):
        raise DomainError(_("A closed or cancelled ticket cannot be edited."))
    data = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    if "location" in data:
        check_place(ticket.organization, data["location"])
    updated = versioned_update(
        obj=ticket,
        actor=actor,
        data=data,
        expected_version=expected_version,
        action="ticket.updated",
    )
    _refresh_sla(updated)
    return updated


# --- workflow actions ------------------------------------------------------------------------


def _apply(
    ticket: Ticket,
    action: str,
    actor: User,
    version: int | None,
    changes: Mapping[str, Any] | None = None,
    note: str = "",
    on_commit: Iterable[Callable[[], Any]] = (),
) -> Ticket:
    updated = TICKET_FLOW.apply(
        obj=ticket,
        action=action,
        actor=actor,
        version=version,
        changes=changes,
        note=note,
        on_commit=on_commit,
    )
    _refresh_sla(updated)
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
        on_commit=[lambda: enqueue("tickets.announce", "closed", ticket.pk, ticket.version)],
    )


@transaction.atomic
def ticket_dispatch(
    *, ticket: Ticket, actor: User, technician: User | int, version: int | None = None
) -> Ticket:
    """Send a technician to the location."""
    tech = active_technician(technician)
    return _apply(
        ticket,
        "dispatch",
        actor,
        version,
        {"assigned_to": tech},
        on_commit=[lambda: enqueue("tickets.announce", "dispatched", ticket.pk, ticket.version)],
    )


@transaction.atomic
def ticket_reassign(
    *, ticket: Ticket, actor: User, technician: User | int, version: int | None = None
) -> Ticket:
    """Give the ticket to another technician (back to dispatched)."""
    tech = active_technician(technician)
    if tech.pk == ticket.assigned_to_id:
        raise DomainError(
            _("The ticket is already assigned to this technician."),
            fields={"technician": [_("Choose another technician.")]},
        )
    return _apply(
        ticket,
        "reassign",
        actor,
        version,
        {"assigned_to": tech},
        on_commit=[lambda: enqueue("tickets.announce", "dispatched", ticket.pk, ticket.version)],
    )


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
        on_commit=[lambda: enqueue("tickets.announce", "resolved", ticket.pk, ticket.version)],
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
            on_commit=[lambda: enqueue("tickets.announce", "closed", ticket.pk, ticket.version)],
        )


@transaction.atomic
def ticket_escalate_to_provider(
    *, ticket: Ticket, actor: User, reference: str = "", version: int | None = None
) -> Ticket:
    """An internet (provider) fault: the ticket waits for the provider; its clock pauses."""
    return _apply(
        ticket,
        "escalate_to_provider",
        actor,
        version,
        {"fault_domain": "internet", "provider_reference": reference.strip()[:100]},
    )


@transaction.atomic
def ticket_return_from_provider(
    *, ticket: Ticket, actor: User, note: str = "", version: int | None = None
) -> Ticket:
    return _apply(ticket, "return_from_provider", actor, version, note=note.strip())


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


# --- comments, attachments, rating, self-help --------------------------------------------------


@transaction.atomic
def comment_add(*, ticket: Ticket, actor: User, body: str, internal: bool = False) -> Comment:
    require_text(body, field="body", message=_("Write a comment."))
    if internal and not actor.is_internal_staff:
        raise ActionForbidden(_("Only Diskominfo staff can write internal notes."))
    comment = Comment.objects.create(
        ticket=ticket, author=actor, body=body.strip(), is_internal=internal
    )
    audit_record(
        actor=actor,
        action="ticket.comment_internal" if internal else "ticket.comment",
        obj=ticket,
        note=body.strip()[:500],
    )
    if not internal:
        transaction.on_commit(lambda: enqueue("tickets.announce", "commented", comment.pk))
    return comment


def attachment_add(*, ticket: Ticket, actor: User, upload, internal: bool = False) -> Attachment:
    """Attach a photo or document (PDF, JPEG, PNG, checked by content, at most 10 MB).

    The file is stored in the row's transaction: if that does not commit, it is removed."""
    if internal and not actor.is_internal_staff:
        raise ActionForbidden(_("Only Diskominfo staff can add internal files."))
    checked = check_upload(upload, allowed=ATTACHMENT_KINDS)
    with transaction.atomic():
        stored = store_file(Attachment, "file", checked)
        attachment = Attachment.objects.create(
            ticket=ticket,
            uploaded_by=actor,
            file=stored,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=len(checked.content),
            is_internal=internal,
        )
        audit_record(
            actor=actor,
            action="ticket.attachment_internal" if internal else "ticket.attachment_added",
            obj=ticket,
            note=checked.original_name,
        )
    return attachment


@transaction.atomic
def ticket_rate(*, ticket: Ticket, actor: User, rating: int, comment: str = "") -> Ticket:
    """The reporting agency rates the service after closing (1–5)."""
    if ticket.state != TicketState.CLOSED:
        raise DomainError(_("A ticket can be rated once it is closed."))
    if not (
        actor.pk == ticket.reporter_id
        or (actor.is_agency_user and actor.organization_id == ticket.organization_id)
    ):
        raise ActionForbidden(_("Only the reporting agency can rate the service."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise DomainError(_("Give a rating from 1 to 5."), fields={"rating": [_("1 to 5.")]})
    current = Ticket.objects.select_for_update().get(pk=ticket.pk)
    before = snapshot(current, ["rating", "rating_comment"])
    current.rating, current.rating_comment = rating, comment.strip()
    current.save(update_fields=["rating", "rating_comment", "updated_at"])
    audit_record(
        actor=actor,
        action="ticket.rated",
        obj=current,
        changes=diff(before, snapshot(current, ["rating", "rating_comment"])),
    )
    return current


@transaction.atomic
def deflection_record(*, actor: User, scope: str, steps: list[int]) -> Deflection:
    """An agency user solved the problem with the self-help steps: counted, no ticket."""
    deflection = Deflection.objects.create(
        user=actor, organization_id=actor.organization_id, scope=scope, steps=steps
    )
    audit_record(actor=actor, action="ticket.self_help_solved", obj=deflection)
    return deflection


# --- service-level clocks --------------------------------------------------------------------


def ticket_history(ticket: Ticket) -> list[Snapshot]:
    """The ticket's clock-relevant history, rebuilt from its audit events."""
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Ticket), object_id=str(ticket.pk)
    ).order_by("created_at", "pk")
    values: dict[str, Any] = {}
    history: list[Snapshot] = []
    for event in events.only("created_at", "changes"):
        touched = {k: v[1] for k, v in event.changes.items() if k in CLOCK_FIELDS}
        if not touched and history:
            continue
        values.update(touched)
        history.append(
            Snapshot(
                at=event.created_at,
                state=values.get("state") or TicketState.NEW,
                priority=values.get("priority") or ticket.priority,
                category_id=values.get("category"),
                pause_reason=values.get("pause_reason") or "",
            )
        )
    return history


def sla_targets(history: list[Snapshot]) -> Targets:
    """The (response, resolution) minutes of a snapshot's priority and category: the
    category's own target, else the priority's default."""
    categories = {snap.category_id for snap in history if snap.category_id is not None}
    rows = {
        (row.category_id, row.priority): (row.response_minutes, row.resolution_minutes)
        for row in SlaTarget.objects.filter(
            Q(category__isnull=True) | Q(category_id__in=categories)
        )
    }

    def targets(snap: Snapshot) -> tuple[float, float]:
        found = rows.get((snap.category_id, snap.priority)) or rows.get((None, snap.priority))
        if found is None:
            raise DomainError(
                _("No service-level target is set for priority “%(priority)s”.")
                % {"priority": Priority(snap.priority).label}
            )
        return found

    return targets


def _refresh_sla(ticket: Ticket, now=None, *, calendars=None) -> None:
    """Recompute the clocks from the history and store the result for lists and scans.

    A breach, once recorded, is kept (for reports) even when a later change of priority or
    category would give the ticket more time. `calendars` ({always_open: WorkingCalendar})
    lets a scan over many tickets build the office calendar once."""
    always_open = bool(ticket.category and ticket.category.always_open)
    if calendars is not None and always_open in calendars:
        calendar = calendars[always_open]
    else:
        calendar = office_calendar(always_open=always_open)
        if calendars is not None:
            calendars[always_open] = calendar
    history = ticket_history(ticket)
    result = compute_sla(
        history=history,
        calendar=calendar,
        targets=sla_targets(history),
        now=now or timezone.now(),
    )
    values: dict[str, Any] = {
        "sla_response_due_at": result.response.due_at,
        "sla_resolution_due_at": result.resolution.due_at,
        "sla_status": result.status,
    }
    # breaches only ever switch on
    if result.response.breached:
        values["sla_response_breached"] = True
    if result.resolution.breached:
        values["sla_resolution_breached"] = True
    Ticket.objects.filter(pk=ticket.pk).update(**values)
    for name, value in values.items():
        setattr(ticket, name, value)


# --- helpdesk intake (the phone-call screen) --------------------------------------------------
# Added by the staff-desk pages: one call logged in one transaction.

INTAKE_SOLVE = "solve"
INTAKE_DISPATCH = "dispatch"
INTAKE_LOG = "log"


@transaction.atomic
def ticket_intake(
    *,
    actor: User,
    intent: str,
    answers: list[Mapping[str, Any]] | None = None,
    note: str = "",
    technician: User | int | None = None,
    **create: Any,
) -> Ticket:
    """Log a call and finish what was done on it, all or nothing.

    `create` are the arguments of `ticket_create`. Then, by `intent`:
    "solve" — triage, record the steps, close as solved on the call (`note`);
    "dispatch" — triage, record the steps, dispatch to `technician`;
    "log" — only logged; when steps were walked, it is taken up and they are recorded."""
    if intent not in (INTAKE_SOLVE, INTAKE_DISPATCH, INTAKE_LOG):
        raise DomainError(_("Unknown way to finish the call."))
    answers = list(answers or [])
    ticket = ticket_create(actor=actor, **create)
    if intent == INTAKE_LOG and not answers:
        return ticket
    ticket = ticket_triage(ticket=ticket, actor=actor)
    if answers:
        ticket = ticket_record_checklist(ticket=ticket, actor=actor, answers=answers)
    if intent == INTAKE_SOLVE:
        ticket = ticket_resolve_first_line(ticket=ticket, actor=actor, note=note)
    elif intent == INTAKE_DISPATCH:
        if technician is None:
            raise DomainError(
                _("Choose the technician to dispatch."),
                fields={"technician": [_("This field is required.")]},
            )
        ticket = ticket_dispatch(ticket=ticket, actor=actor, technician=technician)
    return ticket
