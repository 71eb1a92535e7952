"""The page forms of the contract's procurement actions (`workflows.CONTRACT_FLOW`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from silajar.core.forms import ActionForm, BaseSignOffForm, note_field
from silajar.providers.forms.records import DATE
from silajar.providers.models import Provider


class DesignateForm(ActionForm):
    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=Provider.objects.filter(is_active=True).order_by("name")
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=100)
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE)
    decision_letter = forms.FileField(
        label=_("Signed decision letter (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
        help_text=_("The KPA's decision as signed; the draft is printed from this page."),
    )

    @classmethod
    def initial_for(cls, obj) -> dict:
        return {"provider": obj.provider_id}


class ChecklistForm(ActionForm):
    hint = _("Fill in what is done; the handover (BAST) waits for all three.")
    initial_fields = ("links_up", "addresses_handed_over", "test_results")
    links_up = forms.BooleanField(label=_("All links are up"), required=False)
    addresses_handed_over = note_field(_("Addresses handed over (IP blocks, gateways)"))
    test_results = note_field(_("Test results (throughput, latency, loss)"))


class BastForm(BaseSignOffForm):
    """The provider's signer signs the handover record; the office's side is the actor."""

    panel_template = "contracts/_bast_sign_form.html"
