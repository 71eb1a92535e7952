"""Every change of the monitor's records, each one transaction with its audit event: the
targets the network administrator keeps (`targets`)."""

from silajar.monitoring.services.targets import (
    TARGET_EDIT_FIELDS,
    TARGET_KEEPERS,
    check_target,
    target_create,
    target_delete,
    target_set_paused,
    target_update,
)

__all__ = [
    "TARGET_EDIT_FIELDS",
    "TARGET_KEEPERS",
    "check_target",
    "target_create",
    "target_delete",
    "target_set_paused",
    "target_update",
]
