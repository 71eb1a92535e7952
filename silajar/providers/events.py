"""How the internet side's events read in a record's history (see `silajar.core.events`)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "provider.created": _("%(actor)s added the provider %(object)s"),
    "provider.updated": _("%(actor)s edited the provider %(object)s"),
    "provider.account_attached": _("%(actor)s gave %(object)s an account"),
    "provider.account_detached": _("%(actor)s took an account away from %(object)s"),
    "link.created": _("%(actor)s added the link %(object)s"),
    "link.updated": _("%(actor)s edited the link %(object)s"),
    "outage.recorded": _("%(actor)s recorded the outage %(object)s"),
    "outage.ended": _("%(actor)s recorded the end of the outage %(object)s"),
    "outage.corrected": _("%(actor)s corrected the outage %(object)s"),
    "maintenance_window.created": _("%(actor)s announced the maintenance %(object)s"),
    "maintenance_window.updated": _("%(actor)s changed the maintenance %(object)s"),
}
