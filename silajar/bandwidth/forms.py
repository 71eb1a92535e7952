"""The distribution's page forms: a consumer's queue, and the router's counters to import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from silajar.bandwidth.choices import ConsumerKind
from silajar.bandwidth.rules import Row
from silajar.organizations.models import Organization


class AllocationForm(forms.Form):
    """A queue's inputs, as `services.allocation_add` and `allocation_change` take them;
    `version` is the distribution's version the page showed."""

    consumer = forms.CharField(label=_("Consumer"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=ConsumerKind.choices)
    parent = forms.TypedChoiceField(label=_("Under"), coerce=int, empty_value=None, required=False)
    cir_mbps = forms.IntegerField(
        label=_("Guaranteed rate, CIR (Mbps)"), min_value=0, max_value=10_000_000
    )
    mir_mbps = forms.IntegerField(
        label=_("Maximum rate, MIR (Mbps)"), min_value=0, max_value=10_000_000
    )
    priority = forms.IntegerField(
        label=_("Priority"),
        min_value=1,
        max_value=8,
        initial=8,
        help_text=_("1 is served first, 8 last."),
    )
    target = forms.CharField(
        label=_("Target"),
        max_length=500,
        required=False,
        help_text=_(
            "Subnets (10.1.2.0/24) or router interfaces (a VLAN: vlan110), separated by "
            "commas. A group may leave it empty: it takes its queues' targets."
        ),
    )
    organization = forms.ModelChoiceField(
        label=_("Agency served"), queryset=Organization.objects.none(), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, rows: list[Row], organizations, editing: Row | None = None, **kw):
        super().__init__(*args, **kw)
        excluded = _subtree(rows, editing.key) if editing is not None else set()
        self.fields["parent"].choices = [("", _("— top level —"))] + [
            (row.key, row.consumer) for row in rows if row.key not in excluded
        ]
        self.fields["organization"].queryset = organizations


def _subtree(rows: list[Row], key: int) -> set[int]:
    """`key` and the keys of every queue under it (none can become its parent)."""
    found = {key}
    grew = True
    while grew:
        grew = False
        for row in rows:
            if row.parent_key in found and row.key not in found:
                found.add(row.key)
                grew = True
    return found


class UsageImportForm(forms.Form):
    month = forms.CharField(
        label=_("Month"),
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text=_("YYYY-MM"),
    )
    file = forms.FileField(
        label=_("Router counters (CSV)"),
        help_text=_(
            "Columns consumer, date, and average_mbps with peak_mbps, or bytes; one row per "
            "queue and day. At most 2 MB."
        ),
    )
