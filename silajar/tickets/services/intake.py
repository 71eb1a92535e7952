"""The helpdesk's intake screen: a phone call logged, and at once solved, dispatched or left
for later, in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from silajar.accounts.models import User
from silajar.core.errors import DomainError
from silajar.tickets.models import (
    Ticket,
)
from silajar.tickets.services.actions import (
    ticket_dispatch,
    ticket_record_checklist,
    ticket_resolve_first_line,
    ticket_triage,
)
from silajar.tickets.services.filing import ticket_create

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
