"""The provider incidents' page forms: the workflow's action panels and the list's filters."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from silajar.core.forms import ActionForm, valid_values
from silajar.providers.choices import IncidentState

LOCAL_MINUTE = "%Y-%m-%dT%H:%M"


class ReportForm(ActionForm):
    channel = forms.CharField(
        label=_("Reported through"),
        max_length=50,
        help_text=_("Telephone, e-mail, WhatsApp, the provider's portal…"),
    )
    contact = forms.CharField(label=_("Reported to"), max_length=150)
    provider_ticket_ref = forms.CharField(
        label=_("Provider's ticket number"), max_length=100, required=False
    )

    @classmethod
    def initial_for(cls, obj) -> dict:
        contacts = obj.provider.contacts or []
        first = contacts[0] if contacts and isinstance(contacts[0], dict) else {}
        return {"contact": first.get("name", "")}


class UpdateForm(ActionForm):
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))


class ProviderResolveForm(ActionForm):
    cause = forms.CharField(label=_("Cause"), widget=forms.Textarea(attrs={"rows": 2}))
    action_taken = forms.CharField(
        label=_("Action taken"), widget=forms.Textarea(attrs={"rows": 2})
    )
    restored_at = forms.DateTimeField(
        label=_("Restored at"),
        input_formats=[LOCAL_MINUTE],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_MINUTE),
    )

    @classmethod
    def initial_for(cls, obj) -> dict:
        return {"restored_at": timezone.localtime().replace(second=0, microsecond=0)}


class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class IncidentFilterForm(forms.Form):
    """The list's filters (GET); an invalid value is left out, never an error page."""

    OPEN = "open"

    state = forms.ChoiceField(label=_("State"), required=False)
    provider = forms.TypedChoiceField(
        label=_("Provider"), coerce=int, empty_value=None, required=False
    )
    link = forms.TypedChoiceField(
        label=_("Internet link"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, providers=(), links=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["state"]).choices = [
            ("", _("All states")),
            (self.OPEN, _("Open (not finished)")),
            *IncidentState.choices,
        ]
        cast(forms.ChoiceField, self.fields["provider"]).choices = [
            ("", _("All providers")),
            *providers,
        ]
        cast(forms.ChoiceField, self.fields["link"]).choices = [("", _("All links")), *links]

    def filters(self) -> dict:
        return {k: v for k, v in valid_values(self).items() if v not in (None, "")}
