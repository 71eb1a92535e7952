"""Every change of an installation request: one function per action, one transaction, one audit
event. Pages, the API, commands and tasks call these; nothing else sets a request's state.

One module per step of the procedure; the workflow finds each action's service here by its name,
`installation_<action>` (`silajar.installations.workflows.INSTALLATION_FLOW`)."""

from silajar.installations.services.filing import (
    installation_cancel,
    installation_create,
    installation_forward,
    installation_update,
)
from silajar.installations.services.installing import (
    installation_complete_installation,
    installation_sign_off,
    installation_start_installation,
)
from silajar.installations.services.letters import (
    installation_confirm_equipment,
    installation_issue_reply_letter,
    installation_reject,
)
from silajar.installations.services.steps import overdue_scan, step_targets_set
from silajar.installations.services.survey import (
    installation_assign_survey,
    installation_record_survey,
    installation_reserve_ports,
    survey_photo_add,
)

__all__ = [
    "installation_assign_survey",
    "installation_cancel",
    "installation_complete_installation",
    "installation_confirm_equipment",
    "installation_create",
    "installation_forward",
    "installation_issue_reply_letter",
    "installation_record_survey",
    "installation_reject",
    "installation_reserve_ports",
    "installation_sign_off",
    "installation_start_installation",
    "installation_update",
    "overdue_scan",
    "step_targets_set",
    "survey_photo_add",
]
