"""Every change of the internet side: one function per action, one transaction, one audit
event. The provider incidents' workflow finds its services here as `incident_<action>`."""

from silajar.providers.services.incidents import (
    escalation_scan,
    incident_acknowledge,
    incident_cancel,
    incident_choices,
    incident_close,
    incident_create,
    incident_post_update,
    incident_provider_resolve,
    incident_report,
    ticket_join_incident,
)

__all__ = [
    "escalation_scan",
    "incident_acknowledge",
    "incident_cancel",
    "incident_choices",
    "incident_close",
    "incident_create",
    "incident_post_update",
    "incident_provider_resolve",
    "incident_report",
    "ticket_join_incident",
]
