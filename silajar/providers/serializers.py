"""Shapes of the internet side's API: providers, links, outages, maintenance windows.

Serializers only read and check the shape; every rule (who may, which provider, what the
contacts, the escalation and the times must be) lives in `silajar.providers.services`."""

from __future__ import annotations

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from silajar.core.access import visible
from silajar.core.api import STAMPS, IdField, RupiahField
from silajar.core.validators import filter_date_validator
from silajar.core.workflow_api import VersionBody
from silajar.organizations.models import Location, Organization
from silajar.providers.choices import Exclusion, LinkKind, LinkStatus, OutageSource
from silajar.providers.models import Link, MaintenanceWindow, Outage, Provider
from silajar.providers.selectors import LINK_SORTS, OUTAGE_SORTS, PROVIDER_SORTS, WINDOW_SORTS
from silajar.providers.services.links import LINK_FIELDS
from silajar.providers.services.maintenance import WINDOW_FIELDS
from silajar.providers.services.providers import PROVIDER_FIELDS

CONTRACT_MODEL = Link._meta.get_field("contract").related_model  # contracts sit above us


class OffsetDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date and time that must carry its offset (`…T08:00:00+07:00`, `…Z`)."""

    default_error_messages = {
        "offset": _("Give the time with its offset, e.g. 2026-03-01T08:00:00+07:00."),
    }

    def to_internal_value(self, value):
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                parsed = None
            if parsed is not None and timezone.is_naive(parsed):
                self.fail("offset")
        return super().to_internal_value(value)


class PatchBody(VersionBody):
    """A PATCH body: send only what changes (every field optional); `version` guards against
    lost updates; the fields in `fixed` stay as created."""

    fixed: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        for name in self.fixed:
            del fields[name]
        for field in fields.values():
            field.required = False
        return fields


class ScopedBody(serializers.Serializer):
    """A body whose related records are looked up among those the user sees (`context
    ["request"]`): another provider's link is as unknown as one that does not exist."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        for field in fields.values():
            related = getattr(field, "child_relation", field)
            queryset = getattr(related, "queryset", None)
            if request is not None and queryset is not None:
                related.queryset = visible(request.user, queryset.model, queryset=queryset)
        return fields


# --- providers ---------------------------------------------------------------------------


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField(required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    whatsapp = serializers.CharField(required=False, allow_blank=True)


class EscalationLevelSerializer(serializers.Serializer):
    level = serializers.IntegerField(min_value=1, help_text="1, 2, 3 … in order")
    contact = serializers.CharField()
    after_minutes = serializers.IntegerField(
        min_value=1, help_text="Called when the level before has not answered for this long"
    )


@extend_schema_field(ContactSerializer(many=True))
class ContactsField(serializers.ListField):
    """The NOC contacts (each checked by the service: errors name `contacts[n].field`)."""

    child = serializers.DictField()


@extend_schema_field(EscalationLevelSerializer(many=True))
class EscalationField(serializers.ListField):
    """The escalation matrix (checked by the service: errors name `escalation[n].field`)."""

    child = serializers.DictField()


class ProviderSerializer(serializers.ModelSerializer):
    contacts = ContactsField()
    escalation = EscalationField()
    accounts = serializers.SerializerMethodField(help_text="Usernames of the provider's accounts")

    class Meta:
        model = Provider
        fields = ["id", *PROVIDER_FIELDS, "accounts", "version", "created_at", "updated_at"]
        read_only_fields = fields

    def get_accounts(self, provider) -> list[str]:
        return sorted(account.user.username for account in provider.accounts.all())


class ProviderBody(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    short_name = serializers.CharField(max_length=30)
    contacts = ContactsField(required=False)
    escalation = EscalationField(required=False)
    is_active = serializers.BooleanField(required=False)


class ProviderUpdateBody(PatchBody, ProviderBody):
    """Send only what changes; `version` guards against lost updates."""


class ProviderFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True)
    active = serializers.BooleanField(required=False, allow_null=True, default=None)
    ordering = serializers.ChoiceField(choices=list(PROVIDER_SORTS), required=False)


# --- links -------------------------------------------------------------------------------


class LinkSerializer(serializers.ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Link
        fields = [
            "id",
            *LINK_FIELDS,
            "provider_name",
            "organization_name",
            "kind_label",
            "status_label",
            *STAMPS,
        ]
        read_only_fields = fields


class LinkBody(ScopedBody):
    provider = serializers.PrimaryKeyRelatedField(queryset=Provider.objects.all())
    contract = serializers.PrimaryKeyRelatedField(
        queryset=CONTRACT_MODEL._default_manager.all(),
        required=False,
        allow_null=True,
        help_text="A contract of the same provider",
    )
    circuit_id = serializers.CharField(max_length=64)
    kind = serializers.ChoiceField(choices=LinkKind.choices)
    bandwidth_down_mbps = serializers.IntegerField(min_value=0, max_value=2_147_483_647)
    bandwidth_up_mbps = serializers.IntegerField(min_value=0, max_value=2_147_483_647)
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.all(), required=False, allow_null=True
    )
    monthly_fee = RupiahField(required=False, help_text="Rupiah")
    status = serializers.ChoiceField(choices=LinkStatus.choices, required=False)
    active_from = serializers.DateField(required=False, allow_null=True, help_text="WIB date")
    active_until = serializers.DateField(required=False, allow_null=True, help_text="WIB date")


class LinkUpdateBody(PatchBody, LinkBody):
    """Send only what changes (a link stays with its provider); `version` guards."""

    fixed = ("provider",)


class LinkFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True)
    provider = IdField(required=False)
    contract = IdField(required=False)
    organization = IdField(required=False)
    status = serializers.ChoiceField(choices=LinkStatus.choices, required=False)
    kind = serializers.ChoiceField(choices=LinkKind.choices, required=False)
    ordering = serializers.ChoiceField(choices=list(LINK_SORTS), required=False)


