"""The province's yearly internet contracts with their service-level terms.

A contract covers links (`providers.Link.contract`, each with its share of the monthly fee);
its terms say how the monthly availability is measured and what the province is owed when the
provider falls short (`contracts.sla`, written down in docs/sla.md)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from silajar.contracts.choices import ContractState, RestitutionMethod
from silajar.core.models import VersionedModel
from silajar.providers.choices import Exclusion

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


def all_exclusions() -> list[str]:
    return list(Exclusion.values)


class Contract(VersionedModel):
    provider = models.ForeignKey(
        "providers.Provider",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    number = models.CharField(_("contract number"), max_length=100, unique=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    capacity_mbps = models.PositiveIntegerField(_("capacity (Mbps)"))
    monthly_fee = models.PositiveBigIntegerField(_("monthly fee (Rp)"))
    state = models.CharField(
        _("state"), max_length=20, choices=ContractState.choices, default=ContractState.ACTIVE
    )
    # the service-level terms
    availability_target = models.DecimalField(
        _("availability target (%)"), max_digits=6, decimal_places=3, validators=PERCENT
    )
    min_outage_seconds = models.PositiveIntegerField(
        _("shortest outage that counts (seconds)"), default=300
    )
    max_response_minutes = models.PositiveIntegerField(_("maximum response time (minutes)"))
    max_restoration_minutes = models.PositiveIntegerField(_("maximum restoration time (minutes)"))
    restitution_method = models.CharField(
        _("restitution"), max_length=20, choices=RestitutionMethod.choices
    )
    # [{"below_percent": "99.5", "credit_percent": "5"}, …] for the banded method
    restitution_bands = models.JSONField(_("restitution bands"), default=list, blank=True)
    restitution_cap_percent = models.DecimalField(
        _("restitution cap (% of the fee)"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    maintenance_notice_hours = models.PositiveIntegerField(
        _("maintenance announced at least (hours ahead)"), default=72
    )
    # the exclusion reason codes the contract honours (`providers.choices.Exclusion`)
    exclusions = models.JSONField(_("exclusions honoured"), default=all_exclusions, blank=True)
    document = models.FileField(
        _("contract document (scan)"), upload_to="contracts/documents/", blank=True
    )
    document_name = models.CharField(_("document's file name"), max_length=255, blank=True)
    document_content_type = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-fiscal_year", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="contracts_period_order"
            )
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("contracts:detail", args=[self.pk])

    @property
    def state_badge(self) -> str:
        return ContractState.colour(self.state)


class LinkSlaState(models.Model):
    """The generation of a link's SLA inputs: raised (`contracts.sla_store.invalidate`) in the
    same transaction as every change that can alter a month of the link that is over. A stored
    month (`LinkMonthResult`) is valid only while it carries the link's current generation (no
    row: generation 0). ADR 0007."""

    link = models.OneToOneField(
        "providers.Link",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="sla_state",
    )
    generation = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.link_id}: {self.generation}"


class LinkMonthResult(models.Model):
    """A link's month, computed by `contracts.sla.link_month` once the month was over, kept so
    that the report need not compute it again (`contracts.sla_store`, ADR 0007). Durations in
    microseconds; `pieces` the month's bar, each piece as its end (µs from the month's start)
    and its kind (`sla_store._packed`). Valid only while `generation` is the link's
    (`LinkSlaState`). Kept only when nothing of it still runs (no open outage, no running
    incident: their lengths grow with the time of the report)."""

    link = models.ForeignKey("providers.Link", on_delete=models.CASCADE, related_name="sla_months")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    generation = models.PositiveBigIntegerField()
    observed_us = models.BigIntegerField()
    downtime_us = models.BigIntegerField()
    excluded_us = models.BigIntegerField()
    counted_us = models.BigIntegerField()
    unmonitored_us = models.BigIntegerField()
    inactive_us = models.BigIntegerField()
    availability_percent = models.DecimalField(max_digits=6, decimal_places=3)
    measured = models.BooleanField()
    target_met = models.BooleanField()
    # the band's credit (bands have up to 2 decimals: contracts.services); null: proportional
    credit_percent = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    restitution_amount = models.BigIntegerField()
    pieces = models.JSONField(default=list)
    # the provider incidents that started in the month and how many breached each limit
    incidents = models.PositiveIntegerField()
    response_breaches = models.PositiveIntegerField()
    restoration_breaches = models.PositiveIntegerField()
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["link", "year", "month"], name="contracts_link_month_result_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.link_id} {self.year:04d}-{self.month:02d}"
