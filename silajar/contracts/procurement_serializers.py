"""The API bodies of the contract's procurement actions (`workflows.CONTRACT_FLOW`)."""

from __future__ import annotations

from rest_framework import serializers

from silajar.core.workflow_api import VersionBody
from silajar.providers.models import Provider


class DesignateBody(VersionBody):
    provider = serializers.PrimaryKeyRelatedField(queryset=Provider.objects.all())
    decision_number = serializers.CharField(max_length=100)
    decision_date = serializers.DateField()
    decision_letter = serializers.FileField(
        required=False,
        allow_empty_file=True,
        help_text="The signed decision letter, a PDF (multipart)",
    )


class ChecklistBody(VersionBody):
    links_up = serializers.BooleanField()
    addresses_handed_over = serializers.CharField(required=False, allow_blank=True)
    test_results = serializers.CharField(required=False, allow_blank=True)
