"""Forms of the desk settings pages: categories, first-line steps, service-level targets."""

from django import forms
from django.utils.translation import gettext_lazy as _

from silajar.tickets.choices import PRIORITY_RANK, Priority
from silajar.tickets.models import Category, ChecklistStep, SlaTarget
from silajar.tickets.reference_services import CATEGORIES, STEPS, TARGETS

MAX_TARGET_MINUTES = 60 * 24 * 365  # a year: anything longer is a typing mistake
MINUTES_HELP = _(
    "Working minutes (480 = one working day of 8 hours); around the clock for 24×7 categories."
)


def priority_choices() -> list[tuple[str, str]]:
    """Most urgent first, as on the grid."""
    return sorted(Priority.choices, key=lambda choice: PRIORITY_RANK[choice[0]])


def _minutes_field(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=1, max_value=MAX_TARGET_MINUTES, help_text=MINUTES_HELP
    )


class _TargetMinutesMixin:
    """Response and resolution minutes: positive, and the response no later than the fix."""

    def clean(self):
        data = super().clean()
        response, resolution = data.get("response_minutes"), data.get("resolution_minutes")
        if response is not None and resolution is not None and response > resolution:
            self.add_error(
                "response_minutes",
                forms.ValidationError(
                    _("The response target cannot be longer than the resolution target."),
                    code="response_after_resolution",
                ),
            )
        return data


class CategoryCreateForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = list(CATEGORIES.create_fields)
        help_texts = {
            "code": _(
                "A short identifier: lowercase letters, digits, hyphens or underscores. "
                "It cannot be changed later."
            ),
            "sort_order": _("Lower numbers come first in the lists."),
        }

    def clean_code(self):
        return self.cleaned_data["code"].lower()


class CategoryEditForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = list(CATEGORIES.edit_fields)
        help_texts = {"sort_order": _("Lower numbers come first in the lists.")}


class StepForm(forms.ModelForm):
    class Meta:
        model = ChecklistStep
        fields = list(STEPS.create_fields)
        widgets = {"guidance": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "order": _("Steps are walked in this order (lower first)."),
            "guidance": _("What the helpdesk tells the caller to do (optional)."),
        }


class TargetCreateForm(_TargetMinutesMixin, forms.Form):
    """A category's override for one priority, or a priority's missing default row."""

    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.order_by("sort_order", "name"),
        required=False,
        empty_label=_("Default (every category without its own target)"),
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=priority_choices)
    response_minutes = _minutes_field(_("Response target (minutes)"))
    resolution_minutes = _minutes_field(_("Resolution target (minutes)"))

    def clean(self):
        data = super().clean()
        priority = data.get("priority")
        if priority and not self.has_error("category"):
            category = data.get("category")
            if SlaTarget.objects.filter(priority=priority, category=category).exists():
                raise forms.ValidationError(
                    _("Targets for this category and priority already exist; edit them instead."),
                    code="duplicate_target",
                )
        return data


class TargetEditForm(_TargetMinutesMixin, forms.ModelForm):
    response_minutes = _minutes_field(_("Response target (minutes)"))
    resolution_minutes = _minutes_field(_("Resolution target (minutes)"))

    class Meta:
        model = SlaTarget
        fields = list(TARGETS.edit_fields)
