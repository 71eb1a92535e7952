"""Shapes of the contracts API. The terms are checked by `contracts.services.check_contract`
(errors name the input: `restitution_bands[1].below_percent`)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from silajar.contracts.choices import ContractState, RestitutionMethod
from silajar.contracts.models import Contract
from silajar.contracts.selectors import CONTRACT_SORTS
from silajar.contracts.services import CONTRACT_FIELDS
from silajar.core.api import IdField
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
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    restitution_bands = BandsField()
    document = serializers.SerializerMethodField(
        help_text="Where the scan of the signed contract is downloaded (null: none yet)"
    )
    links = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            *CONTRACT_FIELDS,
            "provider_name",
            "state_label",
            "links",
            "document",
            "document_name",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_document(self, contract) -> str | None:
        if not contract.document:
            return None
        return reverse("contract-document", kwargs={"pk": contract.pk})


class ContractBody(serializers.Serializer):
    provider = serializers.PrimaryKeyRelatedField(queryset=Provider.objects.all())
    number = serializers.CharField(max_length=100)
    fiscal_year = serializers.IntegerField(min_value=2000, max_value=2100)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    capacity_mbps = serializers.IntegerField(min_value=0, max_value=2_147_483_647)
    monthly_fee = serializers.IntegerField(
        min_value=0, max_value=9_223_372_036_854_775_807, help_text="Rupiah"
    )
    state = serializers.ChoiceField(choices=ContractState.choices, required=False)
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

    fixed = ("provider",)


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
