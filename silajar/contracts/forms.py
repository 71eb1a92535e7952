"""Forms of the contracts' pages: the contract with its terms (bands typed one per line) and
the list's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from silajar.contracts.choices import REGISTERED_STATES, ContractState, RestitutionMethod
from silajar.contracts.models import Contract
from silajar.contracts.selectors import approved_needs
from silajar.contracts.services import CONTRACT_FIELDS
from silajar.core.forms import SCAN_ACCEPT, VersionedModelForm
from silajar.providers.choices import Exclusion
from silajar.providers.forms.records import DATE, LinesField, LinesForm, ProviderFilter


class ContractForm(LinesForm, VersionedModelForm):
    """A contract: prepared as a draft for the procurement (the provider may wait for the
    KPA's designation) or registered as signed; its provider and state are given when it is
    created and kept afterwards (the procurement's actions move it)."""

    restitution_bands = LinesField(
        label=_("Restitution bands"),
        keys=("below_percent", "credit_percent"),
        help_text=_(
            "Banded restitution only, one band a line from the highest availability down: "
            "below % | credit % (e.g. 99.5 | 5)."
        ),
    )
    exclusions = forms.MultipleChoiceField(
        label=_("Exclusions honoured"),
        choices=Exclusion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    document = forms.FileField(
        label=_("Contract document (scan)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": SCAN_ACCEPT}),
        help_text=_("The signed contract: PDF, JPEG or PNG, at most 10 MB."),
    )

    class Meta:
        model = Contract
        fields = [*CONTRACT_FIELDS]
        widgets = {"period_start": DATE, "period_end": DATE, "contract_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["provider"]
            del self.fields["state"]
        else:
            self.fields["state"].choices = [
                (ContractState.DRAFT, _("Draft (to be procured)")),
                *((state, state.label) for state in REGISTERED_STATES),
            ]
            self.fields["state"].initial = ContractState.DRAFT
        self.fields["need"].queryset = approved_needs()
        self.fields["restitution_method"].choices = RestitutionMethod.choices

    def _post_clean(self):
        # the services check the contract (`check_contract`)
        pass


class ContractFilterForm(ProviderFilter):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    fiscal_year = forms.IntegerField(
        label=_("Fiscal year"), required=False, min_value=2000, max_value=2100
    )
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *ContractState.choices]
    )
