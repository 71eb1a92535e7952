"""Forms of the agency portal: the report of a problem, reopening and the rating."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from silajar.core.forms import note_field
from silajar.tickets.choices import Scope
from silajar.tickets.forms.desk import offer_places, place_detail_field, place_field
from silajar.tickets.models import Category


class ReportForm(forms.Form):
    scope = forms.ChoiceField(choices=Scope.choices, widget=forms.HiddenInput)
    location = place_field(_("Where is the problem?"), empty_label=_("— choose the place —"))
    location_detail = place_detail_field(
        _("Room or floor"), help_text=_("For example: meeting room, 3rd floor.")
    )
    category = forms.ModelChoiceField(
        label=_("What kind of problem?"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("— I don't know —"),
    )
    description = forms.CharField(
        label=_("Describe the problem"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What does not work, since when, and what you already tried."),
    )
    reporter_unit = forms.CharField(label=_("Your unit or section"), max_length=150, required=False)
    reporter_phone = forms.CharField(
        label=_("Phone number to reach you"), max_length=30, required=False
    )
    # the self-help steps the reporter tried, carried from the self-help page
    tried = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.MultipleHiddenInput
    )
    photo = forms.FileField(
        label=_("Photo or document (optional)"),
        required=False,
        help_text=_("JPEG, PNG or PDF, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )

    def __init__(self, *args, user, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tried"].choices = [(step.pk, step.question) for step in steps]
        offer_places(self, user, user.organization_id)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)


class ReopenForm(forms.Form):
    invalid = _("Say why the ticket is reopened.")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Why is the problem back?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class RatingForm(forms.Form):
    invalid = _("Give a rating from 1 to 5.")
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the service?"),
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = note_field(_("Comment (optional)"))
