"""The complaint itself, and the indexes its list's sorts walk."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OrderBy
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from silajar.core.models import VersionedModel
from silajar.organizations.models import Organization
from silajar.tickets.choices import (
    PRIORITY_RANK,
    Channel,
    FaultDomain,
    PauseReason,
    Priority,
    Scope,
    SlaStatus,
    TicketState,
)
from silajar.tickets.models.reference import Category


class SortIndex(models.Index):
    """An index in the order of a list sort, NULLS LAST included. SQLite refuses NULLS FIRST/LAST
    in an index; there the modifier is left out (SQLite is not the million-ticket database)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "sqlite":
            index = self.clone()
            index.expressions = tuple(
                OrderBy(e.expression, descending=e.descending) if isinstance(e, OrderBy) else e
                for e in index.expressions
            )
            return models.Index.create_sql(index, model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)


class Ticket(VersionedModel):
    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    state = models.CharField(
        _("state"), max_length=20, choices=TicketState.choices, default=TicketState.NEW
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    # the reporter: an account, or a caller without one
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_tickets",
    )
    reporter_name = models.CharField(_("reporter's name"), max_length=150)
    reporter_phone = models.CharField(_("reporter's phone"), max_length=30, blank=True)
    reporter_unit = models.CharField(_("reporter's unit"), max_length=150, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    # copy of organization.short_name (kept in step by save() and `_follow_agency_rename`) so
    # the list's agency sort walks an index instead of sorting every ticket through a join
    organization_short_name = models.CharField(max_length=50, editable=False, default="")
    location = models.ForeignKey(
        "organizations.Location",
        verbose_name=_("location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    # the room or floor as the caller says it, beside the registered place (never run into it)
    location_detail = models.CharField(_("room or floor"), max_length=255, blank=True)
    # the device or wall outlet concerned (the network inventory)
    device = models.ForeignKey(
        "inventory.Device",
        verbose_name=_("device or outlet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    description = models.TextField(_("complaint"))
    scope = models.CharField(
        _("scope"), max_length=20, choices=Scope.choices, default=Scope.UNKNOWN
    )
    fault_domain = models.CharField(
        _("fault domain"), max_length=20, choices=FaultDomain.choices, default=FaultDomain.UNKNOWN
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    # PRIORITY_RANK[priority] (0 = critical), set by save(): the list's priority sort key
    priority_rank = models.PositiveSmallIntegerField(
        editable=False, default=PRIORITY_RANK[Priority.NORMAL]
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("technician"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_tickets",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checklist = models.JSONField(_("first-line steps"), default=list, blank=True)
    first_contact_resolution = models.BooleanField(_("solved on first contact"), default=False)
    resolution_note = models.TextField(_("note"), blank=True)
    diagnosis = models.TextField(_("problem identified"), blank=True)
    action_taken = models.TextField(_("action taken"), blank=True)
    parts_used = models.TextField(_("parts used"), blank=True)
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signature = models.FileField(_("signature"), upload_to="tickets/signatures/", blank=True)
    signed_form = models.FileField(_("signed form (scan)"), upload_to="tickets/forms/", blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason"), blank=True)
    provider_reference = models.CharField(_("provider incident"), max_length=100, blank=True)
    pause_reason = models.CharField(
        _("clock paused"), max_length=20, choices=PauseReason.choices, blank=True, default=""
    )
    triaged_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # service level, recomputed from the ticket's history on every change and by the scan
    sla_response_due_at = models.DateTimeField(_("response due"), null=True, blank=True)
    sla_resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    sla_status = models.CharField(
        _("service level"), max_length=10, choices=SlaStatus.choices, default=SlaStatus.ON_TRACK
    )
    sla_response_breached = models.BooleanField(_("response breached"), default=False)
    sla_resolution_breached = models.BooleanField(_("resolution breached"), default=False)
    sla_escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.TextField(_("rating comment"), blank=True)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "-created_at"], name="ticket_state_created"),
            models.Index(fields=["organization", "-created_at"], name="ticket_org_created"),
            models.Index(fields=["assigned_to", "state"], name="ticket_tech_state"),
            models.Index(fields=["priority", "-created_at"], name="ticket_priority_created"),
            models.Index(fields=["category", "-created_at"], name="ticket_category_created"),
            models.Index(fields=["channel", "-created_at"], name="ticket_channel_created"),
            models.Index(fields=["sla_status", "-created_at"], name="ticket_sla_created"),
            models.Index(fields=["-created_at", "-id"], name="ticket_created"),
            models.Index(fields=["reporter", "-created_at"], name="ticket_reporter_created"),
            # the list's sorts (selectors.SORTS): columns and directions as in their ORDER BY,
            # so page 1 and every cursor page read 26 index entries instead of sorting the table
            models.Index(
                F("priority_rank").asc(),
                F("created_at").desc(),
                F("id").desc(),
                name="ticket_sort_priority",
            ),
            models.Index(
                F("priority_rank").desc(),
                F("created_at").desc(),
                F("id").desc(),
                name="ticket_sort_priority_desc",
            ),
            SortIndex(
                F("sla_resolution_due_at").asc(nulls_last=True),
                F("created_at").desc(),
                F("id").desc(),
                name="ticket_sort_due",
            ),
            SortIndex(
                F("sla_resolution_due_at").desc(nulls_last=True),
                F("created_at").desc(),
                F("id").desc(),
                name="ticket_sort_due_desc",
            ),
            models.Index(
                F("organization_short_name").asc(),
                F("created_at").desc(),
                F("id").desc(),
                name="ticket_sort_agency",
            ),
            models.Index(
                F("organization_short_name").desc(),
                F("created_at").desc(),
                F("id").desc(),
                name="ticket_sort_agency_desc",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        """Keep the stored sort keys (priority_rank, organization_short_name) in step."""
        update_fields = kwargs.get("update_fields")
        fields = None if update_fields is None else set(update_fields)
        if fields is None or "priority" in fields:
            self.priority_rank = PRIORITY_RANK.get(self.priority, len(PRIORITY_RANK))
            if fields is not None:
                fields.add("priority_rank")
        if fields is None or "organization" in fields:
            if Ticket.organization.is_cached(self):
                self.organization_short_name = self.organization.short_name
            elif self.organization_id is not None:
                self.organization_short_name = (
                    Organization.objects.filter(pk=self.organization_id)
                    .values_list("short_name", flat=True)
                    .first()
                    or ""
                )
            if fields is not None:
                fields.add("organization_short_name")
        if fields is not None:
            kwargs["update_fields"] = fields
        super().save(*args, **kwargs)

    @property
    def state_badge(self) -> str:
        return TicketState.colour(self.state)

    @property
    def sla_badge(self) -> str:
        return SlaStatus.colour(self.sla_status)

    @property
    def priority_badge(self) -> str:
        return Priority.colour(self.priority)


@receiver(post_save, sender=Organization, dispatch_uid="silajar_tickets_agency_rename")
def _follow_agency_rename(sender, instance, created, update_fields=None, **kwargs):
    """An agency renamed (its short name) renames the copy on its tickets, for the list sort."""
    if created or (update_fields is not None and "short_name" not in update_fields):
        return
    Ticket.objects.filter(organization_id=instance.pk).exclude(
        organization_short_name=instance.short_name
    ).update(organization_short_name=instance.short_name)
