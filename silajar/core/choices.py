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
    Flag.UNREAD: ("primary", ""),
    Flag.FIRST_CONTACT: ("success", ""),
    Flag.NOT_SET: ("danger", ""),
    Flag.BREACHED: ("danger", "exclamation-triangle"),
}
