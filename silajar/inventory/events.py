"""How the inventory's events read in a record's history (see `silajar.core.events`)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "device.created": _("%(actor)s added the device %(object)s"),
    "device.updated": _("%(actor)s edited the device %(object)s"),
    "device.deleted": _("%(actor)s deleted the device %(object)s"),
    "port.created": _("%(actor)s added the port %(object)s"),
    "port.updated": _("%(actor)s edited the port %(object)s"),
    "port.reserved": _("%(actor)s reserved the port %(object)s"),
    "port.released": _("%(actor)s released the port %(object)s"),
    "port.used": _("%(actor)s put the port %(object)s in use"),
    "port.reservation_stale": _("The port %(object)s has been reserved 30 days without a decision"),
    "cable.created": _("%(actor)s laid the cable %(object)s"),
    "cable.deleted": _("%(actor)s removed the cable %(object)s"),
    "inventory.imported": _("%(actor)s imported an inventory file"),
}
