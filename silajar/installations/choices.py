"""The vocabulary of installation requests: states, who provides an item, step targets. A
choice shown as a badge carries its colour (`colour(value)`); pages use `{% badge %}`."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    FORWARDED = "forwarded", _("Forwarded to the section")
    SURVEY_ASSIGNED = "survey_assigned", _("Survey assigned")
    SURVEYED = "surveyed", _("Surveyed")
    AWAITING_EQUIPMENT = "awaiting_equipment", _("Awaiting equipment from the agency")
    EQUIPMENT_READY = "equipment_ready", _("Equipment ready")
    INSTALLING = "installing", _("Installing")
    INSTALLED = "installed", _("Installed, awaiting sign-off")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def colour(cls, value: str) -> str:
        """The colour of the state's badge."""
        return STATE_COLOURS.get(value, "secondary")


OPEN_STATES = frozenset(
    {
        RequestState.SUBMITTED,
        RequestState.FORWARDED,
        RequestState.SURVEY_ASSIGNED,
        RequestState.SURVEYED,
        RequestState.AWAITING_EQUIPMENT,
        RequestState.EQUIPMENT_READY,
        RequestState.INSTALLING,
        RequestState.INSTALLED,
    }
)
FINAL_STATES = frozenset({RequestState.COMPLETED, RequestState.REJECTED, RequestState.CANCELLED})

STATE_COLOURS = {
    RequestState.SUBMITTED: "primary",
    RequestState.FORWARDED: "info",
    RequestState.SURVEY_ASSIGNED: "info",
    RequestState.SURVEYED: "warning",
    RequestState.AWAITING_EQUIPMENT: "secondary",
    RequestState.EQUIPMENT_READY: "info",
    RequestState.INSTALLING: "warning",
    RequestState.INSTALLED: "success",
    RequestState.COMPLETED: "success",
    RequestState.REJECTED: "danger",
    RequestState.CANCELLED: "dark",
}


class ProvidedBy(models.TextChoices):
    DISKOMINFO = "diskominfo", _("Diskominfo stock")
    AGENCY = "agency", _("The agency")


# Who must act in each open state, and the default target in working days (SOP 1).
STEP_RESPONSIBLE = {
    RequestState.SUBMITTED: _("Head of UPDE: forward the letter"),
    RequestState.FORWARDED: _("Section head: assign a survey"),
    RequestState.SURVEY_ASSIGNED: _("Technician: survey the location"),
    RequestState.SURVEYED: _("Section head: decide (install, reply letter or reject)"),
    RequestState.AWAITING_EQUIPMENT: _("Agency: provide the equipment"),
    RequestState.EQUIPMENT_READY: _("Technician: start the installation"),
    RequestState.INSTALLING: _("Technician: complete the installation"),
    RequestState.INSTALLED: _("Agency: sign the installation form"),
}
DEFAULT_STEP_DAYS: dict[str, int] = {
    RequestState.SUBMITTED: 1,
    RequestState.FORWARDED: 2,
    RequestState.SURVEY_ASSIGNED: 3,
    RequestState.SURVEYED: 3,
    RequestState.AWAITING_EQUIPMENT: 20,
    RequestState.EQUIPMENT_READY: 3,
    RequestState.INSTALLING: 5,
    RequestState.INSTALLED: 3,
}
