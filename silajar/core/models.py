"""Shared models: the audit trail, number sequences and the holiday calendar."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Versioned(models.Model):
    """A record edited by several people: `version` grows with every saved change, so a stale
    edit (made against an older version) is refused instead of overwriting newer data. What
    `core.editing` and the workflow engine take."""

    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel, Versioned):
    """A versioned record with the times it was created and last changed."""

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One change of one object, written in the same transaction as the change."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), null=True, blank=True, on_delete=models.PROTECT
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    changes = models.JSONField(_("changed fields"), default=dict, blank=True)
    # {field: [name before, name after]} for the related records in `changes`, as they were
    # named when the event was written (the ids stay in `changes`)
    labels = models.JSONField(_("names at the time"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    ip_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "created_at"]),
            models.Index(fields=["actor", "created_at"]),
        ]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"
        )


class NumberSequence(models.Model):
    """The last number issued for one series (e.g. tickets) in one year."""

    key = models.CharField(_("series"), max_length=64)
    year = models.PositiveSmallIntegerField(_("year"))
    last_value = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [
            models.UniqueConstraint(fields=["key", "year"], name="core_sequence_key_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key}/{self.year}: {self.last_value}"


class Holiday(TimeStampedModel):
    """A day without working hours: a national holiday or a collective leave day."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("National holiday")
        COLLECTIVE_LEAVE = "collective_leave", _("Collective leave")
        REGIONAL = "regional", _("Regional holiday")

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NATIONAL)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"
