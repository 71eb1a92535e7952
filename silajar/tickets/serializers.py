"""Shapes of the tickets API: what a ticket looks like, and the body of each request.

Serializers only read and check the request's shape; every rule of the domain (who may act,
which state, which agency) lives in `silajar.tickets.services`."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from silajar.accounts.models import User
from silajar.core.api import IdField, ListFilterSerializer
from silajar.core.workflow_api import RECORD_FIELDS, AvailableActionsField, SignOffBody, VersionBody
from silajar.organizations.models import Location, Organization
from silajar.tickets.choices import (
    Channel,
    FaultDomain,
    PauseReason,
    Priority,
    Scope,
    SlaStatus,
    StepOutcome,
    TicketState,
)
from silajar.tickets.models import Attachment, Category, Comment, Ticket
from silajar.tickets.selectors import SLA_ATTENTION, SORTS, STATE_OPEN
from silajar.tickets.workflows import TICKET_FLOW

# --- the ticket ------------------------------------------------------------------------------


class TicketSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    available_actions = AvailableActionsField(
        TICKET_FLOW, help_text="The actions the signed-in user may fire on the ticket now."
    )

    class Meta:
        model = Ticket
        fields = [
            *RECORD_FIELDS,
            "channel",
            "organization",
            "location",
            "location_detail",
            "reporter",
            "reporter_name",
            "reporter_phone",
            "reporter_unit",
            "description",
            "scope",
            "fault_domain",
            "category",
            "priority",
            "assigned_to",
            "checklist",
            "first_contact_resolution",
            "resolution_note",
            "diagnosis",
            "action_taken",
            "parts_used",
            "signer_name",
            "signed_at",
            "provider_reference",
            "pause_reason",
            "cancel_reason",
            "triaged_at",
            "resolved_at",
            "closed_at",
            "sla_status",
            "sla_response_due_at",
            "sla_resolution_due_at",
            "created_at",
            "updated_at",
            "available_actions",
            "rating",
            "rating_comment",
        ]
        read_only_fields = fields


class TicketCreateSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(
        choices=Channel.choices,
        required=False,
        help_text="How the report came in; agency users always file through `web`.",
    )
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        required=False,
        help_text="The agency; an agency user's own agency is always used.",
    )
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.all(), required=False, allow_null=True
    )
    location_detail = serializers.CharField(
        max_length=255,
        required=False,
        allow_blank=True,
        help_text="The room or floor as the reporter says it, apart from the registered place.",
    )
    reporter = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="The reporter's account, when the caller has one (staff only).",
    )
    reporter_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    reporter_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    reporter_unit = serializers.CharField(max_length=150, required=False, allow_blank=True)
    description = serializers.CharField()
    scope = serializers.ChoiceField(choices=Scope.choices, default=Scope.UNKNOWN)
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.filter(is_active=True), required=False, allow_null=True
    )
    priority = serializers.ChoiceField(
        choices=Priority.choices,
        required=False,
        help_text="Staff only; suggested from the scope and the agency when left out.",
    )


class TicketUpdateSerializer(serializers.Serializer):
    """The editable fields of a ticket; send only those that change, with `version`."""

    version = serializers.IntegerField(min_value=1, required=False)
    description = serializers.CharField(required=False)
    scope = serializers.ChoiceField(choices=Scope.choices, required=False)
    fault_domain = serializers.ChoiceField(choices=FaultDomain.choices, required=False)
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.filter(is_active=True), required=False, allow_null=True
    )
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.all(), required=False, allow_null=True
    )
    location_detail = serializers.CharField(max_length=255, required=False, allow_blank=True)
    reporter_name = serializers.CharField(max_length=150, required=False)
    reporter_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    reporter_unit = serializers.CharField(max_length=150, required=False, allow_blank=True)


class TicketFilterSerializer(ListFilterSerializer):
    """The list's query parameters."""

    state = serializers.ChoiceField(
        choices=[STATE_OPEN, *TicketState.values], required=False, allow_blank=True
    )
    assigned_to = IdField(required=False)
    priority = serializers.ChoiceField(choices=Priority.values, required=False, allow_blank=True)
    category = serializers.CharField(required=False, allow_blank=True)
    channel = serializers.ChoiceField(choices=Channel.values, required=False, allow_blank=True)
    sla_status = serializers.ChoiceField(
        choices=[*SlaStatus.values, SLA_ATTENTION], required=False, allow_blank=True
    )
    fault_domain = serializers.ChoiceField(
        choices=FaultDomain.values, required=False, allow_blank=True
    )
    ordering = serializers.ChoiceField(choices=list(SORTS), required=False, allow_blank=True)


# --- action bodies ---------------------------------------------------------------------------


class VersionSerializer(VersionBody):
    """The version of the ticket the user saw."""


class ChecklistAnswerSerializer(serializers.Serializer):
    step = IdField(help_text="Id of the first-line step")
    outcome = serializers.ChoiceField(choices=StepOutcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class RecordChecklistSerializer(VersionSerializer):
    answers = ChecklistAnswerSerializer(many=True, allow_empty=False)
    scope = serializers.ChoiceField(choices=Scope.choices, required=False)


class NoteSerializer(VersionSerializer):
    note = serializers.CharField(allow_blank=True)


class OptionalNoteSerializer(VersionSerializer):
    note = serializers.CharField(required=False, allow_blank=True)


class TechnicianSerializer(VersionSerializer):
    technician = IdField(help_text="User id of an active network technician")


class ResolveSerializer(VersionSerializer):
    diagnosis = serializers.CharField(allow_blank=True)
    action_taken = serializers.CharField(allow_blank=True)
    parts_used = serializers.CharField(required=False, allow_blank=True)


class SignOffSerializer(SignOffBody):
    """The complaint form's sign-off."""


class EscalateSerializer(VersionSerializer):
    reference = serializers.CharField(
        required=False, allow_blank=True, help_text="The provider's incident number"
    )
    incident = IdField(
        required=False,
        allow_null=True,
        help_text="The provider incident the ticket joins; without it, the incident of the "
        "ticket's link (opened when there is none)",
    )


class PauseSerializer(VersionSerializer):
    reason = serializers.ChoiceField(
        choices=[PauseReason.WAITING_REPORTER.value],
        required=False,
        help_text="Why the clocks stop (`waiting_reporter`)",
    )


class ReasonSerializer(VersionSerializer):
    reason = serializers.CharField(allow_blank=True)


class RateSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True)


# --- comments and attachments ----------------------------------------------------------------


class CommentSerializer(serializers.ModelSerializer):
    internal = serializers.BooleanField(source="is_internal", read_only=True)
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "author", "author_name", "body", "internal", "created_at"]
        read_only_fields = fields

    def get_author_name(self, comment) -> str:
        return str(comment.author) if comment.author else ""


class CommentCreateSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True)
    internal = serializers.BooleanField(default=False, help_text="Visible to Diskominfo staff only")


class AttachmentSerializer(serializers.ModelSerializer):
    internal = serializers.BooleanField(source="is_internal", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "original_name",
            "content_type",
            "size",
            "internal",
            "uploaded_by",
            "created_at",
            "download_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_download_url(self, attachment) -> str:
        return reverse(
            "ticket-attachment-download",
            kwargs={"pk": attachment.ticket_id, "attachment_id": attachment.pk},
        )


class AttachmentCreateSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, JPEG or PNG, at most 10 MB")
    internal = serializers.BooleanField(default=False, help_text="Visible to Diskominfo staff only")
