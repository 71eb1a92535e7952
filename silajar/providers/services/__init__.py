"""Every change of the internet side, each one transaction with its audit event: providers and
their accounts (`providers`), links (`links`), outages (`outages`), maintenance windows
(`maintenance`) and the provider incidents (`incidents`; the workflow finds its services here as
`incident_<action>`). Who may change what is in `rules`."""

from silajar.providers.services.escalation import escalation_scan
from silajar.providers.services.incidents import (
    incident_acknowledge,
    incident_cancel,
    incident_close,
    incident_create,
    incident_post_update,
    incident_provider_resolve,
    incident_report,
    ticket_join_incident,
)
from silajar.providers.services.links import LINKS, check_link
from silajar.providers.services.maintenance import (
    maintenance_window_create,
    maintenance_window_update,
    require_announcer,
)
from silajar.providers.services.outages import (
    outage_confirm_proposed_exclusion,
    outage_correct,
    outage_dismiss_proposed_exclusion,
    outage_end,
    outage_record,
    require_recorder,
)
from silajar.providers.services.providers import (
    PROVIDERS,
    provider_account_attach,
    provider_account_detach,
)
from silajar.providers.services.rules import (
    KEEPERS,
    may_correct_outage,
    may_manage_providers,
    may_manage_windows,
    may_record_outages,
)

__all__ = [
    "KEEPERS",
    "LINKS",
    "PROVIDERS",
    "check_link",
    "escalation_scan",
    "incident_acknowledge",
    "incident_cancel",
    "incident_close",
    "incident_create",
    "incident_post_update",
    "incident_provider_resolve",
    "incident_report",
    "maintenance_window_create",
    "maintenance_window_update",
    "may_correct_outage",
    "may_manage_providers",
    "may_manage_windows",
    "may_record_outages",
    "outage_confirm_proposed_exclusion",
    "outage_correct",
    "outage_dismiss_proposed_exclusion",
    "outage_end",
    "outage_record",
    "provider_account_attach",
    "provider_account_detach",
    "require_announcer",
    "require_recorder",
    "ticket_join_incident",
]
