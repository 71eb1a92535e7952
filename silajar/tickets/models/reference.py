"""The desk's reference lists, kept by hand: the kinds of problem, the service-level targets
and the first-line steps."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from silajar.core.models import TimeStampedModel
from silajar.tickets.choices import ChecklistScope, Priority


class Category(TimeStampedModel):
    """A kind of network problem (cable, Wi-Fi, …); the list is editable."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    always_open = models.BooleanField(
        _("24×7 service clock"),
        default=False,
        help_text=_("Count service-level time around the clock instead of working hours."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class SlaTarget(models.Model):
    """Response and resolution targets (working minutes) for one category × priority;
    a row without category is the default for that priority."""

    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sla_targets",
    )
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)
    response_minutes = models.PositiveIntegerField(_("response target (minutes)"))
    resolution_minutes = models.PositiveIntegerField(_("resolution target (minutes)"))

    class Meta:
        verbose_name = _("service-level target")
        verbose_name_plural = _("service-level targets")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "priority"], name="tickets_slatarget_category_priority"
            ),
            models.UniqueConstraint(
                fields=["priority"],
                condition=models.Q(category__isnull=True),
                name="tickets_slatarget_default_priority",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category or '*'} / {self.priority}"


class ChecklistStep(TimeStampedModel):
    """One first-line step the helpdesk walks with the caller (data, not code)."""

    scope = models.CharField(
        _("applies to"), max_length=20, choices=ChecklistScope.choices, default=ChecklistScope.ANY
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("applies to the category"),
        on_delete=models.PROTECT,
        related_name="checklist_steps",
        null=True,
        blank=True,
        help_text=_("Empty: every kind of problem."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    question = models.CharField(_("step"), max_length=255)
    guidance = models.TextField(_("guidance for the caller"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("first-line step")
        verbose_name_plural = _("first-line steps")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.question
