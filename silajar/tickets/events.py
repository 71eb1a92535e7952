"""How the complaint procedure's events read in a ticket's history (see `silajar.core.events`)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from silajar.tickets.choices import StepOutcome


def checklist_answer(answer) -> str:
    """One recorded first-line step: its wording, its outcome, the note."""
    if not isinstance(answer, dict):
        return str(answer)
    outcome = dict(StepOutcome.choices).get(answer.get("outcome"), answer.get("outcome", ""))
    text = gettext("%(question)s: %(outcome)s") % {
        "question": answer.get("question", ""),
        "outcome": outcome,
    }
    return f"{text} ({answer['note']})" if answer.get("note") else text


EVENTS = {
    # the workflow's actions (silajar/tickets/workflows.py)
    "ticket.triage": _("%(actor)s took up ticket %(object)s"),
    "ticket.record_checklist": _("%(actor)s recorded the first-line steps of ticket %(object)s"),
    "ticket.resolve_first_line": _("%(actor)s solved ticket %(object)s on the call"),
    "ticket.dispatch": _("%(actor)s dispatched ticket %(object)s to a technician"),
    "ticket.reassign": _("%(actor)s gave ticket %(object)s to another technician"),
    "ticket.start": _("%(actor)s started work on site for ticket %(object)s"),
    "ticket.resolve": _("%(actor)s resolved ticket %(object)s"),
    "ticket.sign_off": _("%(actor)s recorded the sign-off of ticket %(object)s"),
    "ticket.escalate_to_provider": _("%(actor)s escalated ticket %(object)s to the provider"),
    "ticket.return_from_provider": _(
        "%(actor)s recorded the provider's answer on ticket %(object)s"
    ),
    "ticket.provider_restored": _(
        "%(actor)s recorded that the provider restored the internet for ticket %(object)s"
    ),
    "ticket.pause": _("%(actor)s paused ticket %(object)s"),
    "ticket.resume": _("%(actor)s resumed ticket %(object)s"),
    "ticket.reopen": _("%(actor)s reopened ticket %(object)s"),
    "ticket.cancel": _("%(actor)s cancelled ticket %(object)s"),
    # the services' other events
    "ticket.created": _("%(actor)s logged ticket %(object)s"),
    "ticket.updated": _("%(actor)s edited ticket %(object)s"),
    "ticket.fault_domain_confirmed": _("%(actor)s confirmed the fault domain of ticket %(object)s"),
    "ticket.comment": _("%(actor)s commented on ticket %(object)s"),
    "ticket.comment_internal": _("%(actor)s added an internal note to ticket %(object)s"),
    "ticket.attachment_added": _("%(actor)s attached a file to ticket %(object)s"),
    "ticket.attachment_internal": _("%(actor)s attached an internal file to ticket %(object)s"),
    "ticket.rated": _("%(actor)s rated the service on ticket %(object)s"),
    "ticket.self_help_solved": _("%(actor)s solved the problem with the self-help steps"),
    "ticket.sla_escalated": _("The service target of ticket %(object)s was escalated"),
    # reference data (the settings pages)
    "category.created": _("%(actor)s added the category %(object)s"),
    "category.updated": _("%(actor)s edited the category %(object)s"),
    "category.deleted": _("%(actor)s deleted the category %(object)s"),
    "category.activated": _("%(actor)s activated the category %(object)s"),
    "category.deactivated": _("%(actor)s deactivated the category %(object)s"),
    "checklist_step.created": _("%(actor)s added the first-line step %(object)s"),
    "checklist_step.updated": _("%(actor)s edited the first-line step %(object)s"),
    "checklist_step.activated": _("%(actor)s activated the first-line step %(object)s"),
    "checklist_step.deactivated": _("%(actor)s deactivated the first-line step %(object)s"),
    "sla_target.created": _("%(actor)s added the service target %(object)s"),
    "sla_target.updated": _("%(actor)s edited the service target %(object)s"),
    "sla_target.deleted": _("%(actor)s deleted the service target %(object)s"),
}

LIST_ITEMS = {"tickets.ticket.checklist": checklist_answer}
