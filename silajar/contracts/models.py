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

from silajar.contracts.choices import (
    ContractState,
    NeedState,
    ProcurementMethod,
    RestitutionMethod,
)
from silajar.core.models import VersionedModel
from silajar.providers.choices import Exclusion

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


def all_exclusions() -> list[str]:
    return list(Exclusion.values)


class BandwidthNeed(VersionedModel):
    """How much internet the province needs in a fiscal year (SOP 4): set by the section head,
    approved or returned by the Kepala UPDE; its `segments` (`[{"segment", "mbps"}]`) add up
    to `capacity_mbps` (`contracts.services.needs`)."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    capacity_mbps = models.PositiveIntegerField(_("capacity (Mbps)"))
    segments = models.JSONField(_("segments"), default=list, blank=True)
    estimated_cost = models.PositiveBigIntegerField(_("estimated cost (Rp)"))
    budget_ceiling = models.PositiveBigIntegerField(_("budget ceiling (Rp)"))
    justification = models.TextField(_("justification"))
    state = models.CharField(
        _("state"), max_length=20, choices=NeedState.choices, default=NeedState.DRAFT
    )
    return_note = models.TextField(_("note on return"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("prepared by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("bandwidth need")
        verbose_name_plural = _("bandwidth needs")
        ordering = ["-fiscal_year", "-pk"]

    def __str__(self) -> str:
        return _("Bandwidth need %(year)s") % {"year": self.fiscal_year}

    def get_absolute_url(self) -> str:
        return reverse("contracts:need_detail", args=[self.pk])

    @property
    def state_badge(self) -> str:
        return NeedState.colour(self.state)


class Contract(VersionedModel):
    provider = models.ForeignKey(
        "providers.Provider",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="contracts",
        null=True,
        blank=True,
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
    # the procurement (SOP 4, `contracts.workflows`)
    need = models.ForeignKey(
        BandwidthNeed,
        verbose_name=_("bandwidth need"),
        on_delete=models.PROTECT,
        related_name="contracts",
        null=True,
        blank=True,
    )
    procurement_method = models.CharField(
        _("procurement method"), max_length=20, choices=ProcurementMethod.choices, blank=True
    )
    owner_estimate = models.PositiveBigIntegerField(
        _("owner's estimate (HPS, Rp)"), null=True, blank=True
    )
    value = models.PositiveBigIntegerField(_("contract value (Rp)"), null=True, blank=True)
    contract_date = models.DateField(_("contract date"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_letter = models.FileField(
        _("decision letter (PDF)"), upload_to="contracts/decisions/", blank=True
    )
    designated_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("designated by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # the installation checklist, filled by the provider
    links_up = models.BooleanField(_("links up"), default=False)
    addresses_handed_over = models.TextField(_("addresses handed over"), blank=True)
    test_results = models.TextField(_("test results"), blank=True)
    checklist_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("checklist filled by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # the handover record (BAST), signed by both sides
    bast_number = models.CharField(_("BAST number"), max_length=100, blank=True)
    bast_date = models.DateField(_("BAST date"), null=True, blank=True)
    bast_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("received for the office by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    signer_name = models.CharField(_("provider's signer"), max_length=150, blank=True)
    signature = models.FileField(_("signature"), upload_to="contracts/signatures/", blank=True)
    signed_form = models.FileField(_("signed BAST (scan)"), upload_to="contracts/bast/", blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)

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
