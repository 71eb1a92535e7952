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
from silajar.core.paging import KeysetPagination
from silajar.core.workflow_api import ProcedureViewSet, VersionBody, error_responses
from silajar.providers import selectors, services
from silajar.providers.models import Link, MaintenanceWindow, Outage, Provider
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


def checked(serializer_class, request, *, data=None) -> dict:
    """The validated body (or query), its related records looked up among the user's."""
    body = serializer_class(
        data=request.data if data is None else data, context={"request": request}
    )
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


def filters_of(serializer_class, request) -> dict:
    data = checked(serializer_class, request, data=request.query_params)
    data["sort"] = data.pop("ordering", None)
    return data


class ProviderPagination(KeysetPagination):
    sorts = selectors.PROVIDER_SORTS


class LinkPagination(KeysetPagination):
    sorts = selectors.LINK_SORTS


class OutagePagination(KeysetPagination):
    sorts = selectors.OUTAGE_SORTS


class WindowPagination(KeysetPagination):
    sorts = selectors.WINDOW_SORTS


def filter_parameters(serializer_class) -> list[OpenApiParameter]:
    return [
        OpenApiParameter(name, str, required=False, description=str(field.help_text or ""))
        for name, field in serializer_class().fields.items()
    ]


class ProviderViewSet(ProcedureViewSet):
    """Internet providers: staff see all, a provider's accounts their own; the network
    administrator and the PPTK add and edit them."""

    serializer_class = ProviderSerializer
    pagination_class = ProviderPagination

    def get_queryset(self):
        filters = filters_of(ProviderFilterSerializer, self.request)
        providers = selectors.provider_list(user=self.request.user, filters=filters)
        return providers.prefetch_related("accounts__user")

    def get_object(self) -> Provider:
        return get_visible_or_404(self.request.user, Provider, pk=self.kwargs["pk"])

    @extend_schema(parameters=filter_parameters(ProviderFilterSerializer))
    def list(self, request, *args, **kwargs):
        """Providers the user sees, by name (25 a page, keyset cursor)."""
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: ProviderSerializer, **ERRORS})
    def retrieve(self, request, *args, **kwargs):
        """One provider with its NOC contacts and escalation matrix."""
        return Response(ProviderSerializer(self.get_object()).data)

    @extend_schema(request=ProviderBody, responses={201: ProviderSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        """Add a provider (network administrator, PPTK)."""
        services.KEEPERS.require(request.user)
        data = checked(ProviderBody, request)
        provider = services.PROVIDERS.create(actor=request.user, data=data)
        return Response(ProviderSerializer(provider).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProviderUpdateBody, responses={200: ProviderSerializer, **CHANGE_ERRORS})
    def partial_update(self, request, *args, **kwargs):
        """Edit a provider; send only what changes, with the `version` you saw."""
        provider = self.get_object()
        data = checked(ProviderUpdateBody, request)
        version = data.pop("version", None)
        updated = services.PROVIDERS.update(
            actor=request.user, obj=provider, data=data, expected_version=version
        )
        return Response(ProviderSerializer(updated).data)


class LinkViewSet(ProcedureViewSet):
    """Links (circuits): staff see all, a provider's accounts their provider's; the network
    administrator and the PPTK add and edit them. Each link's outages hang below it."""

    serializer_class = LinkSerializer
    pagination_class = LinkPagination

    def get_queryset(self):
        filters = filters_of(LinkFilterSerializer, self.request)
        return selectors.link_list(user=self.request.user, filters=filters)

    def get_object(self) -> Link:
        return get_visible_or_404(self.request.user, Link, pk=self.kwargs["pk"])

    @extend_schema(parameters=filter_parameters(LinkFilterSerializer))
    def list(self, request, *args, **kwargs):
        """Links the user sees, filtered (25 a page, keyset cursor)."""
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: LinkSerializer, **ERRORS})
    def retrieve(self, request, *args, **kwargs):
        """One link."""
        return Response(LinkSerializer(self.get_object()).data)

    @extend_schema(request=LinkBody, responses={201: LinkSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        """Add a link of a provider, under one of its contracts."""
        services.KEEPERS.require(request.user)
        data = checked(LinkBody, request)
        link = services.LINKS.create(actor=request.user, data=data)
        return Response(LinkSerializer(link).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LinkUpdateBody, responses={200: LinkSerializer, **CHANGE_ERRORS})
    def partial_update(self, request, *args, **kwargs):
        """Edit a link; send only what changes, with the `version` you saw."""
        link = self.get_object()
        data = checked(LinkUpdateBody, request)
        version = data.pop("version", None)
        updated = services.LINKS.update(
            actor=request.user, obj=link, data=data, expected_version=version
        )
        return Response(LinkSerializer(updated).data)

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
        pagination_class=OutagePagination,
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
        services.require_recorder(request.user, link)
        data = checked(OutageBody, request)
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
        data = checked(OutageCorrectBody, request)
        reason = data.pop("reason")
        version = data.pop("version", None)
        corrected = services.outage_correct(
            actor=request.user, outage=outage, reason=reason, data=data, expected_version=version
        )
        return Response(OutageSerializer(corrected).data)

    @extend_schema(
        parameters=[OUTAGE_ID],
        request=OutageEndBody,
        responses={200: OutageSerializer, **CHANGE_ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"outages/(?P<outage_id>\d+)/end",
        serializer_class=OutageSerializer,
    )
    def outage_end(self, request, pk=None, outage_id=None):
        """End an outage that still lasts (409 when it has ended already)."""
        outage = self._outage(self.get_object(), outage_id)
        data = checked(OutageEndBody, request)
        ended = services.outage_end(actor=request.user, outage=outage, **data)
        return Response(OutageSerializer(ended).data)

    def _decide_proposal(self, request, outage_id, decide):
        outage = self._outage(self.get_object(), outage_id)
        data = checked(VersionBody, request)
        decided = decide(actor=request.user, outage=outage, expected_version=data.get("version"))
        return Response(OutageSerializer(decided).data)

    @extend_schema(
        parameters=[OUTAGE_ID],
        request=VersionBody,
        responses={200: OutageSerializer, **CHANGE_ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"outages/(?P<outage_id>\d+)/confirm_exclusion",
        serializer_class=OutageSerializer,
    )
    def outage_confirm_exclusion(self, request, pk=None, outage_id=None):
        """Grant the exclusion the monitor proposed (`proposed_exclusion`, e.g.
        `customer_side`): it becomes the outage's `exclusion` (network administrator only: 403
        for anyone else; 409 when the `version` is stale or nothing is proposed any more)."""
        return self._decide_proposal(request, outage_id, services.outage_confirm_proposed_exclusion)

    @extend_schema(
        parameters=[OUTAGE_ID],
        request=VersionBody,
        responses={200: OutageSerializer, **CHANGE_ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"outages/(?P<outage_id>\d+)/dismiss_exclusion",
        serializer_class=OutageSerializer,
    )
    def outage_dismiss_exclusion(self, request, pk=None, outage_id=None):
        """Dismiss the exclusion the monitor proposed: the outage counts against the provider
        as it is (network administrator only: 403 for anyone else; 409 when the `version` is
        stale or nothing is proposed any more)."""
        return self._decide_proposal(request, outage_id, services.outage_dismiss_proposed_exclusion)


class MaintenanceWindowViewSet(ProcedureViewSet):
    """Maintenance windows of the providers: the network administrator and the provider's own
    accounts announce and change them."""

    serializer_class = MaintenanceWindowSerializer
    pagination_class = WindowPagination

    def get_queryset(self):
        filters = filters_of(WindowFilterSerializer, self.request)
        return selectors.window_list(user=self.request.user, filters=filters)

    def get_object(self) -> MaintenanceWindow:
        return get_visible_or_404(self.request.user, MaintenanceWindow, pk=self.kwargs["pk"])

    @extend_schema(parameters=filter_parameters(WindowFilterSerializer))
    def list(self, request, *args, **kwargs):
        """Windows the user sees, latest first (25 a page, keyset cursor)."""
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: MaintenanceWindowSerializer, **ERRORS})
    def retrieve(self, request, *args, **kwargs):
        """One maintenance window."""
        return Response(MaintenanceWindowSerializer(self.get_object()).data)

    @extend_schema(
        request=MaintenanceWindowBody, responses={201: MaintenanceWindowSerializer, **ERRORS}
    )
    def create(self, request, *args, **kwargs):
        """Announce a maintenance window (`links` empty: all of the provider's links)."""
        services.require_announcer(request.user)
        data = checked(MaintenanceWindowBody, request)
        window = services.maintenance_window_create(actor=request.user, **data)
        return Response(MaintenanceWindowSerializer(window).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=MaintenanceWindowUpdateBody,
        responses={200: MaintenanceWindowSerializer, **CHANGE_ERRORS},
    )
    def partial_update(self, request, *args, **kwargs):
        """Change a window; send only what changes, with the `version` you saw."""
        window = self.get_object()
        data = checked(MaintenanceWindowUpdateBody, request)
        version = data.pop("version", None)
        updated = services.maintenance_window_update(
            actor=request.user, window=window, data=data, expected_version=version
        )
        return Response(MaintenanceWindowSerializer(updated).data)
