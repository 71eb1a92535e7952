"""How the distribution's events read in a history (see `silajar.core.events`)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "distribution.allocation_added": _("%(actor)s added a queue to the distribution %(object)s"),
    "distribution.allocation_changed": _(
        "%(actor)s changed a queue of the distribution %(object)s"
    ),
    "distribution.allocation_removed": _(
        "%(actor)s removed a queue from the distribution %(object)s"
    ),
    "distribution.restored": _("%(actor)s restored an older distribution as %(object)s"),
    "distribution.usage_imported": _(
        "%(actor)s imported the router's counters for the contract %(object)s"
    ),
}
