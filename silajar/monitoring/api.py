"""The monitor's API: `/api/v1/monitoring/targets/` (the network administrator keeps them;
staff read them, a provider's accounts those on their provider's links), each target's
`samples/` (its latency: raw probes within the raw retention, roll-ups beyond), and
`/api/v1/monitoring/status/` (every visible target's state, since when, latest latency).

Thin: reads go through `core.access.visible` (another provider's target answers 404 as if it
did not exist); every change calls one service of `monitoring.services`, which says who may.
Refusals (403, 400, 409 on a stale `version`) answer in the one error shape of `core.api`."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from silajar.core.access import get_visible_or_404
from silajar.core.paging import KeysetPagination
from silajar.core.workflow_api import error_responses
from silajar.monitoring import selectors, services
from silajar.monitoring.models import Target
from silajar.monitoring.serializers import (
    SampleSerializer,
    SamplesQuery,
    StatusSerializer,
    TargetBody,
    TargetFilterSerializer,
    TargetSerializer,
    TargetUpdateBody,
)
from silajar.providers.api import checked, filter_parameters, filters_of

ERRORS, CHANGE_ERRORS = error_responses("target")


class TargetPagination(KeysetPagination):
    sorts = selectors.TARGET_SORTS


class TargetViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Monitoring targets: the network administrator adds, edits (PATCH), pauses (`paused`)
    and deletes them; staff read them all, a provider's accounts those of their links."""

    serializer_class = TargetSerializer
    pagination_class = TargetPagination
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        filters = filters_of(TargetFilterSerializer, self.request)
        return selectors.target_list(user=self.request.user, filters=filters)

    def get_object(self) -> Target:
        return get_visible_or_404(self.request.user, Target, pk=self.kwargs["pk"])

    @extend_schema(parameters=filter_parameters(TargetFilterSerializer))
    def list(self, request, *args, **kwargs):
        """Targets the user sees, by name (25 a page, keyset cursor)."""
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: TargetSerializer, **ERRORS})
    def retrieve(self, request, *args, **kwargs):
        """One target with its settings and the monitor's view of it."""
        return Response(TargetSerializer(self.get_object()).data)

    @extend_schema(request=TargetBody, responses={201: TargetSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        """Add a target (network administrator). tcp needs `host` and `port`, http `url`, dns
        `host` (the name), icmp `host`; `link` or `location` (the link's place by default)."""
        services.TARGET_KEEPERS.require(request.user)
        data = checked(TargetBody, request)
        target = services.target_create(actor=request.user, data=data)
        return Response(TargetSerializer(target).data, status=status.HTTP_201_CREATED)

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):  # PUT is not offered; PATCH only
        return self.http_method_not_allowed(request, *args, **kwargs)

    @extend_schema(request=TargetUpdateBody, responses={200: TargetSerializer, **CHANGE_ERRORS})
    def partial_update(self, request, *args, **kwargs):
        """Edit a target; send only what changes, with the `version` you saw (409 when it
        changed since). `paused` pauses or resumes it."""
        target = self.get_object()
        services.TARGET_KEEPERS.require(request.user)
        data = checked(TargetUpdateBody, request)
        version = data.pop("version", None)
        updated = services.target_update(
            actor=request.user, target=target, data=data, expected_version=version
        )
        return Response(TargetSerializer(updated).data)

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
        span = checked(SamplesQuery, request, data=request.query_params)
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
