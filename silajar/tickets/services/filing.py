"""Logging and editing a complaint: from the phone, the portal or the API."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.audit import audit_record, diff, snapshot
from silajar.core.editing import audited_update
from silajar.core.errors import ActionForbidden, DomainError, require_text
from silajar.core.jobs import enqueue
from silajar.core.sequences import next_number
from silajar.inventory import services as inventory
from silajar.organizations.models import Criticality, Location, Organization
from silajar.organizations.services import check_place
from silajar.tickets.choices import (
    CONFIRMED_DOMAINS,
    Channel,
    FaultDomain,
    Priority,
    Scope,
    StepOutcome,
    TicketState,
)
from silajar.tickets.models import (
    Category,
    Ticket,
)
from silajar.tickets.selectors import checklist_for
from silajar.tickets.services.clocks import ticket_sla_refresh
from silajar.tickets.workflows import is_assigned_technician

NUMBER_PREFIX = "TKT"
NUMBER_WIDTH = 6
EDITABLE_FIELDS = (
    "description",
    "scope",
    "fault_domain",
    "category",
    "priority",
    "location",
    "location_detail",
    "device",
    "reporter_name",
    "reporter_phone",
    "reporter_unit",
)


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
    location_detail: str = "",
    scope: str = Scope.UNKNOWN,
    category: Category | None = None,
    priority: str | None = None,
    fault_domain: str = FaultDomain.UNKNOWN,
    self_help: Sequence[int] = (),
) -> Ticket:
    """Log a complaint. Agency users file for their own agency only, and are the reporter;
    the fault domain (the desk's reading of the evidence at intake) is the staff's.
    `location_detail`: the room or floor as the reporter says it, kept apart from the
    registered place `location`.

    `self_help`: the first-line steps (ids) the reporter says they already tried in the
    portal's self-help; they are recorded as the ticket's first steps, done and still not
    working, so the helpdesk does not ask again. Steps that do not apply are left out."""
    if actor.is_agency_user:
        if organization.pk != actor.organization_id:
            raise ActionForbidden(_("You can report problems of your own agency only."))
        reporter = actor
        channel = Channel.WEB
        priority = None  # the desk sets priorities; agency users get the suggested one
        fault_domain = FaultDomain.UNKNOWN
    elif not actor.is_internal_staff:
        raise ActionForbidden(_("Your role cannot report network problems."))
    check_place(organization=organization, location=location)
    if fault_domain not in FaultDomain.values:
        message = _("Choose one of the fault domains.")
        raise DomainError(message, fields={"fault_domain": [message]})
    require_text(description, field="description", message=_("Describe the problem."))
    if reporter is not None and not (
        reporter.is_active and reporter.organization_id == organization.pk
    ):
        raise DomainError(
            _("The reporter must be an active user of the agency the ticket is for."),
            fields={"reporter": [_("Not a user of this agency.")]},
        )
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
        location_detail=location_detail.strip(),
        description=description.strip(),
        scope=scope,
        fault_domain=fault_domain,
        category=category,
        priority=priority or suggest_priority(scope=scope, organization=organization),
        checklist=self_help_answers(scope=scope, category=category, steps=self_help),
        created_by=actor,
    )
    fields = [
        "state",
        "channel",
        "organization",
        "location",
        "scope",
        "fault_domain",
        "category",
        "priority",
    ]
    if ticket.checklist:
        fields.append("checklist")
    audit_record(
        actor=actor,
        action="ticket.created",
        obj=ticket,
        changes=diff(dict.fromkeys(fields), snapshot(ticket, fields))
        | {"pause_reason": [None, ""]},
    )
    ticket_sla_refresh(ticket=ticket)
    transaction.on_commit(lambda: enqueue("tickets.announce", "created", ticket.pk))
    return ticket


def self_help_answers(
    *, scope: str, category: Category | None, steps: Sequence[int]
) -> list[dict[str, Any]]:
    """The steps a reporter tried before reporting, as recorded first-line answers (those of
    `steps` that apply to the scope and the kind of problem, in the checklist's order)."""
    tried = set(steps)
    if not tried or scope not in (Scope.SINGLE_DEVICE, Scope.WHOLE_LOCATION):
        return []
    return [
        {
            "step": step.pk,
            "question": step.question,
            "outcome": StepOutcome.DONE_NOT_FIXED,
            "note": "",
            "by_reporter": True,
        }
        for step in checklist_for(scope, category)
        if step.pk in tried
    ]


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
        check_place(organization=ticket.organization, location=data["location"])
    if data.get("device") is not None:
        location = data.get("location", ticket.location)
        inventory.check_device(
            device=data["device"],
            organization_id=ticket.organization_id,
            location_id=location.pk if location else None,
        )
    updated = audited_update(
        obj=ticket,
        actor=actor,
        data=data,
        expected_version=expected_version,
        action="ticket.updated",
    )
    ticket_sla_refresh(ticket=updated)
    return updated


# who confirms a ticket's fault domain: the desk and the network administrator, and the
# technician the ticket is assigned to (who sees the site)
DOMAIN_CONFIRMERS = (Role.HELPDESK, Role.NETWORK_ADMIN)


def may_confirm_fault_domain(*, user: User, ticket: Ticket) -> bool:
    """Whether `user` may confirm or correct the ticket's fault domain (not yet asking
    whether the ticket is still open)."""
    return user.has_role(*DOMAIN_CONFIRMERS) or is_assigned_technician(user, ticket)


@transaction.atomic
def ticket_confirm_fault_domain(
    *,
    ticket: Ticket,
    actor: User,
    domain: str,
    version: int | None = None,
    proposed: str = "",
) -> Ticket:
    """The desk confirms the fault domain the evidence proposed, or corrects it: one of the
    precise domains (`CONFIRMED_DOMAINS`), stored on the ticket and audited (`proposed`, what
    the evidence proposed, goes into the event's note). A stale `version` is a Conflict;
    confirming the domain the ticket already has changes and records nothing."""
    if not may_confirm_fault_domain(user=actor, ticket=ticket):
        raise ActionForbidden(
            _(
                "Only the helpdesk, the network administrator or the assigned technician can "
                "confirm the fault domain."
            )
        )
    if ticket.state in (TicketState.CLOSED, TicketState.CANCELLED):
        raise DomainError(_("A closed or cancelled ticket cannot be edited."))
    if domain not in CONFIRMED_DOMAINS:
        message = _("Choose one of the fault domains.")
        raise DomainError(message, fields={"domain": [message]})
    note = ""
    if proposed in FaultDomain.values:
        note = _("Proposed by the monitoring evidence: %(domain)s") % {
            "domain": FaultDomain(proposed).label
        }
    return audited_update(
        obj=ticket,
        actor=actor,
        data={"fault_domain": domain},
        expected_version=version,
        action="ticket.fault_domain_confirmed",
        note=note,
    )
