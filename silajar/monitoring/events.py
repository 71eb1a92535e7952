"""How the monitor's events read in a record's history (see `silajar.core.events`)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "monitoring_target.created": _("%(actor)s added the monitoring target %(object)s"),
    "monitoring_target.updated": _("%(actor)s changed the monitoring target %(object)s"),
    "monitoring_target.paused": _("%(actor)s paused the monitoring target %(object)s"),
    "monitoring_target.resumed": _("%(actor)s resumed the monitoring target %(object)s"),
    "monitoring_target.deleted": _("%(actor)s deleted the monitoring target %(object)s"),
}
