"""Ticket vocabularies. A choice shown as a badge carries its label and its colour
(`colour(value)`, as NetBox's ChoiceSet carries its colours); pages render them with the
`{% badge %}` tag and never decide a colour themselves."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("E-mail")
    WEB = "web", _("Web portal")
    WALK_IN = "walk_in", _("Walk-in")
    MONITORING = "monitoring", _("Monitoring")


class Scope(models.TextChoices):
    UNKNOWN = "unknown", _("Not known yet")
    SINGLE_DEVICE = "single_device", _("Only this PC/device")
    WHOLE_LOCATION = "whole_location", _("Everyone at the location")


class FaultDomain(models.TextChoices):
    """Where the fault is (SOP 3's first question). The four precise domains are what the
    evidence proposes and the desk confirms; `intranet` and `internet` are the two groups,
    kept valid for the clients that set them: intranet = single_device | site_lan, internet =
    provider_link | upstream. Whoever asks "is it the internet?" asks `FaultDomain.group`."""

    UNKNOWN = "unknown", _("Not known yet")
    INTRANET = "intranet", _("Intranet (local network)")
    INTERNET = "internet", _("Internet (provider)")
    SINGLE_DEVICE = "single_device", _("Intranet: only the user's device")
    SITE_LAN = "site_lan", _("Intranet: the site's network (gateway, switch, power)")
    PROVIDER_LINK = "provider_link", _("Internet: the provider's link")
    UPSTREAM = "upstream", _("Internet: beyond the provider's equipment")

    @classmethod
    def group(cls, value: str) -> str:
        """`intranet`, `internet` or `unknown`: the group the domain `value` belongs to."""
        if value in INTRANET_DOMAINS:
            return cls.INTRANET
        if value in INTERNET_DOMAINS:
            return cls.INTERNET
        return cls.UNKNOWN

    @classmethod
    def members(cls, value: str) -> frozenset[str]:
        """The stored values a filter on `value` finds: a group and its precise domains, or
        the one domain."""
        if value == cls.INTRANET:
            return INTRANET_DOMAINS
        if value == cls.INTERNET:
            return INTERNET_DOMAINS
        return frozenset({value})


INTRANET_DOMAINS = frozenset(
    {FaultDomain.INTRANET, FaultDomain.SINGLE_DEVICE, FaultDomain.SITE_LAN}
)
INTERNET_DOMAINS = frozenset(
    {FaultDomain.INTERNET, FaultDomain.PROVIDER_LINK, FaultDomain.UPSTREAM}
)
# what the evidence proposes and the desk confirms: the precise domains
CONFIRMED_DOMAINS = (
    FaultDomain.SINGLE_DEVICE,
    FaultDomain.SITE_LAN,
    FaultDomain.PROVIDER_LINK,
    FaultDomain.UPSTREAM,
)


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")

    @classmethod
    def colour(cls, value: str) -> str:
        """The colour of the priority's badge."""
        return PRIORITY_COLOURS.get(value, "secondary")


PRIORITY_COLOURS = {Priority.CRITICAL: "danger", Priority.HIGH: "warning"}


PRIORITY_RANK = {Priority.CRITICAL: 0, Priority.HIGH: 1, Priority.NORMAL: 2, Priority.LOW: 3}


class TicketState(models.TextChoices):
    NEW = "new", _("New")
    TRIAGE = "triage", _("Triage")
    DISPATCHED = "dispatched", _("Dispatched")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    WAITING_PROVIDER = "waiting_provider", _("Waiting for provider")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def colour(cls, value: str) -> str:
        """The colour of the state's badge."""
        return STATE_COLOURS.get(value, "secondary")


STATE_COLOURS = {
    TicketState.NEW: "primary",
    TicketState.TRIAGE: "info",
    TicketState.DISPATCHED: "warning",
    TicketState.IN_PROGRESS: "warning",
    TicketState.RESOLVED: "success",
    TicketState.CLOSED: "secondary",
    TicketState.WAITING_PROVIDER: "dark",
    TicketState.CANCELLED: "light",
}
OPEN_STATES = frozenset(
    {
        TicketState.NEW,
        TicketState.TRIAGE,
        TicketState.DISPATCHED,
        TicketState.IN_PROGRESS,
        TicketState.WAITING_PROVIDER,
    }
)


class PauseReason(models.TextChoices):
    NONE = "", _("Not paused")
    WAITING_PROVIDER = "waiting_provider", _("Waiting for the provider")
    WAITING_REPORTER = "waiting_reporter", _("Waiting for the reporter")


class SlaStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BREACHED = "breached", _("Breached")
    PAUSED = "paused", _("Paused")
    MET = "met", _("Met")

    @classmethod
    def colour(cls, value: str) -> str:
        """The colour of the service level's badge."""
        return SLA_COLOURS.get(value, "secondary")

    @classmethod
    def icon(cls, value: str) -> str:
        """The warning icon of a service level that needs attention; "" for the others."""
        return SLA_ICONS.get(value, "")


SLA_COLOURS = {
    SlaStatus.ON_TRACK: "success",
    SlaStatus.AT_RISK: "warning",
    SlaStatus.BREACHED: "danger",
    SlaStatus.PAUSED: "secondary",
    SlaStatus.MET: "light",
}


SLA_ICONS = {SlaStatus.AT_RISK: "exclamation-triangle", SlaStatus.BREACHED: "exclamation-octagon"}


class ChecklistScope(models.TextChoices):
    ANY = "any", _("Any scope")
    SINGLE_DEVICE = "single_device", _("Only this PC/device")
    WHOLE_LOCATION = "whole_location", _("Everyone at the location")


class StepOutcome(models.TextChoices):
    DONE_FIXED = "fixed", _("Done — the connection works again")
    DONE_NOT_FIXED = "not_fixed", _("Done — still not working")
    SKIPPED = "skipped", _("Not done")
