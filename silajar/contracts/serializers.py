"""Shapes of the contracts API. The terms are checked by `contracts.services.check_contract`
(errors name the input: `restitution_bands[1].below_percent`)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from silajar.contracts.choices import (
    REGISTERED_STATES,
    ContractState,
    ProcurementMethod,
    RestitutionMethod,
)
from silajar.contracts.models import BandwidthNeed, Contract
from silajar.contracts.provisioning_documents import bast_available, designation_available
from silajar.contracts.selectors import CONTRACT_SORTS
from silajar.contracts.services import CONTRACT_FIELDS
from silajar.contracts.workflows import CONTRACT_FLOW
from silajar.core.api import STAMPS, IdField, RupiahField
from silajar.core.workflow_api import AvailableActionsField
from silajar.providers.choices import Exclusion
from silajar.providers.models import Provider
from silajar.providers.serializers import PatchBody


class BandSerializer(serializers.Serializer):
    below_percent = serializers.DecimalField(max_digits=6, decimal_places=3)
    credit_percent = serializers.DecimalField(max_digits=5, decimal_places=2)


@extend_schema_field(BandSerializer(many=True))
class BandsField(serializers.ListField):
    """The restitution bands, highest `below_percent` first (each checked by the service)."""

    child = serializers.DictField()


class ContractSerializer(serializers.ModelSerializer):
    provider_name = serializers.SerializerMethodField(
        help_text="The provider's name (null: a draft still waiting for its designation)"
    )
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    restitution_bands = BandsField()
    document = serializers.SerializerMethodField(
        help_text="Where the scan of the signed contract is downloaded (null: none yet)"
    )
    links = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    available_actions = AvailableActionsField(CONTRACT_FLOW)
    procurement_method = serializers.ChoiceField(
        choices=ProcurementMethod.choices, allow_blank=True, read_only=True
    )
    designation_pdf = serializers.SerializerMethodField(
        help_text="Where the KPA's designation letter is printed (null: not yet)"
    )
    bast_pdf = serializers.SerializerMethodField(
        help_text="Where the handover record (BAST) is printed (null: not active yet)"
    )

    class Meta:
        model = Contract
        fields = [
            "id",
            *CONTRACT_FIELDS,
            "provider_name",
            "state_label",
            "available_actions",
            "links",
            "document",
            "document_name",
            "decision_number",
            "decision_date",
            "links_up",
            "addresses_handed_over",
            "test_results",
            "bast_number",
            "bast_date",
            "signer_name",
            "termination_reason",
            "designation_pdf",
            "bast_pdf",
            *STAMPS,
        ]
        read_only_fields = fields

    def get_document(self, contract) -> str | None:
        if not contract.document:
            return None
        return reverse("contract-document", kwargs={"pk": contract.pk})

    def get_provider_name(self, contract) -> str | None:
        return contract.provider.name if contract.provider else None

    def get_designation_pdf(self, contract) -> str | None:
        if not designation_available(contract):
            return None
        return reverse("contract-designation-pdf", kwargs={"pk": contract.pk})

    def get_bast_pdf(self, contract) -> str | None:
        if not bast_available(contract):
            return None
        return reverse("contract-bast-pdf", kwargs={"pk": contract.pk})


class ContractBody(serializers.Serializer):
    provider = serializers.PrimaryKeyRelatedField(
        queryset=Provider.objects.all(),
        required=False,
        allow_null=True,
        help_text="May stay empty in a draft: the KPA designates the provider",
    )
    number = serializers.CharField(max_length=100)
    need = serializers.PrimaryKeyRelatedField(
        queryset=BandwidthNeed.objects.all(),
        required=False,
        allow_null=True,
        help_text="The approved bandwidth need the contract procures",
    )
    procurement_method = serializers.ChoiceField(
        choices=ProcurementMethod.choices, required=False, allow_blank=True
    )
    owner_estimate = RupiahField(
        required=False, allow_null=True, help_text="The owner's estimate (HPS), Rupiah"
    )
    value = RupiahField(required=False, allow_null=True, help_text="The contract's value, Rupiah")
    contract_date = serializers.DateField(required=False, allow_null=True)
    fiscal_year = serializers.IntegerField(min_value=2000, max_value=2100)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    capacity_mbps = serializers.IntegerField(min_value=0, max_value=2_147_483_647)
    monthly_fee = RupiahField(help_text="Rupiah")
    state = serializers.ChoiceField(
        choices=[(ContractState.DRAFT, ContractState.DRAFT.label)]
        + [(state, state.label) for state in REGISTERED_STATES],
        required=False,
        help_text="Left out: a draft for the procurement; `active` (or `expired`, "
        "`terminated`): a contract registered as signed",
    )
    availability_target = serializers.DecimalField(
        max_digits=6, decimal_places=3, help_text="Percent per calendar month (WIB), e.g. 99.5"
    )
    min_outage_seconds = serializers.IntegerField(
        min_value=0, max_value=2_147_483_647, required=False
    )
    max_response_minutes = serializers.IntegerField(min_value=0, max_value=2_147_483_647)
    max_restoration_minutes = serializers.IntegerField(min_value=0, max_value=2_147_483_647)
    restitution_method = serializers.ChoiceField(choices=RestitutionMethod.choices)
    restitution_bands = BandsField(required=False)
    restitution_cap_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, help_text="Percent of the link's fee"
    )
    maintenance_notice_hours = serializers.IntegerField(
        min_value=0, max_value=2_147_483_647, required=False
    )
    exclusions = serializers.ListField(
        child=serializers.ChoiceField(choices=Exclusion.choices),
        required=False,
        help_text="The exclusion reason codes the contract honours (all when left out)",
    )


class ContractUpdateBody(PatchBody, ContractBody):
    """Send only what changes (a contract stays with its provider); `version` guards."""

    fixed = ("provider", "state")


class ContractDocumentBody(PatchBody):
    document = serializers.FileField(
        allow_empty_file=True, help_text="The signed contract's scan: PDF, JPEG or PNG, ≤ 10 MB"
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["document"].required = True
        return fields


class ContractFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True)
    provider = IdField(required=False)
    fiscal_year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    state = serializers.ChoiceField(choices=ContractState.choices, required=False)
    restitution_method = serializers.ChoiceField(choices=RestitutionMethod.choices, required=False)
    ordering = serializers.ChoiceField(choices=list(CONTRACT_SORTS), required=False)
