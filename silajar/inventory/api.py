"""The inventory's API: `/api/v1/devices/`, `/api/v1/ports/` (with each port's `trace/`),
`/api/v1/cables/` and `/api/v1/locations/{id}/capacity/`.

Reads go through `core.access.visible` (an agency's users see their places' network, others'
answer 404); changes call `inventory.services`, which says who may."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from silajar.core.access import get_visible_or_404
from silajar.core.api import query_id
from silajar.core.paging import KeysetPagination
from silajar.core.workflow_api import error_responses
from silajar.inventory import selectors, services
from silajar.inventory.models import Cable, Device, Port
from silajar.inventory.serializers import (
    CableBody,
    CableSerializer,
    CapacitySerializer,
    DeviceBody,
    DeviceFilterSerializer,
    DeviceSerializer,
    DeviceUpdateBody,
    PortFilterSerializer,
    PortSerializer,
    TraceSerializer,
)
from silajar.organizations.models import Location

ERRORS, CHANGE_ERRORS = error_responses("record")


def checked(serializer_class, request, *, data=None) -> dict:
    body = serializer_class(
        data=request.data if data is None else data, context={"request": request}
    )
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


class DevicePagination(KeysetPagination):
    sorts = selectors.DEVICE_SORTS


class PortPagination(KeysetPagination):
    sorts = selectors.PORT_SORTS


class CablePagination(KeysetPagination):
    sorts = selectors.CABLE_SORTS


class DeviceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Devices at the agencies' places (filter by `location`, `kind`, `status`, `q`)."""

    serializer_class = DeviceSerializer
    pagination_class = DevicePagination
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        filters = checked(DeviceFilterSerializer, self.request, data=self.request.query_params)
        return selectors.device_list(user=self.request.user, filters=filters)

    def get_object(self) -> Device:
        return get_visible_or_404(self.request.user, Device, pk=self.kwargs["pk"])

    @extend_schema(parameters=[DeviceFilterSerializer])
    def list(self, request, *args, **kwargs):
        """Devices the user sees, filtered (keyset cursor)."""
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: DeviceSerializer, **ERRORS})
    def retrieve(self, request, *args, **kwargs):
        """One device."""
        return Response(DeviceSerializer(self.get_object()).data)

    @extend_schema(request=DeviceBody, responses={201: DeviceSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        """Add a device at a place (the inventory's keepers)."""
        services.KEEPERS.require(request.user)
        device = services.DEVICES.create(actor=request.user, data=checked(DeviceBody, request))
        return Response(DeviceSerializer(device).data, status=status.HTTP_201_CREATED)

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):
        return self.http_method_not_allowed(request, *args, **kwargs)

    @extend_schema(request=DeviceUpdateBody, responses={200: DeviceSerializer, **CHANGE_ERRORS})
    def partial_update(self, request, *args, **kwargs):
        """Edit a device; send what changes, with the `version` you saw."""
        device = self.get_object()
        data = checked(DeviceUpdateBody, request)
        version = data.pop("version", None)
        updated = services.DEVICES.update(
            actor=request.user, obj=device, data=data, expected_version=version
        )
        return Response(DeviceSerializer(updated).data)


class PortViewSet(viewsets.ReadOnlyModelViewSet):
    """Ports of the devices (filter by `device`, `state`, `location`); each one's trace."""

    serializer_class = PortSerializer
    pagination_class = PortPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        filters = checked(PortFilterSerializer, self.request, data=self.request.query_params)
        return selectors.port_list(user=self.request.user, filters=filters)

    def get_object(self) -> Port:
        return get_visible_or_404(self.request.user, Port, pk=self.kwargs["pk"])

    @extend_schema(parameters=[PortFilterSerializer])
    def list(self, request, *args, **kwargs):
        """Ports the user sees, filtered (keyset cursor)."""
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: TraceSerializer, **ERRORS})
    @action(detail=True, methods=["get"])
    def trace(self, request, pk=None):
        """The path from this port to the far end: through cables and patch panels."""
        return Response(TraceSerializer({"path": services.port_trace(self.get_object())}).data)


class CableViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Cables between ports: laid between two free ports, removed (the ports free again)."""

    serializer_class = CableSerializer
    pagination_class = CablePagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        location = query_id(self.request.query_params.get("location"))
        filters = {"location": location} if location else {}
        return selectors.cable_list(user=self.request.user, filters=filters)

    def get_object(self) -> Cable:
        return get_visible_or_404(self.request.user, Cable, pk=self.kwargs["pk"])

    @extend_schema(responses={200: CableSerializer, **ERRORS})
    def retrieve(self, request, *args, **kwargs):
        """One cable and its two ports."""
        return Response(CableSerializer(self.get_object()).data)

    @extend_schema(request=CableBody, responses={201: CableSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        """Lay a cable between two free ports (a port in use refuses it)."""
        services.KEEPERS.require(request.user)
        cable = services.cable_create(actor=request.user, **checked(CableBody, request))
        return Response(CableSerializer(cable).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request, *args, **kwargs):
        """Remove a cable; its ports become free."""
        cable = self.get_object()
        with transaction.atomic():
            services.cable_delete(actor=request.user, cable=cable)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(responses={200: CapacitySerializer, **ERRORS})
@api_view(["GET"])
def location_capacity(request, pk: int):
    """The free capacity of a place: free switch ports and patch panel positions per device."""
    location = get_visible_or_404(request.user, Location, pk=pk)
    return Response(
        CapacitySerializer(selectors.location_capacity(user=request.user, location=location)).data
    )
