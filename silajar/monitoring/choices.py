"""The vocabulary of the monitor: what a target probes, what it stands for and its state. A
choice shown as a badge carries its colour."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetKind(models.TextChoices):
    TCP = "tcp", _("TCP connection")
    HTTP = "http", _("HTTP(S) request")
    DNS = "dns", _("DNS name")
    ICMP = "icmp", _("ICMP echo (ping)")


class TargetRole(models.TextChoices):
    """What a target stands for: our side of the network or the provider's."""

    GATEWAY = "gateway", _("Site gateway (our side)")
    LAN = "lan", _("Site network device (our side)")
    PROVIDER = "provider", _("Provider's equipment (their side)")
    UPSTREAM = "upstream", _("Address beyond the provider (their side)")


class Vantage(models.TextChoices):
    """Where a provider-side target is probed from."""

    INSIDE = "inside", _("Inside: through our network")
    OUTSIDE = "outside", _("Outside: over the public internet")


PROVIDER_SIDE_ROLES = frozenset({TargetRole.PROVIDER, TargetRole.UPSTREAM})
OUR_SIDE_ROLES = frozenset({TargetRole.GATEWAY, TargetRole.LAN})


class TargetState(models.TextChoices):
    UP = "up", _("Up")
    DOWN = "down", _("Down")
    UNKNOWN = "unknown", _("Unknown")
    PAUSED = "paused", _("Paused")

    @classmethod
    def colour(cls, value: str) -> str:
        """The colour of the state's badge."""
        return TARGET_STATE_COLOURS.get(value, "secondary")


TARGET_STATE_COLOURS = {
    TargetState.UP: "success",
    TargetState.DOWN: "danger",
    TargetState.UNKNOWN: "secondary",
    TargetState.PAUSED: "dark",
}


class RollupPeriod(models.TextChoices):
    HOUR = "hour", _("Hour")
    DAY = "day", _("Day")
