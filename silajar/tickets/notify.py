"""Who hears about what happens to a ticket. Called after the change commits."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.models import AuditEvent
from silajar.notifications.services import notify
from silajar.tickets.models import Comment, Ticket


def _ticket(pk: int) -> Ticket | None:
    return (
        Ticket.objects.select_related("organization", "location", "assigned_to", "reporter")
        .filter(pk=pk)
        .first()
    )


def _url(ticket: Ticket) -> str:
    return reverse("tickets:detail", kwargs={"pk": ticket.pk})


def _holders(*roles: str):
    return User.objects.filter(is_active=True, groups__name__in=roles).distinct()


def _summary(ticket: Ticket) -> str:
    place = f"{ticket.organization.short_name}"
    if ticket.location:
        place += f", {ticket.location}"
    return f"{ticket.number} · {place}\n{ticket.description[:300]}"


@override("id")
def ticket_created(pk: int, version: int | None = None) -> None:
    ticket = _ticket(pk)
    if ticket is None or ticket.created_by_id is None or ticket.created_by.is_internal_staff:
        return  # staff logged it themselves; only reports from the portal need the desk's eye
    notify(
        recipients=_holders(Role.HELPDESK),
        kind="ticket.created",
        title=_("New report %(number)s from %(agency)s")
        % {"number": ticket.number, "agency": ticket.organization.short_name},
        body=_summary(ticket),
        url=_url(ticket),
        key=f"ticket:{ticket.pk}:created",
        about=ticket,
        email=False,
    )


@override("id")
def ticket_dispatched(pk: int, version: int | None = None) -> None:
    ticket = _ticket(pk)
    if ticket is None or ticket.assigned_to is None:
        return
    notify(
        recipients=[ticket.assigned_to],
        kind="ticket.dispatched",
        title=_("Ticket %(number)s is assigned to you") % {"number": ticket.number},
        body=_summary(ticket),
        url=_url(ticket),
        key=f"ticket:{ticket.pk}:dispatched:v{version or ticket.version}",
        about=ticket,
    )


@override("id")
def ticket_handed_back(pk: int, version: int | None = None) -> None:
    """The technician handed the ticket back (it needs the provider, or cannot be fixed on
    site): the helpdesk, and for the provider the network administrators, take it from here."""
    ticket = _ticket(pk)
    if ticket is None:
        return
    event = (
        AuditEvent.objects.filter(
            object_id=str(ticket.pk),
            action__in=["ticket.propose_escalation", "ticket.hand_back"],
        )
        .order_by("-pk")
        .first()
    )
    needs_provider = event is not None and event.action == "ticket.propose_escalation"
    roles = (Role.HELPDESK, Role.NETWORK_ADMIN) if needs_provider else (Role.HELPDESK,)
    title = (
        _("Ticket %(number)s needs the provider, says the technician")
        if needs_provider
        else _("Ticket %(number)s cannot be fixed on site")
    )
    notify(
        recipients=_holders(*roles),
        kind="ticket.handed_back",
        title=title % {"number": ticket.number},
        body=f"{_summary(ticket)}\n{event.note if event else ''}".strip(),
        url=_url(ticket),
        key=f"ticket:{ticket.pk}:handed_back:v{version or ticket.version}",
        about=ticket,
    )


def _reporter_recipients(ticket: Ticket) -> list[User]:
    return [ticket.reporter] if ticket.reporter_id else []


@override("id")
def ticket_resolved(pk: int, version: int | None = None) -> None:
    ticket = _ticket(pk)
    if ticket is None:
        return
    notify(
        recipients=_reporter_recipients(ticket),
        kind="ticket.resolved",
        title=_("The problem in your report %(number)s has been repaired")
        % {"number": ticket.number},
        body=_("Problem identified: %(diagnosis)s\nAction taken: %(action)s")
        % {"diagnosis": ticket.diagnosis, "action": ticket.action_taken},
        url=_url(ticket),
        key=f"ticket:{ticket.pk}:resolved:v{version or ticket.version}",
        about=ticket,
    )


@override("id")
def ticket_internet_restored(pk: int, version: int | None = None) -> None:
    """The provider's incident behind the report is over: the reporter's internet is back."""
    ticket = _ticket(pk)
    if ticket is None:
        return
    notify(
        recipients=_reporter_recipients(ticket),
        kind="ticket.internet_restored",
        title=_("The internet is back: your report %(number)s is resolved")
        % {"number": ticket.number},
        body=ticket.resolution_note,
        url=_url(ticket),
        key=f"ticket:{ticket.pk}:internet_restored:v{version or ticket.version}",
        about=ticket,
    )


@override("id")
def ticket_closed(pk: int, version: int | None = None) -> None:
    ticket = _ticket(pk)
    if ticket is None:
        return
    notify(
        recipients=_reporter_recipients(ticket),
        kind="ticket.closed",
        title=_("Your report %(number)s is closed") % {"number": ticket.number},
        body=_("Thank you. You can rate the service on the ticket's page."),
        url=_url(ticket),
        key=f"ticket:{ticket.pk}:closed:v{version or ticket.version}",
        about=ticket,
    )


@override("id")
def ticket_commented(comment_pk: int, version: int | None = None) -> None:
    comment = Comment.objects.select_related("ticket", "author").filter(pk=comment_pk).first()
    if comment is None or comment.is_internal:
        return
    ticket = comment.ticket
    recipients = [u for u in (ticket.reporter, ticket.assigned_to) if u is not None]
    notify(
        recipients=[u for u in recipients if u.pk != comment.author_id],
        kind="ticket.commented",
        title=_("New comment on %(number)s") % {"number": ticket.number},
        body=comment.body[:500],
        url=_url(ticket),
        key=f"comment:{comment.pk}",
        about=comment,
    )


@override("id")
def sla_escalated(pk: int, level: int) -> None:
    """Level 1 (at risk) goes to the section head, level 2 (breached) to the head of UPDE."""
    ticket = _ticket(pk)
    if ticket is None:
        return
    if level == 1:
        recipients, title = (
            _holders(Role.SECTION_HEAD),
            _("Ticket %(number)s is at risk of missing its service level"),
        )
    else:
        recipients, title = (
            _holders(Role.UPDE_HEAD),
            _("Ticket %(number)s has missed its service level"),
        )
    notify(
        recipients=recipients,
        kind=f"ticket.sla_level_{level}",
        title=title % {"number": ticket.number},
        body=_summary(ticket),
        url=_url(ticket),
        key=f"ticket:{ticket.pk}:sla:{level}",
        about=ticket,
    )
