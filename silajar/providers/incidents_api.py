"""The provider incidents' API: `/api/v1/provider-incidents/`.

Thin: reads go through `core.access.visible` (a provider's accounts see their own provider's
incidents, anyone else's answer 404); the incident is opened by `services.incident_create` and
moved by the workflow's actions (`core.workflow_api`), one `POST …/{id}/<action>/` each. A wrong
role answers 403, a wrong state or a stale `version` 409."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers

from silajar.core.api import IdField
from silajar.core.workflow_api import (
    RECORD_FIELDS,
    AvailableActionsField,
    RecordViewSet,
    VersionBody,
    error_responses,
)
from silajar.providers import services
from silajar.providers.choices import IncidentSource, IncidentState
from silajar.providers.incident_reads import OPEN, incident_list, incident_times
from silajar.providers.models import IncidentUpdate, ProviderIncident
from silajar.providers.workflows import INCIDENT_FLOW

ERRORS, ACTION_ERRORS = error_responses("incident")


# --- the actions' bodies (named in INCIDENT_FLOW) ----------------------------------------------


class ReportBody(VersionBody):
    channel = serializers.CharField(max_length=50, help_text="Telephone, e-mail, WhatsApp, …")
    contact = serializers.CharField(max_length=150, help_text="Whom the report went to")
    provider_ticket_ref = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text="The provider's ticket number"
    )


class UpdateBody(VersionBody):
    message = serializers.CharField()


class ProviderResolveBody(VersionBody):
    cause = serializers.CharField()
    action = serializers.CharField(source="action_taken", help_text="The action taken")
    restored_at = serializers.DateTimeField(help_text="When the service was restored (ISO 8601)")


class ReasonBody(VersionBody):
    reason = serializers.CharField()


# --- the incident ------------------------------------------------------------------------------


class IncidentUpdateSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = IncidentUpdate
        fields = ["id", "author", "body", "created_at"]

    def get_author(self, update) -> str:
        author = update.author
        return (author.get_full_name() or author.get_username()) if author else ""


class IncidentTimesSerializer(serializers.Serializer):
    response_minutes = serializers.FloatField(allow_null=True)
    restoration_minutes = serializers.FloatField(allow_null=True)
    max_response_minutes = serializers.IntegerField(allow_null=True)
    max_restoration_minutes = serializers.IntegerField(allow_null=True)
    response_breached = serializers.BooleanField()
    restoration_breached = serializers.BooleanField()


class ProviderIncidentSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    links = serializers.PrimaryKeyRelatedField(many=True, read_only=True)  # type: ignore[var-annotated]
    tickets = serializers.SerializerMethodField()
    updates = IncidentUpdateSerializer(many=True, read_only=True)
    times = serializers.SerializerMethodField()
    available_actions = AvailableActionsField(INCIDENT_FLOW)

    class Meta:
        model = ProviderIncident
        fields = [
            *RECORD_FIELDS,
            "provider",
            "links",
            "tickets",
            "source",
            "started_at",
            "reported_at",
            "report_channel",
            "report_contact",
            "provider_ticket_ref",
            "acknowledged_at",
            "escalation_level",
            "cause",
            "action_taken",
            "restored_at",
            "closed_at",
            "cancel_reason",
            "times",
            "updates",
            "available_actions",
        ]
        read_only_fields = fields

    def get_tickets(self, incident) -> list[int]:
        """The complaint tickets' ids (staff only: a provider does not see the complaints)."""
        request = self.context.get("request")
        if request is None or not request.user.is_internal_staff:
            return []
        return [ticket.pk for ticket in incident.tickets.all()]

    @extend_schema_field(IncidentTimesSerializer)
    def get_times(self, incident) -> dict:
        return IncidentTimesSerializer(incident_times(incident)).data


class ProviderIncidentCreateBody(serializers.Serializer):
    links = serializers.ListField(child=IdField(), min_length=1, max_length=200)
    started_at = serializers.DateTimeField()
    # a body field named "source" (the contract), not DRF's Field.source
    source = serializers.ChoiceField(choices=IncidentSource.choices)  # type: ignore[assignment]
    tickets = serializers.ListField(child=IdField(), required=False, max_length=500)


class IncidentFilterBody(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=[OPEN, *IncidentState.values], required=False, allow_blank=True
    )
    provider = IdField(required=False)
    link = IdField(required=False)


def _open(*, actor, data: dict) -> ProviderIncident:
    return services.incident_create(actor=actor, **data)


class ProviderIncidentViewSet(RecordViewSet):
    """Provider incidents (SOP Penanganan Gangguan Internet): Diskominfo staff see every
    incident, a provider's accounts their own provider's, agency users none."""

    serializer_class = ProviderIncidentSerializer
    workflow = INCIDENT_FLOW
    errors, action_errors = ERRORS, ACTION_ERRORS
    rows = staticmethod(incident_list)
    query = IncidentFilterBody
    list_parameters = [
        OpenApiParameter("state", str, description="A state, or `open` for the unfinished"),
        OpenApiParameter("provider", int, description="Provider id"),
        OpenApiParameter("link", int, description="Internet link id"),
    ]
    body = ProviderIncidentCreateBody
    adds = staticmethod(_open)
    operations = {
        "list": "The incidents the user may see, newest first.",
        "retrieve": "One incident with its times, updates and next actions.",
        "create": "Open an incident on links of one provider (the network administrator).",
    }
