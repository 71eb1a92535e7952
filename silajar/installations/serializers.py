"""Shapes of the installation requests API: what a request looks like, and each body.

Serializers only read and check the shape; every rule of the domain (who may act, which state,
which agency, what a file really is) lives in `silajar.installations.services`."""

import json

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from silajar.core.api import IdField, ListFilterSerializer
from silajar.core.workflow_api import RECORD_FIELDS, AvailableActionsField, SignOffBody, VersionBody
from silajar.installations.choices import STEP_RESPONSIBLE, ProvidedBy, RequestState
from silajar.installations.documents import (
    installation_form_available,
    reply_letter_available,
    survey_report_available,
)
from silajar.installations.models import InstallationRequest, SurveyItem, SurveyPhoto
from silajar.installations.selectors import SORTS, STATE_OPEN
from silajar.installations.services.filing import EDITABLE_FIELDS
from silajar.installations.services.steps import ports_reference
from silajar.installations.workflows import INSTALLATION_FLOW
from silajar.inventory.selectors import reserved_ports
from silajar.organizations.models import Location, Organization


def _url(name: str, installation: InstallationRequest, **kwargs) -> str:
    return reverse(name, kwargs={"pk": installation.pk, **kwargs})


# --- the request -----------------------------------------------------------------------------


class SurveyItemSerializer(serializers.ModelSerializer):
    provided_by_label = serializers.CharField(source="get_provided_by_display", read_only=True)

    class Meta:
        model = SurveyItem
        fields = ["name", "specification", "quantity", "provided_by", "provided_by_label"]
        read_only_fields = fields


class SurveyPhotoSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = SurveyPhoto
        fields = [
            "id",
            "original_name",
            "caption",
            "content_type",
            "size",
            "uploaded_by",
            "created_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, photo) -> str:
        return reverse(
            "installation-request-photo-download",
            kwargs={"pk": photo.request_id, "photo_id": photo.pk},
        )


class FilesSerializer(serializers.Serializer):
    """Download links of the request's stored files (null while there is none)."""

    letter = serializers.CharField(allow_null=True)
    signature = serializers.CharField(allow_null=True)
    signed_form = serializers.CharField(allow_null=True)


class DocumentsSerializer(serializers.Serializer):
    """Links of the printable documents (null while the request has not reached them)."""

    reply_letter = serializers.CharField(allow_null=True)
    installation_form = serializers.CharField(allow_null=True)
    survey_report = serializers.CharField(allow_null=True)


class ReservedPortSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    device = serializers.CharField(source="device.name")
    state = serializers.CharField()


class InstallationRequestSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    technician_name = serializers.SerializerMethodField()
    step_responsible = serializers.SerializerMethodField(
        help_text="Who must act in the current step (empty when the request is finished)."
    )
    items = SurveyItemSerializer(many=True, read_only=True)
    photos = SurveyPhotoSerializer(many=True, read_only=True)
    reserved_ports = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    available_actions = AvailableActionsField(
        INSTALLATION_FLOW, help_text="The actions the signed-in user may fire on the request now."
    )

    class Meta:
        model = InstallationRequest
        fields = [
            *RECORD_FIELDS,
            "organization",
            "organization_name",
            "created_by",
            *EDITABLE_FIELDS,
            "letter_file_name",
            "letter_content_type",
            "disposition_note",
            "forwarded_at",
            "technician",
            "technician_name",
            "survey_due_date",
            "slot_available",
            "adequate",
            "survey_notes",
            "surveyed_at",
            "items",
            "photos",
            "device",
            "reserved_ports",
            "reply_letter_number",
            "reply_letter_date",
            "reply_letter_signer",
            "rejection_reason",
            "equipment_confirmed_at",
            "installation_started_at",
            "link_up",
            "ip_address",
            "measured_mbps",
            "installation_notes",
            "installed_at",
            "signer_name",
            "signed_at",
            "cancel_reason",
            "closed_at",
            "step_started_at",
            "step_due_at",
            "step_overdue",
            "step_responsible",
            "created_at",
            "updated_at",
            "files",
            "documents",
            "available_actions",
        ]
        read_only_fields = fields

    @extend_schema_field(ReservedPortSerializer(many=True))
    def get_reserved_ports(self, installation) -> list[dict]:
        """The network inventory's ports the survey reserved (or the work put in use)."""
        ports = reserved_ports(ports_reference(installation=installation))
        return ReservedPortSerializer(ports, many=True).data

    def get_technician_name(self, installation) -> str:
        return str(installation.technician) if installation.technician_id else ""

    def get_step_responsible(self, installation) -> str:
        return str(STEP_RESPONSIBLE.get(installation.state, ""))

    @extend_schema_field(FilesSerializer)
    def get_files(self, installation) -> dict:
        return {
            "letter": _url("installation-request-letter", installation)
            if installation.letter_file
            else None,
            "signature": (
                _url("installation-request-signature", installation)
                if installation.signature
                else None
            ),
            "signed_form": (
                _url("installation-request-signed-form", installation)
                if installation.signed_form
                else None
            ),
        }

    @extend_schema_field(DocumentsSerializer)
    def get_documents(self, installation) -> dict:
        return {
            "reply_letter": (
                _url("installation-request-reply-letter-pdf", installation)
                if reply_letter_available(installation)
                else None
            ),
            "installation_form": (
                _url("installation-request-installation-form-pdf", installation)
                if installation_form_available(installation)
                else None
            ),
            "survey_report": (
                _url("installation-request-survey-report-pdf", installation)
                if survey_report_available(installation)
                else None
            ),
        }


# --- creating and editing --------------------------------------------------------------------


class LetterSerializer(serializers.Serializer):
    """The letter's details, as the agency registers them and corrects them later."""

    letter_number = serializers.CharField(max_length=100)
    letter_date = serializers.DateField(help_text="Not in the future")
    subject = serializers.CharField(max_length=255)
    signatory_name = serializers.CharField(max_length=150)
    signatory_title = serializers.CharField(max_length=150)
    signatory_nip = serializers.CharField(
        required=False, allow_blank=True, help_text="18 digits, when the signatory has one"
    )
    description = serializers.CharField(help_text="What is needed")
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.all(), required=False, allow_null=True
    )
    location_detail = serializers.CharField(max_length=255, required=False, allow_blank=True)
    network_points = serializers.IntegerField(min_value=0, max_value=32767, required=False)
    access_points = serializers.IntegerField(min_value=0, max_value=32767, required=False)
    desired_date = serializers.DateField(required=False, allow_null=True)


