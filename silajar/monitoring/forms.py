"""The monitor's page forms: a target (its inputs by kind; the services check them), pausing
or deleting one against the version seen, and the status board's filters."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from silajar.core.access import visible
from silajar.core.forms import VersionedModelForm
from silajar.monitoring.choices import TargetState, Vantage
from silajar.monitoring.models import Target
from silajar.monitoring.services import TARGET_EDIT_FIELDS
from silajar.organizations.models import Location, Organization
from silajar.providers.forms.records import ProviderFilter
from silajar.providers.models import Link


class TargetForm(VersionedModelForm):
    """A target; which inputs count depends on its kind (help texts say which)."""

    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("HTTP only, e.g. https://example.go.id/healthz."),
    )

    class Meta:
        model = Target
        fields = list(TARGET_EDIT_FIELDS)
        help_texts = {
            "host": _("TCP and ICMP: the address or host name; DNS: the name to resolve."),
            "port": _("TCP only."),
            "expected_status": _("HTTP only; empty: any status below 400."),
            "expected_text": _("HTTP only; empty: any answer."),
            "expected_address": _("DNS only; empty: any address."),
            "resolver": _("DNS only: host or host:port; empty: the system's resolver."),
            "link": _("The internet link the target belongs to, if any."),
            "location": _("Empty: the link's place."),
            "paused": _("A paused target is not probed."),
            "retry_interval_seconds": _(
                "After a failed probe, the next ones come this many seconds apart until the "
                "target is confirmed down; empty: a sixth of the interval."
            ),
            "vantage": _(
                "The provider's equipment only: probed through our network, or over the "
                "public internet (e.g. its public address)."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link"].queryset = visible(user, Link).select_related("provider")
        self.fields["location"].queryset = visible(user, Location).select_related("organization")
        self.fields["vantage"].required = False  # empty: inside, as for every other role
        self.fields["location"].label_from_instance = lambda place: (
            f"{place.organization.short_name} · {place}"
        )

    def clean_vantage(self) -> str:
        return self.cleaned_data.get("vantage") or Vantage.INSIDE

    def _post_clean(self):
        # Only copy the inputs onto the target: the service checks it as a whole (what its
        # kind needs, a link or a place, the model's own rules) and says what is wrong in
        # words, where the model's constraint would only give its name.
        self.instance = construct_instance(self, self.instance, self._meta.fields)


class VersionForm(forms.Form):
    """An action on a target that takes only the version the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class BoardFilterForm(ProviderFilter):
    organization = forms.TypedChoiceField(
        label=_("Agency"), coerce=int, empty_value=None, required=False
    )
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *TargetState.choices]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # the agencies of the targets the user sees (a provider's: those its links serve)
        targets = visible(user, Target)
        agencies = Organization.objects.filter(
            Q(pk__in=targets.values("link__organization"))
            | Q(pk__in=targets.values("location__organization"))
        )
        self.fields["organization"].choices = [
            ("", _("All agencies")),
            *agencies.order_by("short_name").values_list("pk", "short_name"),
        ]
