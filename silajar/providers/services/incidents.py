"""Provider incidents (*gangguan internet*, SOP 3): opening one, each action of
`INCIDENT_FLOW` (one transaction, one audit event each), the escalation scan up the provider's
matrix, and the tickets' part: a ticket escalated to the provider joins an incident, and the
tickets waiting for it are resolved when it closes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.access import visible
from silajar.core.audit import audit_record
from silajar.core.errors import ActionForbidden, Conflict, DomainError, require_text
from silajar.core.jobs import enqueue
from silajar.core.sequences import next_number
from silajar.providers.choices import (
    OPEN_INCIDENT_STATES,
    IncidentSource,
)
from silajar.providers.models import IncidentUpdate, Link, ProviderIncident
from silajar.providers.selectors import links_serving
from silajar.providers.workflows import INCIDENT_FLOW
from silajar.tickets import services as tickets
from silajar.tickets.choices import TicketState
from silajar.tickets.models import Ticket

NUMBER_PREFIX = "GI"
NUMBER_WIDTH = 4
OPENERS = (Role.NETWORK_ADMIN,)  # SOP 3: the network administrator decides it is the provider's


def _moment(value: datetime | str | None, field: str, *, required: bool = True) -> datetime | None:
    """A point in time from a form or an API body (aware, not in the future)."""
    if value in (None, ""):
        if required:
            raise DomainError(_("This field is required."), fields={field: [_("Required.")]})
        return None
    moment = value if isinstance(value, datetime) else parse_datetime(str(value))
    if moment is None:
        raise DomainError(_("Not a valid time."), fields={field: [_("Not a valid time.")]})
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now() + timedelta(minutes=1):
        message = _("The time cannot be in the future.")
        raise DomainError(message, fields={field: [message]})
    return moment


def _may(incident: ProviderIncident, action: str, actor: User) -> None:
    """Refuse the wrong state or the wrong person before looking at the inputs (the engine
    checks again under the lock)."""
    INCIDENT_FLOW.check(incident, action, actor)


def _announce(event: str, incident: ProviderIncident):
    """The side effect after the commit: tell the people concerned (`providers.announce`)."""
    return lambda: enqueue("providers.announce", event, incident.pk, incident.version)


def _act(
    incident: ProviderIncident,
    action: str,
    actor: User,
    version: int | None,
    *,
    announce: str,
    **effects: Any,
) -> ProviderIncident:
    """Fire `action` through the engine (`effects`: its changes and note), and tell the people
    concerned of `announce` after the commit."""
    return INCIDENT_FLOW.apply(
        obj=incident,
        action=action,
        actor=actor,
        version=version,
        on_commit=[_announce(announce, incident)],
        **effects,
    )


@transaction.atomic
def incident_create(
    *,
    actor: User | None,
    links: Iterable[Link | int],
    started_at: datetime | str,
    source: str,
    tickets: Iterable[Ticket | int] = (),
) -> ProviderIncident:
    """Open an incident on links of one provider (the incident's provider is theirs), linked to
    the complaint tickets it explains. No actor (None) is the monitor (`silajar.monitoring`),
    which opens the incident of a link down too long by itself, on any link and with no ticket."""
    if actor is not None and not actor.has_role(*OPENERS):
        raise ActionForbidden(_("Only the network administrator opens provider incidents."))
    ids = {link if isinstance(link, int) else link.pk for link in links}
    known = Link.objects.all() if actor is None else visible(actor, Link)
    chosen = list(known.filter(pk__in=ids).select_related("provider"))
    if not ids or len(chosen) != len(ids):
        message = _("Choose one or more known internet links.")
        raise DomainError(message, fields={"links": [message]})
    if len({link.provider_id for link in chosen}) > 1:
        message = _("The links of one incident belong to one provider.")
        raise DomainError(message, fields={"links": [message]})
    if source not in IncidentSource.values:
        raise DomainError(_("Unknown source."), fields={"source": [_("Unknown source.")]})
    started = cast(datetime, _moment(started_at, "started_at"))  # required: never None
    ticket_ids = {t if isinstance(t, int) else t.pk for t in tickets}
    found = list(visible(actor, Ticket).filter(pk__in=ticket_ids))
    if len(found) != len(ticket_ids):
        message = _("Unknown ticket.")
        raise DomainError(message, fields={"tickets": [message]})
    incident = ProviderIncident.objects.create(
        number=next_number(key="provider_incident", prefix=NUMBER_PREFIX, width=NUMBER_WIDTH),
        provider=chosen[0].provider,
        source=source,
        started_at=started,
        created_by=actor,
    )
    incident.links.set(chosen)
    incident.tickets.set(found)
    audit_record(
        actor=actor,
        action="provider_incident.created",
        obj=incident,
        changes={
            "state": [None, incident.state],
            "provider": [None, incident.provider_id],
            "started_at": [None, started],
        },
        note=", ".join(link.circuit_id for link in chosen),
    )
    transaction.on_commit(_announce("opened", incident))
    return incident


@transaction.atomic
def incident_report(
    *,
    incident: ProviderIncident,
    actor: User,
    channel: str,
    contact: str,
    provider_ticket_ref: str = "",
    version: int | None = None,
) -> ProviderIncident:
    """The incident is reported to the provider now: through which channel, to whom, and the
    provider's own ticket number. The response clock starts."""
    _may(incident, "report", actor)
    require_text(channel, field="channel", message=_("Say how the provider was told."))
    require_text(contact, field="contact", message=_("Say whom the report went to."))
    return _act(
        incident,
        "report",
        actor,
        version,
        announce="reported",
        changes={
            "reported_at": timezone.now(),
            "report_channel": channel.strip()[:50],
            "report_contact": contact.strip()[:150],
            "provider_ticket_ref": (provider_ticket_ref or "").strip()[:100],
        },
    )


@transaction.atomic
def incident_acknowledge(
    *, incident: ProviderIncident, actor: User, version: int | None = None
) -> ProviderIncident:
    """The provider's first answer to the report (once): the response time ends here."""
    if incident.acknowledged_at is not None:
        raise Conflict(_("The provider has already acknowledged this incident."))
    return _act(
        incident,
        "acknowledge",
        actor,
        version,
        announce="acknowledged",
        changes={"acknowledged_at": timezone.now()},
    )


@transaction.atomic
def incident_post_update(
    *, incident: ProviderIncident, actor: User, message: str, version: int | None = None
) -> ProviderIncident:
    """A message on the incident, kept in its updates and its history."""
    _may(incident, "post_update", actor)
    require_text(message, field="message", message=_("Write the message."))
    updated = _act(
        incident, "post_update", actor, version, announce="updated", note=message.strip()[:500]
    )
    IncidentUpdate.objects.create(incident=updated, author=actor, body=message.strip())
    return updated


@transaction.atomic
def incident_provider_resolve(
    *,
    incident: ProviderIncident,
    actor: User,
    cause: str,
    action_taken: str,
    restored_at: datetime | str,
    version: int | None = None,
) -> ProviderIncident:
    """The provider's report: the cause, the action taken and when the service came back. A
    report with no acknowledgement before it is the provider's first answer."""
    _may(incident, "provider_resolve", actor)
    errors = {}
    if not (cause or "").strip():
        errors["cause"] = [_("This field is required.")]
    if not (action_taken or "").strip():
        errors["action_taken"] = [_("This field is required.")]
    if errors:
        raise DomainError(_("Report the cause and the action taken."), fields=errors)
    restored = _moment(restored_at, "restored_at")
    # the form gives minutes: a time in the minute the incident started is not before it
    if restored is not None and restored < incident.started_at.replace(second=0, microsecond=0):
        message = _("The service cannot be restored before the incident started.")
        raise DomainError(message, fields={"restored_at": [message]})
    changes: dict[str, Any] = {
        "cause": cause.strip(),
        "action_taken": action_taken.strip(),
        "restored_at": restored,
    }
    if incident.acknowledged_at is None:
        changes["acknowledged_at"] = timezone.now()
    return _act(
        incident, "provider_resolve", actor, version, announce="provider_resolved", changes=changes
    )


def _waiting_tickets(incident: ProviderIncident) -> list[Ticket]:
    return list(incident.tickets.filter(state=TicketState.WAITING_PROVIDER).order_by("pk"))


@transaction.atomic
def incident_close(
    *, incident: ProviderIncident, actor: User, version: int | None = None
) -> ProviderIncident:
    """The network administrator verified the internet is back: the incident closes, and the
    linked tickets waiting for the provider are resolved (their reporters are told)."""
    closed = _act(
        incident, "close", actor, version, announce="closed", changes={"closed_at": timezone.now()}
    )
    note = _("The internet is restored (provider incident %(number)s). %(cause)s %(action)s") % {
        "number": closed.number,
        "cause": closed.cause,
        "action": closed.action_taken,
    }
    for ticket in _waiting_tickets(closed):
        tickets.ticket_provider_restored(ticket=ticket, actor=actor, note=note.strip())
    return closed


@transaction.atomic
def incident_cancel(
    *, incident: ProviderIncident, actor: User, reason: str, version: int | None = None
) -> ProviderIncident:
    """A false alarm: the incident is cancelled with its reason; the linked tickets waiting for
    the provider go back to the desk."""
    _may(incident, "cancel", actor)
    require_text(reason, field="reason", message=_("Say why the incident is cancelled."))
    cancelled = _act(
        incident,
        "cancel",
        actor,
        version,
        announce="cancelled",
        changes={"cancel_reason": reason.strip(), "closed_at": timezone.now()},
        note=reason.strip(),
    )
    note = _("Provider incident %(number)s was cancelled: %(reason)s") % {
        "number": cancelled.number,
        "reason": reason.strip(),
    }
    for ticket in _waiting_tickets(cancelled):
        tickets.ticket_return_from_provider(ticket=ticket, actor=actor, note=note)
    return cancelled


# --- the tickets' escalation (registered in `tickets.escalation`) ------------------------------


def ticket_join_incident(*, ticket: Ticket, actor: User, incident_id: int | None) -> str:
    """A ticket escalated to the provider joins the incident `incident_id`, or the open incident
    of its link (opening one when there is none); the incident's number is answered ("" when no
    link serves the ticket: it waits for the provider without an incident, as before)."""
    if incident_id is not None:
        incident = (
            visible(actor, ProviderIncident)
            .filter(pk=incident_id, state__in=OPEN_INCIDENT_STATES)
            .first()
        )
        if incident is None:
            message = _("Choose an open provider incident.")
            raise DomainError(message, fields={"incident": [message]})
    else:
        link = links_serving(ticket).order_by("pk").first()
        if link is None:
            return ""
        incident = (
            link.incidents.filter(state__in=OPEN_INCIDENT_STATES).order_by("-started_at").first()
        )
        if incident is None:
            return incident_create(
                actor=actor,
                links=[link],
                started_at=ticket.created_at,
                source=IncidentSource.TICKETS,
                tickets=[ticket],
            ).number
    incident.tickets.add(ticket)
    audit_record(
        actor=actor,
        action="provider_incident.ticket_linked",
        obj=incident,
        note=ticket.number,
    )
    return incident.number
