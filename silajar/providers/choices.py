"""The vocabulary of the internet side: links, outages and provider incidents. A choice shown as
a badge carries its colour (`colour(value)`); pages use `{% badge %}`."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkKind(models.TextChoices):
    DEDICATED = "dedicated", _("Dedicated internet")
    METRO = "metro", _("Metro / intranet backbone")
    BACKUP = "backup", _("Backup")


class LinkStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    DECOMMISSIONED = "decommissioned", _("Decommissioned")

    @classmethod
    def colour(cls, value: str) -> str:
        """The colour of the status's badge."""
        return LINK_STATUS_COLOURS.get(value, "secondary")


LINK_STATUS_COLOURS = {
    LinkStatus.PLANNED: "info",
    LinkStatus.ACTIVE: "success",
    LinkStatus.SUSPENDED: "warning",
    LinkStatus.DECOMMISSIONED: "dark",
}


class OutageSource(models.TextChoices):
    MONITORING = "monitoring", _("Monitoring")
    PROVIDER = "provider", _("Provider's report")
    NETWORK_ADMIN = "network_admin", _("Network administrator")


class Exclusion(models.TextChoices):
    """Why an outage does not count against the provider (each a reason code of the contract)."""

    MAINTENANCE = "maintenance", _("Planned maintenance announced in time")
    CUSTOMER_SIDE = "customer_side", _("Cause on the province's side (power, own intranet)")
    FORCE_MAJEURE = "force_majeure", _("Force majeure")


class IncidentState(models.TextChoices):
    OPEN = "open", _("Open")
    REPORTED = "reported", _("Reported to the provider")
    PROVIDER_RESOLVED = "provider_resolved", _("Resolved by the provider")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def colour(cls, value: str) -> str:
        """The colour of the state's badge."""
        return INCIDENT_STATE_COLOURS.get(value, "secondary")


INCIDENT_STATE_COLOURS = {
    IncidentState.OPEN: "danger",
    IncidentState.REPORTED: "warning",
    IncidentState.PROVIDER_RESOLVED: "info",
    IncidentState.CLOSED: "success",
    IncidentState.CANCELLED: "dark",
}
OPEN_INCIDENT_STATES = frozenset(
    {IncidentState.OPEN, IncidentState.REPORTED, IncidentState.PROVIDER_RESOLVED}
)


class IncidentSource(models.TextChoices):
    TICKETS = "tickets", _("Complaint tickets")
    MONITORING = "monitoring", _("Monitoring")
    PROVIDER_NOTICE = "provider_notice", _("Provider's notice")
