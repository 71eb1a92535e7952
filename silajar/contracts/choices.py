"""The vocabulary of contracts: how restitution is computed, a contract's state, how it was
procured, and the states of the yearly bandwidth need."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RestitutionMethod(models.TextChoices):
    BANDS = "bands", _("Bands (a credit per availability band)")
    PROPORTIONAL = "proportional", _("Proportional to the downtime")


class ContractState(models.TextChoices):
    """A contract prepared by the PPTK goes through the procurement (`contracts.workflows`); one
    registered as signed starts active."""

    DRAFT = "draft", _("Draft")
    AWAITING_DESIGNATION = "awaiting_designation", _("Awaiting designation")
    DESIGNATED = "designated", _("Provider designated")
    INSTALLING = "installing", _("Installing")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")

    @classmethod
    def colour(cls, value: str) -> str:
        """The colour of the state's badge."""
        return CONTRACT_STATE_COLOURS.get(value, "secondary")


CONTRACT_STATE_COLOURS = {
    ContractState.DRAFT: "light",
    ContractState.AWAITING_DESIGNATION: "warning",
    ContractState.DESIGNATED: "info",
    ContractState.INSTALLING: "primary",
    ContractState.ACTIVE: "success",
    ContractState.EXPIRED: "secondary",
    ContractState.TERMINATED: "dark",
}
# the states a contract may be registered in directly (signed outside the procurement)
REGISTERED_STATES = (ContractState.ACTIVE, ContractState.EXPIRED, ContractState.TERMINATED)
# the states of a contract that is still being procured (no provider's obligations yet)
PROCUREMENT_STATES = (
    ContractState.DRAFT,
    ContractState.AWAITING_DESIGNATION,
    ContractState.DESIGNATED,
    ContractState.INSTALLING,
)

# a contract ending in this many days reminds the section head, the PPTK and the KPA
REMINDER_DAYS = (90, 60, 30)


class ProcurementMethod(models.TextChoices):
    E_KATALOG = "e_katalog", _("E-catalogue")
    TENDER = "tender", _("Tender")
    DIRECT = "direct", _("Direct procurement")


class NeedState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")

    @classmethod
    def colour(cls, value: str) -> str:
        return {
            cls.DRAFT: "light",
            cls.SUBMITTED: "warning",
            cls.APPROVED: "success",
            cls.RETURNED: "danger",
        }.get(value, "secondary")
