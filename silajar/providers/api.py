"""The internet side's API: `/api/v1/providers/`, `/api/v1/links/` with each link's
`outages/`, and `/api/v1/maintenance-windows/`.

Thin: reads go through `core.access.visible` (a provider's accounts see their provider's
rows only, anyone else's answer 404 as if they did not exist); every change calls one service
of `providers.services`, which says who may. Refusals (ActionForbidden 403, DomainError 400,
Conflict 409 on a stale `version`) answer in the one error shape of `core.api`.

An outage is corrected with `PATCH /api/v1/links/{id}/outages/{outage_id}/` and a `reason`
(kept in its history with the values before), ended with `POST …/{outage_id}/end/`; the
exclusion the monitor proposed is granted with `POST …/{outage_id}/confirm_exclusion/` or
dismissed with `POST …/{outage_id}/dismiss_exclusion/`."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from silajar.core.access import get_visible_or_404
from silajar.core.api import body_of, filter_parameters, filters_of, keyset_pagination
from silajar.core.workflow_api import RecordViewSet, VersionBody, error_responses
from silajar.providers import selectors, services
from silajar.providers.models import Link, Outage
from silajar.providers.serializers import (
    LinkBody,
    LinkFilterSerializer,
    LinkSerializer,
    LinkUpdateBody,
    MaintenanceWindowBody,
    MaintenanceWindowSerializer,
    MaintenanceWindowUpdateBody,
    OutageBody,
    OutageCorrectBody,
    OutageEndBody,
    OutageFilterSerializer,
    OutageSerializer,
    ProviderBody,
    ProviderFilterSerializer,
    ProviderSerializer,
    ProviderUpdateBody,
    WindowFilterSerializer,
)

ERRORS, CHANGE_ERRORS = error_responses("record")
OUTAGE_ID = OpenApiParameter("outage_id", int, OpenApiParameter.PATH, description="The outage")


def _on_outage(name: str, body):
    """Route and schema of a `POST …/outages/{outage_id}/<name>/` that takes `body` and
    answers the outage."""

    def decorate(function):
        routed = action(
            detail=True,
            methods=["post"],
            url_path=rf"outages/(?P<outage_id>\d+)/{name}",
            serializer_class=OutageSerializer,
        )(function)
        return extend_schema(
            parameters=[OUTAGE_ID],
            request=body,
            responses={200: OutageSerializer, **CHANGE_ERRORS},
        )(routed)

    return decorate


class ProviderViewSet(RecordViewSet):
    """Internet providers: staff see all, a provider's accounts their own; the network
    administrator and the PPTK add and edit them."""

    serializer_class = ProviderSerializer
    pagination_class = keyset_pagination(selectors.PROVIDER_SORTS)
    rows = staticmethod(selectors.provider_list)
    query = ProviderFilterSerializer
    prefetch = ("accounts__user",)
    keeper = services.PROVIDERS
    body = ProviderBody
    update_body = ProviderUpdateBody
    operations = {
        "list": "Providers the user sees, by name (25 a page, keyset cursor).",
        "retrieve": "One provider with its NOC contacts and escalation matrix.",
        "create": "Add a provider (network administrator, PPTK).",
        "partial_update": "Edit a provider; send only what changes, with the `version` you saw.",
    }


class LinkViewSet(RecordViewSet):
    """Links (circuits): staff see all, a provider's accounts their provider's; the network
    administrator and the PPTK add and edit them. Each link's outages hang below it."""

    serializer_class = LinkSerializer
    pagination_class = keyset_pagination(selectors.LINK_SORTS)
    rows = staticmethod(selectors.link_list)
    query = LinkFilterSerializer
    keeper = services.LINKS
    body = LinkBody
    update_body = LinkUpdateBody
    operations = {
        "list": "Links the user sees, filtered (25 a page, keyset cursor).",
        "retrieve": "One link.",
        "create": "Add a link of a provider, under one of its contracts.",
        "partial_update": "Edit a link; send only what changes, with the `version` you saw.",
    }

    # --- outages ---------------------------------------------------------------------------

    def _outage(self, link: Link, outage_id) -> Outage:
        return get_visible_or_404(self.request.user, Outage, pk=outage_id, link=link)

    @extend_schema(
        methods=["GET"],
        parameters=filter_parameters(OutageFilterSerializer),
        responses={200: OutageSerializer(many=True), **ERRORS},
    )
    @extend_schema(
        methods=["POST"], request=OutageBody, responses={201: OutageSerializer, **ERRORS}
    )
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=OutageSerializer,
        pagination_class=keyset_pagination(selectors.OUTAGE_SORTS),
    )
    def outages(self, request, pk=None):
        """GET: the link's outages, newest first (filters: open, source, exclusion, dates).
        POST: record one (network administrator; the link's provider as its own report).
        Times are ISO 8601 with offset; `ended_at` null while the outage lasts."""
        link = self.get_object()
        if request.method == "GET":
            filters = filters_of(OutageFilterSerializer, request)
            rows = selectors.outage_list(user=request.user, link=link, filters=filters)
            page = self.paginate_queryset(rows)
            return self.get_paginated_response(OutageSerializer(page, many=True).data)
        services.require_recorder(actor=request.user, link=link)
        data = body_of(OutageBody, request)
        outage = services.outage_record(actor=request.user, link=link, **data)
        return Response(OutageSerializer(outage).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[OUTAGE_ID])
    @extend_schema(methods=["GET"], responses={200: OutageSerializer, **ERRORS})
    @extend_schema(
        methods=["PATCH"],
        request=OutageCorrectBody,
        responses={200: OutageSerializer, **CHANGE_ERRORS},
    )
    @action(
        detail=True,
        methods=["get", "patch"],
        url_path=r"outages/(?P<outage_id>\d+)",
        serializer_class=OutageSerializer,
    )
    def outage(self, request, pk=None, outage_id=None):
        """GET: one outage. PATCH: correct it after the fact with a `reason` (required): any
        of `started_at`, `ended_at`, `cause`, `exclusion`; the change and the reason stay in
        its history. Only the network administrator grants an exclusion."""
        outage = self._outage(self.get_object(), outage_id)
        if request.method == "GET":
            return Response(OutageSerializer(outage).data)
        data = body_of(OutageCorrectBody, request)
        reason = data.pop("reason")
        version = data.pop("version", None)
        corrected = services.outage_correct(
            actor=request.user, outage=outage, reason=reason, data=data, expected_version=version
        )
        return Response(OutageSerializer(corrected).data)

    @_on_outage("end", OutageEndBody)
    def outage_end(self, request, pk=None, outage_id=None):
        """End an outage that still lasts (409 when it has ended already)."""
        outage = self._outage(self.get_object(), outage_id)
        data = body_of(OutageEndBody, request)
        ended = services.outage_end(actor=request.user, outage=outage, **data)
        return Response(OutageSerializer(ended).data)

    def _decide_proposal(self, request, outage_id, decide):
        outage = self._outage(self.get_object(), outage_id)
        data = body_of(VersionBody, request)
        decided = decide(actor=request.user, outage=outage, expected_version=data.get("version"))
        return Response(OutageSerializer(decided).data)

    @_on_outage("confirm_exclusion", VersionBody)
    def outage_confirm_exclusion(self, request, pk=None, outage_id=None):
        """Grant the exclusion the monitor proposed (`proposed_exclusion`, e.g.
        `customer_side`): it becomes the outage's `exclusion` (network administrator only: 403
        for anyone else; 409 when the `version` is stale or nothing is proposed any more)."""
        return self._decide_proposal(request, outage_id, services.outage_confirm_proposed_exclusion)

    @_on_outage("dismiss_exclusion", VersionBody)
    def outage_dismiss_exclusion(self, request, pk=None, outage_id=None):
        """Dismiss the exclusion the monitor proposed: the outage counts against the provider
        as it is (network administrator only: 403 for anyone else; 409 when the `version` is
        stale or nothing is proposed any more)."""
        return self._decide_proposal(request, outage_id, services.outage_dismiss_proposed_exclusion)


def _announce(*, actor, data: dict):
    return services.maintenance_window_create(actor=actor, **data)


class MaintenanceWindowViewSet(RecordViewSet):
    """Maintenance windows of the providers: the network administrator and the provider's own
    accounts announce and change them."""

    serializer_class = MaintenanceWindowSerializer
    pagination_class = keyset_pagination(selectors.WINDOW_SORTS)
    rows = staticmethod(selectors.window_list)
    query = WindowFilterSerializer
    guard = staticmethod(services.require_announcer)
    body = MaintenanceWindowBody
    adds = staticmethod(_announce)
    update_body = MaintenanceWindowUpdateBody
    edits = staticmethod(services.maintenance_window_update)
    record_keyword = "window"
    operations = {
        "list": "Windows the user sees, latest first (25 a page, keyset cursor).",
        "retrieve": "One maintenance window.",
        "create": "Announce a maintenance window (`links` empty: all of the provider's links).",
        "partial_update": "Change a window; send only what changes, with the `version` you saw.",
    }
