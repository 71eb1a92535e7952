"""Forms of the internet side's records (providers, links, outages, windows, contracts).
Lists typed as lines (NOC contacts, the escalation matrix, a contract's bands) use `LinesField`:
one row per line, its parts split by "|"; the services check the rows and their refusals land on
the field, naming the line."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from silajar.core.access import visible
from silajar.core.forms import VersionedModelForm, note_field
from silajar.inventory.choices import DeviceKind
from silajar.inventory.models import Device
from silajar.providers.choices import Exclusion, LinkKind, LinkStatus, OutageSource
from silajar.providers.models import Link, MaintenanceWindow, Outage, Provider
from silajar.providers.selectors import unattached_provider_users
from silajar.providers.services.links import LINK_FIELDS

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ROW = re.compile(r"^(\w+)\[(\d+)\]")


class LinesField(forms.CharField):
    """A list of rows typed one per line, the parts in `keys` order split by "|"; the row
    number (from 1) goes into `numbered` when set. Blank lines are skipped."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *, keys: Sequence[str], numbered: str = "", **kwargs: Any):
        self.keys, self.numbered = tuple(keys), numbered
        kwargs.setdefault("required", False)
        super().__init__(strip=False, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                " | ".join(str(row.get(key, "") or "") for key in self.keys).rstrip(" |")
                for row in value
                if isinstance(row, dict)
            )
        return value

    def to_python(self, value) -> list[dict[str, str]]:  # type: ignore[override]
        rows = []
        for line in str(value or "").splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            row: dict[str, Any] = dict(zip(self.keys, parts + [""] * len(self.keys), strict=False))
            if len(parts) > len(self.keys):
                raise forms.ValidationError(
                    gettext("Line %(n)d has more parts than %(keys)s.")
                    % {"n": len(rows) + 1, "keys": " | ".join(self.keys)}
                )
            if self.numbered:
                row[self.numbered] = len(rows) + 1
            rows.append(row)
        return rows


class LinesForm:
    """A model form whose `LinesField`s show the record's rows, and a service's `field[n].part`
    refusals on the field, naming the line."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        form: Any = self  # a ModelForm
        for name, field in form.fields.items():
            if isinstance(field, LinesField):
                form.initial.setdefault(name, getattr(form.instance, name))

    def place_error(self, name: str, text: str) -> bool:
        match = ROW.match(name)
        field = match.group(1) if match else name
        if field not in self.fields:  # type: ignore[attr-defined]
            return False
        if match:
            text = gettext("Line %(n)d: %(error)s") % {"n": int(match.group(2)) + 1, "error": text}
        self.add_error(field, text)  # type: ignore[attr-defined]
        return True


class ProviderForm(LinesForm, VersionedModelForm):
    contacts = LinesField(
        label=_("NOC contacts"),
        keys=("name", "phone", "email", "whatsapp"),
        help_text=_("One contact a line: name | phone | e-mail | WhatsApp."),
    )
    escalation = LinesField(
        label=_("Escalation matrix"),
        keys=("contact", "after_minutes"),
        numbered="level",
        help_text=_(
            "One level a line, level 1 first: contact | minutes without an answer before "
            "this level is called."
        ),
    )

    class Meta:
        model = Provider
        fields = ["name", "short_name", "contacts", "escalation", "is_active"]


class ProviderAccountForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Account"), queryset=unattached_provider_users())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = unattached_provider_users()
        field.label_from_instance = lambda user: f"{user.get_full_name()} ({user.username})"


class LinkForm(VersionedModelForm):
    """A link; its provider is chosen when it is added and kept afterwards."""

    class Meta:
        model = Link
        fields = list(LINK_FIELDS)
        widgets = {"active_from": DATE, "active_until": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["provider"]
        self.fields["kind"].choices = LinkKind.choices
        self.fields["status"].choices = LinkStatus.choices
        self.fields["ont"].queryset = Device.objects.filter(
            kind=DeviceKind.PROVIDER_ONT
        ).select_related("location__organization")
        self.fields["ont"].help_text = _("From the network inventory, at the link's place.")
        self.fields["active_from"].help_text = _("The first day in service (WIB).")
        self.fields["active_until"].help_text = _("The last day in service; empty while it runs.")

    def _post_clean(self):
        # the services check the link (`check_link`); the model's own checks run there too
        pass


class OutageFacts(forms.Form):
    """What an outage is: its times (WIB; an empty end while it lasts), cause and exclusion."""

    started_at = forms.DateTimeField(label=_("Started at"), widget=DATETIME)
    ended_at = forms.DateTimeField(label=_("Ended at"), widget=DATETIME, required=False)
    cause = note_field(_("Cause"))
    exclusion = forms.ChoiceField(
        label=_("Exclusion"),
        required=False,
        choices=[("", _("None: the outage counts")), *Exclusion.choices],
    )


class OutageForm(OutageFacts):
    """Record an outage."""

    source = forms.ChoiceField(label=_("Source"), choices=OutageSource.choices)
    field_order = ["started_at", "ended_at", "source", "cause", "exclusion"]

    def __init__(self, *args, provider_account: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_at"].help_text = _("Leave empty while the outage lasts.")
        if provider_account:  # the provider reports; the network administrator excuses
            self.fields["source"].choices = [(OutageSource.PROVIDER, OutageSource.PROVIDER.label)]
            del self.fields["exclusion"]


class OutageEndForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    ended_at = forms.DateTimeField(
        label=_("Ended at"), widget=DATETIME, required=False, help_text=_("Now when left empty.")
    )


class OutageProposalForm(forms.Form):
    """Confirm or dismiss the exclusion the monitor proposed: only the version seen."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class OutageCorrectForm(OutageFacts):
    """Correct an outage after the fact: the new values and why."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the outage's history beside the values before."),
    )

    def __init__(self, *args, outage: Outage, provider_account: bool = False, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "version": outage.version,
                "started_at": outage.started_at,
                "ended_at": outage.ended_at,
                "cause": outage.cause,
                "exclusion": outage.exclusion,
            },
        )
        super().__init__(*args, **kwargs)
        if provider_account:
            self.fields["exclusion"].disabled = True


class MaintenanceWindowForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DATETIME)
    announced_at = forms.DateTimeField(
        label=_("Announced at"),
        widget=DATETIME,
        required=False,
        help_text=_("When the provider announced it; now when left empty."),
    )

    class Meta:
        model = MaintenanceWindow
        fields = ["starts_at", "ends_at", "announced_at", "weekly", "links", "description"]
        widgets = {
            "links": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, provider: Provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["links"].queryset = provider.links.order_by("circuit_id")
        self.fields["links"].help_text = _("None chosen: all of the provider's links.")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self):
        # the services check the window; the form only reads it
        pass


class ProviderFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    active = forms.NullBooleanField(
        label=_("Status"),
        required=False,
        widget=forms.Select(
            choices=[
                ("", _("Active and inactive")),
                ("true", _("Active only")),
                ("false", _("Inactive only")),
            ]
        ),
    )


class ProviderFilter(forms.Form):
    """A list's filter by provider, among those its user (`user`) sees."""

    provider = forms.TypedChoiceField(
        label=_("Provider"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        providers = visible(user, Provider).order_by("short_name")
        self.fields["provider"].choices = [
            ("", _("All providers")),
            *providers.values_list("pk", "short_name"),
        ]


class LinkFilterForm(ProviderFilter):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *LinkStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *LinkKind.choices]
    )
