"""Forms shared by every procedure: the base of a list's filters and of a workflow action's
page form."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, cast

from django import forms
from django.utils.translation import gettext_lazy as _


def note_field(label, **kwargs: Any) -> forms.CharField:
    """An optional note of a line or two."""
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}), **kwargs
    )


def valid_values(form: forms.Form) -> dict[str, Any]:
    """The cleaned values of the fields that are valid: one bad input leaves out that input
    only, for a page that does its best with the rest (a list's filters, a letter's draft)."""
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    return {name: cleaned.get(name) for name in form.fields if name not in form.errors}


class VersionedModelForm(forms.ModelForm):
    """A page form of a stored record carries the version the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class ListFilterForm(forms.Form):
    """A procedure's list filters (GET). Invalid values are dropped, never an error page.

    A subclass names its `states` (choices), the value `open_state` that stands for every
    unfinished one, its `sorts`, and fills the agency and technician choices for the user."""

    states: ClassVar[Iterable[tuple[str, str]]] = ()
    open_state: ClassVar[str] = ""
    sorts: ClassVar[Iterable[str]] = ()

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("State"), required=False)
    # plain id choices read with values_list: a list page should not build model objects
    # (nor open a database cursor) for every option of every select
    organization = forms.TypedChoiceField(
        label=_("Agency"), coerce=int, empty_value=None, required=False
    )
    technician = forms.TypedChoiceField(
        label=_("Technician"), coerce=int, empty_value=None, required=False
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["state"]).choices = [
            ("", _("All states")),
            (self.open_state, _("Open (not finished)")),
            *self.states,
        ]
        cast(forms.ChoiceField, self.fields["sort"]).choices = [(k, k) for k in self.sorts]

    def filters(self) -> dict:
        """The valid filters; an invalid or empty one is left out rather than failing the page."""
        return {
            name: value
            for name, value in valid_values(self).items()
            if value not in (None, "", False)
        }


class ActionForm(forms.Form):
    """A workflow action on a record's page. It carries the version the user saw, so a stale
    click is refused; subclasses add the action's inputs, and name in `initial_fields` those
    the empty form fills from the record's attributes of the same name."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    invalid = _("Check the form.")  # the page's summary when the form is not valid
    initial_fields: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def for_action(cls, obj, *, prefix: str, data=None, files=None) -> ActionForm:
        """The form of an action on `obj`: bound to what was posted, or filled in for display."""
        if data is not None:
            return cls(data, files, prefix=prefix)
        return cls(prefix=prefix, initial={"version": obj.version, **cls.initial_for(obj)})

    @classmethod
    def initial_for(cls, obj) -> dict[str, Any]:
        """What the empty form shows for `obj` (besides its version)."""
        return {name: getattr(obj, name) for name in cls.initial_fields}

    def inputs(self) -> dict[str, Any]:
        """The service's inputs, from the cleaned data (the version travels apart)."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data

    def place_error(self, name: str, text: str) -> bool:
        """Show a refusal's message on the input it names; False when the form has none."""
        if name not in self.fields:
            return False
        self.add_error(name, text)
        return True


SCAN_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class BaseSignOffForm(ActionForm):
    """The user's sign-off, wherever it is given: a name and either a drawn signature or the
    scan of the signed paper form (`core.signatures` checks which). A procedure names its
    `panel_template`."""

    signer_name = forms.CharField(label=_("Name of the person signing"), max_length=150)
    signature = forms.CharField(widget=forms.HiddenInput, required=False)
    signed_form = forms.FileField(
        label=_("…or upload the signed paper form (PDF, JPEG or PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": SCAN_ACCEPT}),
    )
