"""The vocabulary of installation requests: states, who provides an item, step targets."""

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

STATE_BADGE = {
    RequestState.SUBMITTED: "text-bg-primary",
    RequestState.FORWARDED: "text-bg-info",
    RequestState.SURVEY_ASSIGNED: "text-bg-info",
    RequestState.SURVEYED: "text-bg-warning",
    RequestState.AWAITING_EQUIPMENT: "text-bg-secondary",
    RequestState.EQUIPMENT_READY: "text-bg-info",
    RequestState.INSTALLING: "text-bg-warning",
    RequestState.INSTALLED: "text-bg-success",
    RequestState.COMPLETED: "text-bg-success",
    RequestState.REJECTED: "text-bg-danger",
    RequestState.CANCELLED: "text-bg-dark",
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
