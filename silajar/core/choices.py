"""Flags shown beside a record in every procedure (overdue, the user's turn), with their colour
and icon, so that no page decides them (`{% flag "overdue" %}`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Flag(models.TextChoices):
    OVERDUE = "overdue", _("overdue")
    STEP_OVERDUE = "step_overdue", _("Step overdue")
    YOUR_TURN = "your_turn", _("Your turn")
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    UNREAD = "unread", _("new")
    FIRST_CONTACT = "first_contact", _("Solved on first contact")
    NOT_SET = "not_set", _("Not set")
    BREACHED = "breached", _("over the contract's limit")
    SLA_BREACHED = "sla_breached", _("breached")
    ONGOING = "ongoing", _("ongoing")
    INTERNAL = "internal", _("internal")
    EVERY_WEEK = "every_week", _("every week")
    EXCLUDED = "excluded", _("excluded")
    EXCLUSION_PROPOSED = "exclusion_proposed", _("exclusion proposed")
    MEASURED_MET = "measured_met", _("Target met")
    MEASURED_BELOW = "measured_below", _("Below target")
    NOT_MEASURED = "not_measured", _("Not measured")
    TRIED_BY_REPORTER = "tried_by_reporter", _("tried by the reporter before reporting")

    @classmethod
    def colour(cls, value: str) -> str:
        return FLAG_LOOKS[cls(value)][0]

    @classmethod
    def icon(cls, value: str) -> str:
        return FLAG_LOOKS[cls(value)][1]


FLAG_LOOKS = {
    Flag.OVERDUE: ("danger", "exclamation-octagon"),
    Flag.STEP_OVERDUE: ("danger", "exclamation-octagon"),
    Flag.YOUR_TURN: ("warning", ""),
    Flag.ACTIVE: ("success", ""),
    Flag.INACTIVE: ("secondary", ""),
    Flag.UNREAD: ("warning", ""),
    Flag.FIRST_CONTACT: ("success", ""),
    Flag.NOT_SET: ("danger", ""),
    Flag.BREACHED: ("danger", "exclamation-triangle"),
    Flag.SLA_BREACHED: ("danger", ""),
    Flag.ONGOING: ("danger", ""),
    Flag.INTERNAL: ("warning", ""),
    Flag.EVERY_WEEK: ("info", ""),
    Flag.EXCLUDED: ("secondary", ""),
    Flag.EXCLUSION_PROPOSED: ("warning", ""),
    Flag.MEASURED_MET: ("success", ""),
    Flag.MEASURED_BELOW: ("danger", ""),
    Flag.NOT_MEASURED: ("secondary", ""),
    Flag.TRIED_BY_REPORTER: ("light", ""),
}

# A name, not a state (a category, a role, a port): one neutral look.
TAG_COLOUR = "light"