# --- outages -----------------------------------------------------------------------------


class OutageSerializer(serializers.ModelSerializer):
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    exclusion = serializers.SerializerMethodField(
        help_text="null, or the reason code the outage does not count for"
    )
    proposed_exclusion = serializers.SerializerMethodField(
        help_text="null, or the exclusion the monitor proposed (customer_side: our side was "
        "down), for the network administrator to confirm_exclusion or dismiss_exclusion"
    )

    class Meta:
        model = Outage
        fields = [
            "id",
            "link",
            "started_at",
            "ended_at",
            "source",
            "source_label",
            "cause",
            "exclusion",
            "proposed_exclusion",
            "incident",
            "recorded_by",
            *STAMPS,
        ]
        read_only_fields = fields

    def get_exclusion(self, outage) -> str | None:
        return outage.exclusion or None

    def get_proposed_exclusion(self, outage) -> str | None:
        return outage.proposed_exclusion or None


class OutageBody(serializers.Serializer):
    started_at = OffsetDateTimeField()
    ended_at = OffsetDateTimeField(required=False, allow_null=True, help_text="null while open")
    source = serializers.ChoiceField(choices=OutageSource.choices)
    cause = serializers.CharField(required=False, allow_blank=True)
    exclusion = serializers.ChoiceField(
        choices=Exclusion.choices, required=False, allow_null=True, allow_blank=True
    )


class OutageCorrectBody(VersionBody):
    """A correction after the fact: what changes, and why (kept in the history)."""

    reason = serializers.CharField(
        allow_blank=True,
        help_text="Required, even on this PATCH: why the outage is corrected (kept in its "
        "history beside the values before)",
    )
    started_at = OffsetDateTimeField(required=False)
    ended_at = OffsetDateTimeField(required=False, allow_null=True)
    cause = serializers.CharField(required=False, allow_blank=True)
    exclusion = serializers.ChoiceField(
        choices=Exclusion.choices, required=False, allow_null=True, allow_blank=True
    )


class OutageEndBody(VersionBody):
    ended_at = OffsetDateTimeField(required=False, help_text="Now when left out")


class OutageFilterSerializer(serializers.Serializer):
    open = serializers.BooleanField(required=False, allow_null=True, default=None)
    source = serializers.ChoiceField(choices=OutageSource.choices, required=False)
    exclusion = serializers.ChoiceField(choices=["none", *Exclusion.values], required=False)
    started_after = serializers.DateField(required=False, validators=[filter_date_validator])
    started_before = serializers.DateField(required=False, validators=[filter_date_validator])
    ordering = serializers.ChoiceField(choices=list(OUTAGE_SORTS), required=False)


# --- maintenance windows -----------------------------------------------------------------


class MaintenanceWindowSerializer(serializers.ModelSerializer):
    links = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Empty: all of the provider's links"
    )

    class Meta:
        model = MaintenanceWindow
        fields = ["id", "provider", "links", *WINDOW_FIELDS, "version", "created_at", "updated_at"]
        read_only_fields = fields


class MaintenanceWindowBody(ScopedBody):
    provider = serializers.PrimaryKeyRelatedField(queryset=Provider.objects.all())
    links = serializers.PrimaryKeyRelatedField(
        queryset=Link.objects.all(), many=True, required=False, help_text="Empty: all links"
    )
    starts_at = OffsetDateTimeField()
    ends_at = OffsetDateTimeField()
    announced_at = OffsetDateTimeField(required=False, help_text="Now when left out")
    weekly = serializers.BooleanField(required=False, help_text="Repeats every week (WIB)")
    description = serializers.CharField(required=False, allow_blank=True)


class MaintenanceWindowUpdateBody(PatchBody, MaintenanceWindowBody):
    """Send only what changes (a window stays with its provider); `version` guards."""

    fixed = ("provider",)


class WindowFilterSerializer(serializers.Serializer):
    provider = IdField(required=False)
    link = IdField(required=False)
    weekly = serializers.BooleanField(required=False, allow_null=True, default=None)
    ordering = serializers.ChoiceField(choices=list(WINDOW_SORTS), required=False)
