"""The bandwidth need's page forms: the need itself (segments typed one per line) and the
Kepala UPDE's return note."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from silajar.contracts.models import BandwidthNeed
from silajar.contracts.services.needs import NEED_FIELDS
from silajar.core.forms import ActionForm, VersionedModelForm
from silajar.providers.forms.records import LinesField, LinesForm


class NeedForm(LinesForm, VersionedModelForm):
    segments = LinesField(
        label=_("Segments"),
        keys=("segment", "mbps"),
        help_text=_(
            "One segment a line: name | Mbps (e.g. Setda bureaus | 300). They add up to the "
            "capacity."
        ),
    )

    class Meta:
        model = BandwidthNeed
        fields = [*NEED_FIELDS]

    def _post_clean(self):
        # the services check the need (`services.needs.check_need`)
        pass


class NoteForm(ActionForm):
    note = forms.CharField(label=_("What must change"), widget=forms.Textarea(attrs={"rows": 3}))
