"""Who hears about each change of a provider incident: the provider's accounts when the office
reports, closes or cancels; the network administrators when the provider answers; both sides
when the incident escalates up the provider's matrix. Called after the change commits; every
notification has a key naming the change, so a retried task never notifies twice."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.notifications.services import notify
from silajar.providers.models import ProviderIncident
from silajar.providers.services.escalation import escalation_levels


def _admins() -> list[User]:
    return list(User.objects.filter(is_active=True, groups__name=Role.NETWORK_ADMIN).distinct())


def _provider(incident: ProviderIncident) -> list[User]:
    return list(User.objects.filter(is_active=True, provider_account__provider=incident.provider))


def _escalation_contact(incident: ProviderIncident) -> str:
    levels = escalation_levels(matrix=incident.provider.escalation)
    return next((c for level, c, _m in levels if level == incident.escalation_level), "")


def recipients_and_title(event: str, incident: ProviderIncident) -> tuple[list[User], str]:
    """Who is told about `event`, and the title they read."""
    n = {
        "number": incident.number,
        "provider": str(incident.provider),
        "level": incident.escalation_level,
        "contact": _escalation_contact(incident),
    }
    latest = incident.updates.order_by("-created_at", "-pk").first()
    author = latest.author_id if latest else None
    table = {
        "opened": ([], ""),
        "reported": (_provider(incident), _("Internet disruption %(number)s reported to you")),
        "acknowledged": (_admins(), _("%(provider)s acknowledged incident %(number)s")),
        "updated": (
            [u for u in _admins() + _provider(incident) if u.pk != author],
            _("New update on incident %(number)s"),
        ),
        "provider_resolved": (
            _admins(),
            _("%(provider)s reports incident %(number)s resolved: verify the service"),
        ),
        "closed": (_provider(incident), _("Incident %(number)s is closed")),
        "cancelled": (_provider(incident), _("Incident %(number)s is cancelled")),
        "escalated": (
            _admins() + _provider(incident),
            _("Incident %(number)s not answered: escalate to %(contact)s (level %(level)s)"),
        ),
    }
    recipients, title = table[event]
    return recipients, title % n if title else ""


@override("id")
def announce(event: str, pk: int, version: int) -> None:
    """Notify about `event`, the change that brought the incident to `version`."""
    incident = ProviderIncident.objects.select_related("provider").filter(pk=pk).first()
    if incident is None:
        return
    recipients, title = recipients_and_title(event, incident)
    if not recipients:
        return
    circuits = ", ".join(incident.links.values_list("circuit_id", flat=True))
    notify(
        recipients=recipients,
        kind=f"provider_incident.{event}",
        title=title,
        body=f"{incident.number} · {incident.provider} · {circuits}",
        url=reverse("providers:incident_detail", kwargs={"pk": incident.pk}),
        key=f"provider_incident:{incident.pk}:{event}:v{version}",
        about=incident,
    )
