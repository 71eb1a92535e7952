"""Internet providers, the links (circuits) they deliver, the outages of those links, the
providers' maintenance windows and the provider incidents (*gangguan internet*, SOP 3).

Times are stored in UTC; a link is active from the start of `active_from` to the end of
`active_until`, both WIB dates. Outages are intervals (`ended_at` empty while one lasts); a
correction is an audited change with a reason (`providers.services`), never a silent overwrite."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from silajar.core.models import VersionedModel
from silajar.providers.choices import (
    Exclusion,
    IncidentSource,
    IncidentState,
    LinkKind,
    LinkStatus,
    OutageSource,
)


class Provider(VersionedModel):
    """An internet provider under contract with the province.

    `contacts`: the NOC's contacts, a list of {"name", "phone", "email", "whatsapp"};
    `escalation`: the escalation matrix, a list of {"level", "contact", "after_minutes"} — who is
    called at each level when the level before has not answered for that many minutes."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, unique=True)
    contacts = models.JSONField(_("NOC contacts"), default=list, blank=True)
    escalation = models.JSONField(_("escalation matrix"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("internet provider")
        verbose_name_plural = _("internet providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("providers:detail", args=[self.pk])


class ProviderAccount(models.Model):
    """A user account of a provider (role `provider`): it sees only its provider's links,
    incidents and service-level reports. An account belongs to one provider at most."""

    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.CASCADE, related_name="accounts"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="provider_account",
    )

    class Meta:
        verbose_name = _("provider account")
        verbose_name_plural = _("provider accounts")

    def __str__(self) -> str:
        return f"{self.user} ({self.provider})"


class Link(VersionedModel):
    """A circuit a provider delivers to a place of an agency, under a contract; `monthly_fee` is
    the link's share of the contract's monthly fee (Rupiah), the base of its restitution."""

    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="links"
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="links",
        null=True,
        blank=True,
    )
    circuit_id = models.CharField(_("circuit ID"), max_length=64)
    kind = models.CharField(_("kind"), max_length=20, choices=LinkKind.choices)
    bandwidth_down_mbps = models.PositiveIntegerField(_("committed download (Mbps)"))
    bandwidth_up_mbps = models.PositiveIntegerField(_("committed upload (Mbps)"))
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="links",
    )
    location = models.ForeignKey(
        "organizations.Location",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="links",
        null=True,
        blank=True,
    )
    # the provider's ONT or modem that terminates the link at the place (the network inventory)
    ont = models.OneToOneField(
        "inventory.Device",
        verbose_name=_("provider's ONT or modem"),
        on_delete=models.SET_NULL,
        related_name="provider_link",
        null=True,
        blank=True,
    )
    monthly_fee = models.PositiveBigIntegerField(_("monthly fee (Rp)"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=LinkStatus.choices, default=LinkStatus.PLANNED
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(_("active until"), null=True, blank=True)

    class Meta:
        verbose_name = _("internet link")
        verbose_name_plural = _("internet links")
        ordering = ["provider__short_name", "circuit_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "circuit_id"], name="providers_link_circuit_unique"
            ),
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_until__gte=F("active_from")),
                name="providers_link_active_order",
            ),
        ]
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self) -> str:
        return f"{self.circuit_id} ({self.provider})"

    def get_absolute_url(self) -> str:
        return reverse("providers:link_detail", args=[self.pk])

    @property
    def status_badge(self) -> str:
        return LinkStatus.colour(self.status)


class Outage(VersionedModel):
    """A time a link was down: from `started_at` to `ended_at` (empty while it lasts)."""

    link = models.ForeignKey(
        Link, verbose_name=_("internet link"), on_delete=models.PROTECT, related_name="outages"
    )
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=OutageSource.choices)
    cause = models.TextField(_("cause"), blank=True)
    exclusion = models.CharField(
        _("exclusion"), max_length=20, choices=Exclusion.choices, blank=True, default=""
    )
    # what the monitor proposes (our side was down, not the provider's) for the admin to
    # confirm as the exclusion or to dismiss
    proposed_exclusion = models.CharField(
        _("proposed exclusion"), max_length=20, choices=Exclusion.choices, blank=True, default=""
    )
    incident = models.ForeignKey(
        "ProviderIncident",
        verbose_name=_("incident"),
        on_delete=models.SET_NULL,
        related_name="outages",
        null=True,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("outage")
        verbose_name_plural = _("outages")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="providers_outage_order",
            )
        ]
        indexes = [models.Index(fields=["link", "started_at"])]

    def __str__(self) -> str:
        return f"{self.link.circuit_id} {self.started_at:%Y-%m-%d %H:%M}"


class MaintenanceWindow(VersionedModel):
    """Planned work of a provider on some of its links (none named: all its links), once or
    every week at the same WIB time; announced at `announced_at`."""

    provider = models.ForeignKey(
        Provider,
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="maintenance_windows",
    )
    links = models.ManyToManyField(
        Link, verbose_name=_("internet links"), related_name="maintenance_windows", blank=True
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    announced_at = models.DateTimeField(_("announced at"))
    weekly = models.BooleanField(_("every week"), default=False)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("maintenance window")
        verbose_name_plural = _("maintenance windows")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="providers_maintenance_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.starts_at:%Y-%m-%d %H:%M}"


class ProviderIncident(VersionedModel):
    """A disruption of a provider's internet on one or more links (SOP 3), from its start to
    the network administrator's check that the service is back."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="incidents"
    )
    links = models.ManyToManyField(Link, verbose_name=_("internet links"), related_name="incidents")
    tickets = models.ManyToManyField(
        "tickets.Ticket",
        verbose_name=_("complaint tickets"),
        related_name="provider_incidents",
        blank=True,
    )
    state = models.CharField(
        _("state"), max_length=20, choices=IncidentState.choices, default=IncidentState.OPEN
    )
    source = models.CharField(_("source"), max_length=20, choices=IncidentSource.choices)
    started_at = models.DateTimeField(_("started at"))
    # reported to the provider
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    report_channel = models.CharField(_("reported through"), max_length=50, blank=True)
    report_contact = models.CharField(_("reported to"), max_length=150, blank=True)
    provider_ticket_ref = models.CharField(
        _("provider's ticket number"), max_length=100, blank=True
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level reached"), default=0)
    # the provider's report
    cause = models.TextField(_("cause"), blank=True)
    action_taken = models.TextField(_("action taken"), blank=True)
    restored_at = models.DateTimeField(_("restored at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("provider incident")
        verbose_name_plural = _("provider incidents")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["provider", "state"])]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("providers:incident_detail", args=[self.pk])

    @property
    def state_badge(self) -> str:
        return IncidentState.colour(self.state)


class IncidentUpdate(models.Model):
    """A message on an incident: the provider's progress, the office's question."""

    incident = models.ForeignKey(
        ProviderIncident,
        verbose_name=_("incident"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("incident update")
        verbose_name_plural = _("incident updates")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.incident} {self.created_at:%Y-%m-%d %H:%M}"
