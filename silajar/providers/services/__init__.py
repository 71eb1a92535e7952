"""Writes of the internet side (issue 11), each one transaction with its audit event:
providers and their accounts (`providers`), links (`links`), outages (`outages`) and
maintenance windows (`maintenance`). Who may change what is in `rules`."""

from silajar.providers.services.links import LINKS, check_link
from silajar.providers.services.maintenance import (
    maintenance_window_create,
    maintenance_window_update,
    require_announcer,
)
from silajar.providers.services.outages import (
    outage_correct,
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
    "maintenance_window_create",
    "maintenance_window_update",
    "may_correct_outage",
    "may_manage_providers",
    "may_manage_windows",
    "may_record_outages",
    "outage_correct",
    "outage_end",
    "outage_record",
    "provider_account_attach",
    "provider_account_detach",
    "require_announcer",
    "require_recorder",
]
