"""The distribution of an active contract's bandwidth among its consumers, kept as versions.

Every change (an allocation added, edited or removed, an older version restored) writes a new
`DistributionVersion` holding a full copy of the allocations (copy-on-write): the versions of a
contract are never edited, so any two can be compared and any one restored. An allocation
keeps its `key` from version to version (the same consumer's queue), and names its parent by
that key, so a copy is a plain bulk insert."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from silajar.bandwidth.choices import ConsumerKind


class DistributionVersion(models.Model):
    """One version of a contract's distribution; `is_current` marks the one in force (the
    one exported to the router)."""

    contract = models.ForeignKey(
        "contracts.Contract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="distribution_versions",
    )
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    is_current = models.BooleanField(_("current"), default=False)

    class Meta:
        verbose_name = _("distribution version")
        verbose_name_plural = _("distribution versions")
        ordering = ["contract", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"], name="bandwidth_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["contract"],
                condition=Q(is_current=True),
                name="bandwidth_one_current_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("bandwidth:distribution", args=[self.contract_id])


class Allocation(models.Model):
    """A consumer's queue in one version: its guaranteed rate (CIR), its maximum (MIR), its
    priority and where it applies (a subnet, or a router interface such as a VLAN)."""

    version = models.ForeignKey(
        DistributionVersion,
        verbose_name=_("distribution version"),
        on_delete=models.CASCADE,
        related_name="allocations",
    )
    key = models.PositiveIntegerField(_("allocation number"))
    parent_key = models.PositiveIntegerField(_("parent"), null=True, blank=True)
    consumer = models.CharField(_("consumer"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=ConsumerKind.choices)
    cir_mbps = models.PositiveIntegerField(_("guaranteed rate, CIR (Mbps)"))
    mir_mbps = models.PositiveIntegerField(_("maximum rate, MIR (Mbps)"))
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=8, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    target = models.CharField(_("target"), max_length=500, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("agency served"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # an agency removed leaves the queue (and its history)
        related_name="+",
    )

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["version", "key"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="bandwidth_allocation_key"),
            models.UniqueConstraint(
                fields=["version", "consumer"], name="bandwidth_allocation_consumer"
            ),
        ]

    def __str__(self) -> str:
        return self.consumer


class UsageSample(models.Model):
    """A consumer's measured use on one day, imported from the router's queue counters."""

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.CASCADE, related_name="usage_samples"
    )
    consumer = models.CharField(_("consumer"), max_length=100)
    day = models.DateField(_("day"))
    average_mbps = models.DecimalField(_("average (Mbps)"), max_digits=10, decimal_places=3)
    peak_mbps = models.DecimalField(_("peak (Mbps)"), max_digits=10, decimal_places=3)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("usage sample")
        verbose_name_plural = _("usage samples")
        ordering = ["contract", "consumer", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "consumer", "day"], name="bandwidth_usage_day_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consumer} {self.day}"
