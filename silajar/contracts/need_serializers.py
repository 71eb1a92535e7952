"""Shapes of `/api/v1/bandwidth-needs/`: the need, its create/edit bodies and the return note.
The segments are checked by `contracts.services.needs.clean_segments` (errors name the input:
`segments[1].mbps`)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from silajar.contracts.models import BandwidthNeed
from silajar.contracts.services.needs import NEED_FIELDS
from silajar.contracts.workflows import NEED_FLOW
from silajar.core.api import STAMPS, RupiahField
from silajar.core.workflow_api import AvailableActionsField, VersionBody
from silajar.providers.serializers import PatchBody


class SegmentSerializer(serializers.Serializer):
    segment = serializers.CharField(max_length=100)
    mbps = serializers.IntegerField(min_value=1)


@extend_schema_field(SegmentSerializer(many=True))
class SegmentsField(serializers.ListField):
    """The capacity by consumer segment; the Mbps add up to `capacity_mbps`."""

    child = serializers.DictField()


class NeedSerializer(serializers.ModelSerializer):
    segments = SegmentsField()
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    available_actions = AvailableActionsField(NEED_FLOW)

    class Meta:
        model = BandwidthNeed
        fields = [
            "id",
            *NEED_FIELDS,
            "state",
            "state_label",
            "return_note",
            "available_actions",
            *STAMPS,
        ]
        read_only_fields = fields


class NeedBody(serializers.Serializer):
    fiscal_year = serializers.IntegerField(min_value=2000, max_value=2100)
    capacity_mbps = serializers.IntegerField(min_value=1, max_value=2_147_483_647)
    segments = SegmentsField()
    estimated_cost = RupiahField()
    budget_ceiling = RupiahField()
    justification = serializers.CharField()


class NeedUpdateBody(PatchBody, NeedBody):
    """Send only what changes, with the `version` you saw (a draft or a returned need)."""


class NoteBody(VersionBody):
    note = serializers.CharField(help_text="What the section head must change")
