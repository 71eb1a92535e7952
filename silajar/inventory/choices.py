"""The inventory's words: kinds of device and port, their states, cable types."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeviceKind(models.TextChoices):
    ROUTER = "router", _("Router / gateway")
    CORE_SWITCH = "core_switch", _("Core switch")
    DISTRIBUTION_SWITCH = "distribution_switch", _("Distribution switch")
    ACCESS_SWITCH = "access_switch", _("Access switch")
    ACCESS_POINT = "access_point", _("Access point")
    PATCH_PANEL = "patch_panel", _("Patch panel")
    WALL_OUTLET = "wall_outlet", _("Wall outlet")
    SERVER = "server", _("Server")
    PROVIDER_ONT = "provider_ont", _("Provider ONT / modem")


SWITCH_KINDS = frozenset(
    {DeviceKind.CORE_SWITCH, DeviceKind.DISTRIBUTION_SWITCH, DeviceKind.ACCESS_SWITCH}
)
# the active side of a cable the installation lays: a switch (or the gateway) port
ACTIVE_KINDS = SWITCH_KINDS | {DeviceKind.ROUTER}


class DeviceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SPARE = "spare", _("Spare")
    BROKEN = "broken", _("Broken")
    RETIRED = "retired", _("Retired")

    @classmethod
    def colour(cls, value: str) -> str:
        return {"active": "success", "spare": "secondary", "broken": "danger"}.get(value, "dark")


class Owner(models.TextChoices):
    DISKOMINFO = "diskominfo", _("Diskominfo")
    AGENCY = "agency", _("The agency")


class PortKind(models.TextChoices):
    COPPER = "copper", _("Copper (RJ45)")
    FIBRE = "fibre", _("Fibre")
    SFP = "sfp", _("SFP")


class PortState(models.TextChoices):
    FREE = "free", _("Free")
    RESERVED = "reserved", _("Reserved")
    USED = "used", _("Used")

    @classmethod
    def colour(cls, value: str) -> str:
        return {"free": "success", "reserved": "warning", "used": "secondary"}.get(value, "dark")


class PortSide(models.TextChoices):
    """A patch panel position is two ports: the front (patch cords) and the rear (the
    building's cabling to the outlets), joined inside the panel."""

    NONE = "", _("—")
    FRONT = "front", _("Front")
    REAR = "rear", _("Rear")


class CableType(models.TextChoices):
    CAT5E = "cat5e", _("UTP Cat 5e")
    CAT6 = "cat6", _("UTP Cat 6")
    CAT6A = "cat6a", _("UTP Cat 6A")
    FIBRE_SM = "fibre_sm", _("Fibre, single-mode")
    FIBRE_MM = "fibre_mm", _("Fibre, multi-mode")
    DAC = "dac", _("Direct-attach cable")
