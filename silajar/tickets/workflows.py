"""The complaint procedure as a state machine: who may do what, from which state."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from silajar.accounts.roles import Role
from silajar.core.workflow import Action, Workflow
from silajar.tickets.choices import TicketState as S

REOPEN_WINDOW = timedelta(days=7)


def is_assigned_technician(user, ticket) -> bool:
    return ticket.assigned_to_id is not None and ticket.assigned_to_id == user.pk


def is_reporting_agency(user, ticket) -> bool:
    """The reporter, or a user of the agency the ticket belongs to."""
    return user.pk == ticket.reporter_id or (
        user.is_agency_user and user.organization_id == ticket.organization_id
    )


def within_reopen_window(ticket, user):
    finished = ticket.closed_at or ticket.resolved_at
    if finished and timezone.now() - finished > REOPEN_WINDOW:
        return _("A ticket can be reopened within 7 days only; report a new problem instead.")
    return None


def not_paused(ticket, user):
    if ticket.pause_reason:
        return _("The ticket is paused; resume it first.")
    return None


def is_paused(ticket, user):
    if not ticket.pause_reason:
        return _("The ticket is not paused.")
    return None


OPEN_WORK = {S.TRIAGE, S.DISPATCHED, S.IN_PROGRESS}

TICKET_FLOW = Workflow(
    name="ticket",
    states=dict(S.choices),
    record="ticket",
    services="silajar.tickets.services",
    forms="silajar.tickets.forms.actions",
    serializers="silajar.tickets.serializers",
    actions=[
        Action(
            "triage",
            {S.NEW},
            S.TRIAGE,
            (Role.HELPDESK, Role.NETWORK_ADMIN),
            _("Take up"),
            body="VersionSerializer",
            summary="Take the ticket up",
            one_click=True,
        ),
        Action(
            "record_checklist",
            {S.TRIAGE},
            S.TRIAGE,
            (Role.HELPDESK, Role.NETWORK_ADMIN),
            _("Record first-line steps"),
            form="ChecklistForm",
            body="RecordChecklistSerializer",
            summary="Record the first-line steps walked with the caller",
            style="outline-primary",
        ),
        Action(
            "resolve_first_line",
            {S.TRIAGE},
            S.CLOSED,
            (Role.HELPDESK, Role.NETWORK_ADMIN),
            _("Solved on the call"),
            form="NoteForm",
            body="NoteSerializer",
            summary="Solved on the call: close with a note",
            style="success",
        ),
        Action(
            "dispatch",
            {S.TRIAGE},
            S.DISPATCHED,
            (Role.HELPDESK, Role.SECTION_HEAD, Role.NETWORK_ADMIN),
            _("Dispatch to a technician"),
            form="TechnicianForm",
            body="TechnicianSerializer",
            summary="Send a technician",
        ),
        Action(
            "reassign",
            {S.DISPATCHED, S.IN_PROGRESS},
            S.DISPATCHED,
            (Role.HELPDESK, Role.SECTION_HEAD, Role.NETWORK_ADMIN),
            _("Reassign"),
            form="TechnicianForm",
            body="TechnicianSerializer",
            summary="Give the ticket to another technician",
            style="outline-primary",
        ),
        Action(
            "start",
            {S.DISPATCHED},
            S.IN_PROGRESS,
            (is_assigned_technician,),
            _("Start on site"),
            guards=(not_paused,),
            body="VersionSerializer",
            summary="The technician is on site",
            one_click=True,
            done=_("Work started. The ticket is in progress."),
        ),
        Action(
            "resolve",
            {S.IN_PROGRESS},
            S.RESOLVED,
            (is_assigned_technician,),
            _("Resolve"),
            guards=(not_paused,),
            form="ResolveForm",
            body="ResolveSerializer",
            summary="Report the problem found and the action taken",
            style="success",
            done=_("The ticket is resolved. Ask the user to sign the form."),
        ),
        Action(
            "propose_escalation",
            {S.DISPATCHED, S.IN_PROGRESS},
            S.TRIAGE,
            (is_assigned_technician,),
            _("Needs the provider"),
            form="ReasonForm",
            body="ReasonSerializer",
            summary="The technician finds the fault on the provider's side: back to the desk, "
            "which escalates it",
            style="outline-dark",
            done=_("The helpdesk is asked to escalate the ticket to the provider."),
        ),
        Action(
            "hand_back",
            {S.IN_PROGRESS},
            S.TRIAGE,
            (is_assigned_technician,),
            _("Cannot be fixed on site"),
            form="ReasonForm",
            body="ReasonSerializer",
            summary="The technician cannot fix it on site (parts, access, another team): back to "
            "the desk with the reason",
            style="outline-danger",
            done=_("The ticket is back with the helpdesk, with your reason."),
        ),
        Action(
            "sign_off",
            {S.RESOLVED},
            S.CLOSED,
            (is_assigned_technician, is_reporting_agency, Role.HELPDESK),
            _("Sign the form"),
            form="SignOffForm",
            body="SignOffSerializer",
            summary="Sign the form: a drawn signature or the scan of the signed paper form",
            style="success",
            done=_("The form is signed and the ticket is closed."),
        ),
        Action(
            "escalate_to_provider",
            {S.TRIAGE},
            S.WAITING_PROVIDER,
            (Role.NETWORK_ADMIN,),
            _("Escalate to the provider"),
            form="EscalateForm",
            body="EscalateSerializer",
            summary="An internet fault: wait for the provider (the clocks pause)",
            style="outline-dark",
        ),
        Action(
            "return_from_provider",
            {S.WAITING_PROVIDER},
            S.TRIAGE,
            (Role.NETWORK_ADMIN,),
            _("Provider has reported back"),
            form="OptionalNoteForm",
            body="OptionalNoteSerializer",
            summary="The provider has reported back",
            style="outline-primary",
        ),
        Action(
            "provider_restored",
            {S.WAITING_PROVIDER},
            S.RESOLVED,
            (Role.NETWORK_ADMIN,),
            _("Internet restored"),
            form="NoteForm",
            body="NoteSerializer",
            summary="The provider restored the internet (verified): resolve the ticket and tell "
            "the reporter",
            style="outline-success",
        ),
        Action(
            "pause",
            OPEN_WORK,
            None,
            (Role.HELPDESK, Role.NETWORK_ADMIN, is_assigned_technician),
            _("Wait for the reporter"),
            guards=(not_paused,),
            body="PauseSerializer",
            summary="Stop the clocks while waiting for the reporter",
            style="outline-secondary",
            one_click=True,
        ),
        Action(
            "resume",
            OPEN_WORK,
            None,
            (Role.HELPDESK, Role.NETWORK_ADMIN, is_assigned_technician),
            _("Resume"),
            guards=(is_paused,),
            body="VersionSerializer",
            summary="Start the clocks again",
            style="outline-secondary",
            one_click=True,
        ),
        Action(
            "reopen",
            {S.RESOLVED, S.CLOSED},
            S.TRIAGE,
            (is_reporting_agency, Role.HELPDESK),
            _("Reopen"),
            guards=(within_reopen_window,),
            form="ReasonForm",
            body="ReasonSerializer",
            summary="The problem is back (within 7 days)",
            style="outline-warning",
        ),
        Action(
            "cancel",
            {S.NEW, S.TRIAGE, S.DISPATCHED, S.IN_PROGRESS, S.WAITING_PROVIDER},
            S.CANCELLED,
            (Role.HELPDESK,),
            _("Cancel"),
            form="ReasonForm",
            body="ReasonSerializer",
            summary="Cancel the ticket, with a reason",
            style="outline-danger",
        ),
    ],
)