class InstallationRequestCreateSerializer(LetterSerializer):
    """The agency's signed, stamped letter (multipart, with the scan in `letter_file`)."""

    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        required=False,
        help_text="The agency; an agency operator's own agency when left out.",
    )
    letter_file = serializers.FileField(
        allow_empty_file=True,  # the content check answers with the clearer message
        help_text="The scan of the signed and stamped letter: PDF, JPEG or PNG, at most 10 MB",
    )


class InstallationVersionSerializer(VersionBody):
    """The version of the request the user saw."""


class InstallationRequestUpdateSerializer(InstallationVersionSerializer, LetterSerializer):
    """The letter's details, editable until the request is forwarded; send only what changes."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.required = False
        return fields


class InstallationRequestFilterSerializer(ListFilterSerializer):
    """The list's query parameters."""

    state = serializers.ChoiceField(
        choices=[STATE_OPEN, *RequestState.values], required=False, allow_blank=True
    )
    overdue = serializers.BooleanField(required=False)
    ordering = serializers.ChoiceField(choices=list(SORTS), required=False, allow_blank=True)


# --- action bodies ---------------------------------------------------------------------------


class InstallationNoteSerializer(InstallationVersionSerializer):
    note = serializers.CharField(required=False, allow_blank=True)


class AssignSurveySerializer(InstallationVersionSerializer):
    technician = IdField(help_text="User id of an active network technician")
    due_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="When the survey is due; the survey step's target when left out",
    )


class SurveyItemInputSerializer(serializers.Serializer):
    name = serializers.CharField()
    specification = serializers.CharField(required=False, allow_blank=True)
    quantity = serializers.IntegerField()
    provided_by = serializers.ChoiceField(choices=ProvidedBy.choices)


@extend_schema_field(SurveyItemInputSerializer(many=True))
class SurveyItemsField(serializers.ListField):
    """The survey's equipment and materials: a JSON list, or in a multipart form the same list
    as one JSON-encoded field. Each row is checked by the service (errors name `items[n]`)."""

    child = serializers.DictField()
    default_error_messages = {"invalid_json": _("Send the items as a JSON list.")}

    def to_internal_value(self, data):
        if isinstance(data, list) and len(data) == 1 and isinstance(data[0], str):
            data = data[0]
        if isinstance(data, str):
            try:
                data = json.loads(data) if data.strip() else []
            except ValueError:
                self.fail("invalid_json")
        return super().to_internal_value(data)


class RecordSurveySerializer(InstallationVersionSerializer):
    slot_available = serializers.BooleanField(help_text="Is there a free slot and a place?")
    adequate = serializers.BooleanField(help_text="Is everything in place to install?")
    items = SurveyItemsField(required=False)
    notes = serializers.CharField(required=False, allow_blank=True)
    photos = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        required=False,
        help_text="Multipart only: survey photos (JPEG or PNG, at most 10 MB each)",
    )
    captions = serializers.ListField(
        child=serializers.CharField(allow_blank=True, max_length=200),
        required=False,
        help_text="What each photo shows, in the photos' order (printed under the photos)",
    )


class InstallationReasonSerializer(InstallationVersionSerializer):
    reason = serializers.CharField(allow_blank=True)


class CompleteInstallationSerializer(InstallationVersionSerializer):
    link_up = serializers.BooleanField(help_text="The link is up (the connection test passed)")
    ip_address = serializers.CharField(help_text="The IP address the device obtained")
    measured_mbps = serializers.DecimalField(
        max_digits=8, decimal_places=2, min_value=0, max_value=100000
    )
    notes = serializers.CharField(required=False, allow_blank=True, help_text="The work done")


class InstallationSignOffSerializer(SignOffBody):
    """The agency's sign-off of the installation form."""


class PhotoCreateSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, help_text="JPEG or PNG, at most 10 MB")
    caption = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="What the photo shows"
    )
