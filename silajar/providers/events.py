"""How the internet side's events read in a record's history (see `silajar.core.events`)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    # the provider incidents' workflow (silajar/providers/workflows.py)
    "provider_incident.report": _("%(actor)s reported incident %(object)s to the provider"),
    "provider_incident.acknowledge": _("%(actor)s acknowledged incident %(object)s"),
    "provider_incident.post_update": _("%(actor)s posted an update on incident %(object)s"),
    "provider_incident.provider_resolve": _(
        "%(actor)s filed the provider's report on incident %(object)s"
    ),
    "provider_incident.close": _("%(actor)s verified the service and closed incident %(object)s"),
    "provider_incident.cancel": _("%(actor)s cancelled incident %(object)s"),
    # the services' other events
    "provider_incident.created": _("%(actor)s opened incident %(object)s"),
    "provider_incident.escalated": _(
        "Incident %(object)s was escalated: the provider had not answered in time"
    ),
    "provider_incident.ticket_linked": _(
        "%(actor)s linked a complaint ticket to incident %(object)s"
    ),
    "provider.created": _("%(actor)s added the provider %(object)s"),
    "provider.updated": _("%(actor)s edited the provider %(object)s"),
    "provider.account_attached": _("%(actor)s gave %(object)s an account"),
    "provider.account_detached": _("%(actor)s took an account away from %(object)s"),
    "link.created": _("%(actor)s added the link %(object)s"),
    "link.updated": _("%(actor)s edited the link %(object)s"),
    "outage.recorded": _("%(actor)s recorded the outage %(object)s"),
    "outage.ended": _("%(actor)s recorded the end of the outage %(object)s"),
    "outage.corrected": _("%(actor)s corrected the outage %(object)s"),
    "outage.exclusion_confirmed": _(
        "%(actor)s confirmed the exclusion the monitor proposed for the outage %(object)s"
    ),
    "outage.exclusion_dismissed": _(
        "%(actor)s dismissed the exclusion the monitor proposed for the outage %(object)s"
    ),
    "maintenance_window.created": _("%(actor)s announced the maintenance %(object)s"),
    "maintenance_window.updated": _("%(actor)s changed the maintenance %(object)s"),
}
