"""Agencies (OPD) of the province and the places inside them."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from silajar.core.models import VersionedModel
from silajar.core.validators import nip_validator, phone_validator


class OrganizationKind(models.TextChoices):
    REGIONAL_SECRETARIAT = "setda", _("Regional Secretariat")
    DPRD_SECRETARIAT = "setwan", _("DPRD Secretariat")
    INSPECTORATE = "inspektorat", _("Inspectorate")
    DEPARTMENT = "dinas", _("Department (Dinas)")
    AGENCY = "badan", _("Agency (Badan)")
    BUREAU = "biro", _("Bureau (Biro)")
    HOSPITAL = "rsud", _("Regional hospital (RSUD)")
    TECHNICAL_UNIT = "upt", _("Technical unit (UPT)")
    OFFICE = "kantor", _("Office")
    OTHER = "lainnya", _("Other")


class Criticality(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High (public service, hospital, leadership)")


class Organization(VersionedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail address"), blank=True)
    head_name = models.CharField(_("head's name"), max_length=150, blank=True)
    head_title = models.CharField(_("head's title"), max_length=150, blank=True)
    head_nip = models.CharField(
        _("head's NIP"), max_length=18, blank=True, validators=[nip_validator]
    )
    criticality = models.CharField(
        _("criticality"),
        max_length=10,
        choices=Criticality.choices,
        default=Criticality.NORMAL,
        help_text=_("How critical the agency's network is; suggests the priority of complaints."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "is_active"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:detail", args=[self.pk])


class Location(VersionedModel):
    """A place inside an agency: building, floor, room."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="locations"
    )
    building = models.CharField(_("building"), max_length=150)
    floor = models.CharField(_("floor"), max_length=30, blank=True)
    room = models.CharField(_("room"), max_length=150, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["organization__name", "building", "floor", "room"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "building", "floor", "room"],
                name="organizations_location_unique_place",
            )
        ]

    def __str__(self) -> str:
        parts = [self.building]
        if self.floor:
            parts.append(_("floor %(floor)s") % {"floor": self.floor})
        if self.room:
            parts.append(self.room)
        return ", ".join(str(p) for p in parts)

    def get_absolute_url(self) -> str:
        """A place is shown on its agency's page."""
        return reverse("organizations:detail", args=[self.organization_id])

    @property
    def map_url(self) -> str:
        if self.latitude is None or self.longitude is None:
            return ""
        return f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}#map=19/{self.latitude}/{self.longitude}"
