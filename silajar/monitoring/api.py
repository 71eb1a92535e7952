"""The monitor's API: `/api/v1/monitoring/targets/` (the network administrator keeps them;
staff read them, a provider's accounts those on their provider's links), each target's
`samples/` (its latency: raw probes within the raw retention, roll-ups beyond), and
`/api/v1/monitoring/status/` (every visible target's state, since when, latest latency).

Thin: reads go through `core.access.visible` (another provider's target answers 404 as if it
did not exist); every change calls one service of `monitoring.services`, which says who may.
Refusals (403, 400, 409 on a stale `version`) answer in the one error shape of `core.api`."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from silajar.core.api import body_of, filter_parameters, filters_of, keyset_pagination
from silajar.core.workflow_api import RecordViewSet, error_responses
from silajar.monitoring import selectors, services
from silajar.monitoring.serializers import (
    SampleSerializer,
    SamplesQuery,
    StatusSerializer,
    TargetBody,
    TargetFilterSerializer,
    TargetSerializer,
    TargetUpdateBody,
)

ERRORS, CHANGE_ERRORS = error_responses("target")


class TargetViewSet(RecordViewSet):
    """Monitoring targets: the network administrator adds, edits (PATCH), pauses (`paused`)
    and deletes them; staff read them all, a provider's accounts those of their links."""

    serializer_class = TargetSerializer
    pagination_class = keyset_pagination(selectors.TARGET_SORTS)
    errors, action_errors = ERRORS, CHANGE_ERRORS
    rows = staticmethod(selectors.target_list)
    query = TargetFilterSerializer
    guard = staticmethod(services.TARGET_KEEPERS.require)
    guard_edits = True
    body = TargetBody
    adds = staticmethod(services.target_create)
    update_body = TargetUpdateBody
    edits = staticmethod(services.target_update)
    record_keyword = "target"
    operations = {
        "list": "Targets the user sees, by name (25 a page, keyset cursor).",
        "retrieve": "One target with its settings and the monitor's view of it.",
        "create": """
        Add a target (network administrator). tcp needs `host` and `port`, http `url`, dns
        `host` (the name), icmp `host`; `link` or `location` (the link's place by default).""",
        "partial_update": """
        Edit a target; send only what changes, with the `version` you saw (409 when it
        changed since). `paused` pauses or resumes it.""",
    }

    @extend_schema(responses={204: None, **CHANGE_ERRORS})
    def destroy(self, request, *args, **kwargs):
        """Delete a target with its probes (refused while it is down)."""
        target = self.get_object()
        services.target_delete(actor=request.user, target=target)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, description="ISO 8601; 24 hours before `to` if empty"),
            OpenApiParameter("to", str, description="ISO 8601; now if empty"),
        ],
        responses={200: SampleSerializer(many=True), **ERRORS},
    )
    @action(detail=True, methods=["get"], pagination_class=None, serializer_class=SampleSerializer)
    def samples(self, request, pk=None):
        """The target's latency from `from` to `to`, oldest first: each raw probe within the
        raw retention (`kind` raw), hourly roll-ups before it, daily roll-ups for a range
        longer than 60 days (`kind` hour, day)."""
        target = self.get_object()
        span = body_of(SamplesQuery, request, data=request.query_params)
        found = selectors.samples(target, start=span["start"], end=span["end"])
        return Response(SampleSerializer(found, many=True).data)


class StatusViewSet(viewsets.GenericViewSet):
    """Every target the user sees, with its state, since when and its latest latency."""

    serializer_class = StatusSerializer
    pagination_class = None

    @extend_schema(
        parameters=filter_parameters(TargetFilterSerializer),
        responses={200: StatusSerializer(many=True), **ERRORS},
    )
    def list(self, request):
        """The status of every visible target (not paged; filters as the targets' list)."""
        filters = filters_of(TargetFilterSerializer, request)
        return Response(
            StatusSerializer(selectors.status(user=request.user, filters=filters), many=True).data
        )
