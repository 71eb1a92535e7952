"""Shapes of the monitor's API: targets, their status and their latency samples.

Serializers only read and check the shape; the rules of a target (what its kind needs, its
link and place, who may change it) live in `silajar.monitoring.services`."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from silajar.core.api import STAMPS, IdField
from silajar.core.validators import filter_date_validator
from silajar.monitoring.choices import TargetKind, TargetRole, TargetState, Vantage
from silajar.monitoring.models import Target
from silajar.monitoring.selectors import TARGET_SORTS, effective_state
from silajar.monitoring.services import TARGET_EDIT_FIELDS
from silajar.organizations.models import Location
from silajar.providers.models import Link
from silajar.providers.serializers import PatchBody, ScopedBody

MAX_SAMPLE_RANGE = timedelta(days=400)
DEFAULT_SAMPLE_RANGE = timedelta(hours=24)


class TargetSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    state = serializers.SerializerMethodField(help_text="up, down, unknown or paused")
    timeout_seconds = serializers.FloatField(read_only=True)
    retry_interval = serializers.IntegerField(
        read_only=True, help_text="The retry interval in force (its own, or the default)"
    )
    url = serializers.CharField(read_only=True, help_text="http; empty for other kinds")

    class Meta:
        model = Target
        fields = [
            "id",
            *TARGET_EDIT_FIELDS,
            "retry_interval",
            "kind_label",
            "role_label",
            "state",
            "state_since",
            "last_error",
            *STAMPS,
        ]
        read_only_fields = fields

    def get_state(self, target: Target) -> str:
        return effective_state(target)


class TargetBody(ScopedBody):
    name = serializers.CharField(max_length=150)
    kind = serializers.ChoiceField(choices=TargetKind.choices)
    host = serializers.CharField(
        max_length=255, required=False, allow_blank=True, help_text="tcp, icmp; dns: the name"
    )
    port = serializers.IntegerField(
        min_value=1, max_value=65535, required=False, allow_null=True, help_text="tcp"
    )
    url = serializers.URLField(max_length=500, required=False, allow_blank=True, help_text="http")
    expected_status = serializers.IntegerField(
        min_value=100,
        max_value=599,
        required=False,
        allow_null=True,
        help_text="http; empty: any status below 400",
    )
    expected_text = serializers.CharField(max_length=200, required=False, allow_blank=True)
    expected_address = serializers.CharField(
        max_length=64, required=False, allow_blank=True, help_text="dns; empty: any address"
    )
    resolver = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="dns: host or host:port; empty: the system's",
    )
    interval_seconds = serializers.IntegerField(min_value=1, max_value=86_400, required=False)
    retry_interval_seconds = serializers.IntegerField(
        min_value=1,
        max_value=86_400,
        required=False,
        allow_null=True,
        help_text="Seconds between the probes after a failure, until down is confirmed "
        "(at most the interval); null: a sixth of the interval, at least 1",
    )
    timeout_seconds = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal("0.1"), required=False
    )
    failures_to_down = serializers.IntegerField(min_value=1, max_value=100, required=False)
    successes_to_up = serializers.IntegerField(min_value=1, max_value=100, required=False)
    role = serializers.ChoiceField(choices=TargetRole.choices)
    vantage = serializers.ChoiceField(
        choices=Vantage.choices,
        required=False,
        help_text="provider only: inside (through our network, the default) or outside (over "
        "the public internet)",
    )
    link = serializers.PrimaryKeyRelatedField(
        queryset=Link.objects.all(), required=False, allow_null=True
    )
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.all(),
        required=False,
        allow_null=True,
        help_text="Empty: the link's place",
    )
    paused = serializers.BooleanField(required=False)


class TargetUpdateBody(PatchBody, TargetBody):
    """Send only what changes; `version` guards."""


class TargetFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True)
    provider = IdField(required=False)
    organization = IdField(required=False, help_text="The agency of the link or the place")
    link = IdField(required=False)
    location = IdField(required=False)
    role = serializers.ChoiceField(choices=TargetRole.choices, required=False)
    kind = serializers.ChoiceField(choices=TargetKind.choices, required=False)
    state = serializers.ChoiceField(choices=TargetState.choices, required=False)
    ordering = serializers.ChoiceField(choices=list(TARGET_SORTS), required=False)


class StatusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=TargetRole.choices)
    link = serializers.IntegerField(allow_null=True)
    location = serializers.IntegerField(allow_null=True)
    state = serializers.ChoiceField(choices=TargetState.choices)
    since = serializers.DateTimeField(allow_null=True, help_text="In this state since")
    latency_ms = serializers.FloatField(
        allow_null=True, help_text="The latest probe's latency; null when it failed or none yet"
    )


def moment_validator(value: datetime) -> None:
    """A time of the filters' range of dates (a 400, never an overflow)."""
    filter_date_validator(value.date())


class SamplesQuery(serializers.Serializer):
    """`from` and `to`: ISO 8601 date and time (WIB when without offset); the last 24 hours
    by default."""

    to = serializers.DateTimeField(required=False, validators=[moment_validator])
    locals()["from"] = serializers.DateTimeField(required=False, validators=[moment_validator])

    def validate(self, attrs):
        end = attrs.get("to") or timezone.now()
        start = attrs.get("from") or end - DEFAULT_SAMPLE_RANGE
        if start >= end:
            raise serializers.ValidationError({"from": [_("`from` must be before `to`.")]})
        if end - start > MAX_SAMPLE_RANGE:
            raise serializers.ValidationError({"from": [_("Ask for at most 400 days at a time.")]})
        return {"start": start, "end": end}


class SampleSerializer(serializers.Serializer):
    at = serializers.DateTimeField(help_text="The probe's time, or the roll-up's start")
    kind = serializers.ChoiceField(
        choices=["raw", "hour", "day"], help_text="raw: one probe; hour, day: a roll-up"
    )
    raw = serializers.BooleanField()
    latency_ms = serializers.FloatField(
        allow_null=True, help_text="The probe's latency, or the roll-up's mean; null: failed"
    )
    probes = serializers.IntegerField()
    failures = serializers.IntegerField()
    loss = serializers.FloatField(help_text="failures ÷ probes")
    min_ms = serializers.FloatField(allow_null=True)
    p95_ms = serializers.FloatField(allow_null=True)
