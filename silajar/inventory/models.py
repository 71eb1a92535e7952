"""The network of the agencies' places: devices, their ports, the cables between ports.

A place (`organizations.Location`) holds devices; a device has ports; a cable joins two ports.
A patch panel position is two ports of the panel (front and rear, same `position`) joined
inside it, so a trace runs wall outlet → cable → panel rear → panel front → patch cord →
switch port."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from silajar.core.models import TimeStampedModel, VersionedModel
from silajar.inventory.choices import (
    CableType,
    DeviceKind,
    DeviceStatus,
    Owner,
    PortKind,
    PortSide,
    PortState,
)
from silajar.organizations.models import Location


class Device(VersionedModel):
    location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.PROTECT, related_name="devices"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=DeviceKind.choices)
    name = models.CharField(
        _("name"), max_length=100, unique=True, help_text=_("As labelled on the device.")
    )
    model = models.CharField(_("model"), max_length=150, blank=True)
    serial = models.CharField(_("serial number"), max_length=100, blank=True)
    management_address = models.CharField(_("management address"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeviceStatus.choices, default=DeviceStatus.ACTIVE
    )
    installed_on = models.DateField(_("installed on"), null=True, blank=True)
    owner = models.CharField(
        _("owner"), max_length=12, choices=Owner.choices, default=Owner.DISKOMINFO
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        ordering = ["name"]
        indexes = [models.Index(fields=["location", "kind"], name="inv_device_place_kind")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inventory:device_detail", args=[self.pk])

    @property
    def status_badge(self) -> str:
        return DeviceStatus.colour(self.status)


class Cable(VersionedModel):
    """A cable between two ports (the two ports point at it: each port has at most one)."""

    label = models.CharField(_("label"), max_length=100, blank=True)
    cable_type = models.CharField(
        _("type"), max_length=10, choices=CableType.choices, default=CableType.CAT6
    )
    length_m = models.DecimalField(
        _("length (m)"), max_digits=7, decimal_places=1, null=True, blank=True
    )

    class Meta:
        verbose_name = _("cable")
        verbose_name_plural = _("cables")
        ordering = ["label", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["label"], condition=~Q(label=""), name="inventory_cable_label_unique"
            )
        ]

    def __str__(self) -> str:
        return self.label or _("cable #%(id)s") % {"id": self.pk}


class Port(TimeStampedModel):
    device = models.ForeignKey(
        Device, verbose_name=_("device"), on_delete=models.CASCADE, related_name="ports"
    )
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(
        _("kind"), max_length=10, choices=PortKind.choices, default=PortKind.COPPER
    )
    speed_mbps = models.PositiveIntegerField(_("speed (Mbps)"), null=True, blank=True)
    vlan = models.PositiveSmallIntegerField(_("VLAN"), null=True, blank=True)
    # a patch panel position: its front and rear ports share the position
    position = models.PositiveSmallIntegerField(_("panel position"), null=True, blank=True)
    side = models.CharField(
        _("side"), max_length=5, choices=PortSide.choices, default=PortSide.NONE, blank=True
    )
    state = models.CharField(
        _("state"), max_length=10, choices=PortState.choices, default=PortState.FREE
    )
    # one column: a port is on at most one cable (the database says so)
    cable = models.ForeignKey(
        Cable,
        verbose_name=_("cable"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ports",
    )
    # the reservation: who holds it (a reference such as "installation:42"), since when
    reservation = models.CharField(_("reserved for"), max_length=60, blank=True, db_index=True)
    reserved_at = models.DateTimeField(_("reserved at"), null=True, blank=True)
    reserved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reserved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # set once a reservation waited too long for a decision (and the administrator was told)
    reservation_flagged_at = models.DateTimeField(_("reservation flagged"), null=True, blank=True)

    class Meta:
        verbose_name = _("port")
        verbose_name_plural = _("ports")
        ordering = ["device_id", "position", "side", "name"]
        constraints = [
            models.UniqueConstraint(fields=["device", "name"], name="inventory_port_unique_name"),
            models.UniqueConstraint(
                fields=["device", "position", "side"],
                condition=Q(position__isnull=False),
                name="inventory_port_unique_position",
            ),
            models.CheckConstraint(
                condition=Q(cable__isnull=True) | Q(state=PortState.USED),
                name="inventory_port_cabled_is_used",
            ),
            models.CheckConstraint(
                condition=Q(state=PortState.RESERVED, reservation__gt="")
                | (~Q(state=PortState.RESERVED) & Q(reservation="")),
                name="inventory_port_reserved_has_holder",
            ),
        ]
        indexes = [models.Index(fields=["state", "device"], name="inv_port_state_device")]

    def __str__(self) -> str:
        return f"{self.device.name} {self.name}"

    @property
    def state_badge(self) -> str:
        return PortState.colour(self.state)


class ImportRun(TimeStampedModel):
    """An uploaded inventory file on its way in: checked (the dry run), then imported by the
    worker, all rows or none. The cells are kept as read, so the worker needs no file."""

    class Stage(models.TextChoices):
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked, ready to import")
        REJECTED = "rejected", _("Problems found")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")

    what = models.CharField(_("contents"), max_length=10)
    file_name = models.CharField(_("file"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.CASCADE, related_name="+"
    )
    rows = models.JSONField(_("cells"), default=list)
    stage = models.CharField(
        _("stage"), max_length=10, choices=Stage.choices, default=Stage.CHECKING
    )
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    errors = models.JSONField(_("problems"), default=list, blank=True)
    summary = models.CharField(_("summary"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("inventory import")
        verbose_name_plural = _("inventory imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.done / self.total))
