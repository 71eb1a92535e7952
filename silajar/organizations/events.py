"""How the agencies' and locations' events read in their history (see `silajar.core.events`)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "organization.created": _("%(actor)s added the agency %(object)s"),
    "organization.updated": _("%(actor)s edited the agency %(object)s"),
    "location.created": _("%(actor)s added the location %(object)s"),
    "location.updated": _("%(actor)s edited the location %(object)s"),
}
