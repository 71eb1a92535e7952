"""The vocabulary of contracts: how restitution is computed, a contract's state."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RestitutionMethod(models.TextChoices):
    BANDS = "bands", _("Bands (a credit per availability band)")
    PROPORTIONAL = "proportional", _("Proportional to the downtime")


class ContractState(models.TextChoices):
    """Here a contract is registered as signed (active); the provisioning procedure adds the
    procurement steps before it."""

    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")

    @classmethod
    def colour(cls, value: str) -> str:
        """The colour of the state's badge."""
        return CONTRACT_STATE_COLOURS.get(value, "secondary")


CONTRACT_STATE_COLOURS = {
    ContractState.ACTIVE: "success",
    ContractState.EXPIRED: "secondary",
    ContractState.TERMINATED: "dark",
}
