"""Every change of a ticket: one function per action, one transaction, one audit event.

Views, the API, commands and tasks call these (`services.ticket_dispatch(...)`), and the workflow
finds each action's service here as `ticket_<action>`; nothing else sets a ticket's state. By
step: filing (log, edit), intake (the phone-call screen), actions (the workflow), records
(comments, files, rating, self-help), clocks (service levels from the history)."""

from silajar.tickets.services.actions import (
    ticket_cancel,
    ticket_dispatch,
    ticket_escalate_to_provider,
    ticket_hand_back,
    ticket_pause,
    ticket_propose_escalation,
    ticket_provider_restored,
    ticket_reassign,
    ticket_record_checklist,
    ticket_reopen,
    ticket_resolve,
    ticket_resolve_first_line,
    ticket_resume,
    ticket_return_from_provider,
    ticket_sign_off,
    ticket_start,
    ticket_triage,
)
from silajar.tickets.services.clocks import (
    CLOCK_FIELDS,
    sla_targets,
    ticket_history,
    ticket_sla_refresh,
)
from silajar.tickets.services.filing import (
    DOMAIN_CONFIRMERS,
    EDITABLE_FIELDS,
    NUMBER_PREFIX,
    NUMBER_WIDTH,
    may_confirm_fault_domain,
    suggest_priority,
    ticket_confirm_fault_domain,
    ticket_create,
    ticket_update,
)
from silajar.tickets.services.intake import (
    INTAKE_DISPATCH,
    INTAKE_LOG,
    INTAKE_SOLVE,
    ticket_intake,
)
from silajar.tickets.services.records import (
    ATTACHMENT_KINDS,
    attachment_add,
    comment_add,
    deflection_record,
    ticket_rate,
)

__all__ = [
    "ATTACHMENT_KINDS",
    "CLOCK_FIELDS",
    "DOMAIN_CONFIRMERS",
    "EDITABLE_FIELDS",
    "INTAKE_DISPATCH",
    "INTAKE_LOG",
    "INTAKE_SOLVE",
    "NUMBER_PREFIX",
    "NUMBER_WIDTH",
    "attachment_add",
    "comment_add",
    "deflection_record",
    "may_confirm_fault_domain",
    "sla_targets",
    "suggest_priority",
    "ticket_cancel",
    "ticket_confirm_fault_domain",
    "ticket_create",
    "ticket_dispatch",
    "ticket_escalate_to_provider",
    "ticket_hand_back",
    "ticket_history",
    "ticket_intake",
    "ticket_pause",
    "ticket_propose_escalation",
    "ticket_provider_restored",
    "ticket_rate",
    "ticket_reassign",
    "ticket_record_checklist",
    "ticket_reopen",
    "ticket_resolve",
    "ticket_resolve_first_line",
    "ticket_resume",
    "ticket_return_from_provider",
    "ticket_sign_off",
    "ticket_sla_refresh",
    "ticket_start",
    "ticket_triage",
    "ticket_update",
]
