"""How the monitor's events read in a record's history (see `silajar.core.events`)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    # the monitor's confirmed state changes of a target (monitoring/services/states.py)
    "monitoring_target.down": _("The monitor found %(object)s down"),
    "monitoring_target.up": _("The monitor found %(object)s up"),
    "monitoring_target.paused": _("The monitor stopped probing %(object)s (paused)"),
    "monitoring_target.unknown": _("The monitor does not know the state of %(object)s yet"),
    # what the monitor does to the providers' outages (monitoring/services/outages.py)
    "outage.exclusion_proposed": _(
        "The monitor proposed the outage %(object)s as a cause on the province's side"
    ),
    "outage.incident_opened": _("The monitor linked the outage %(object)s to its incident"),
    "outage.maintenance_outlasted": _(
        "The outage %(object)s outlasted its maintenance window: its exclusion was withdrawn"
    ),
}
