"""The inventory's API: `/api/v1/devices/`, `/api/v1/ports/` (with each port's `trace/`),
`/api/v1/cables/` and `/api/v1/locations/{id}/capacity/`.

Reads go through `core.access.visible` (an agency's users see their places' network, others'
answer 404); changes call `inventory.services`, which says who may."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from silajar.core.access import get_visible_or_404
from silajar.core.api import keyset_pagination, query_id
from silajar.core.workflow_api import RecordViewSet, error_responses
from silajar.inventory import selectors, services
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

ERRORS, _CHANGE_ERRORS = error_responses("record")


class DeviceViewSet(RecordViewSet):
    """Devices at the agencies' places (filter by `location`, `kind`, `status`, `q`)."""

    serializer_class = DeviceSerializer
    pagination_class = keyset_pagination(selectors.DEVICE_SORTS)
    rows = staticmethod(selectors.device_list)
    query = DeviceFilterSerializer
    list_parameters = [DeviceFilterSerializer]
    keeper = services.DEVICES
    body = DeviceBody
    update_body = DeviceUpdateBody
    operations = {
        "list": "Devices the user sees, filtered (keyset cursor).",
        "retrieve": "One device.",
        "create": "Add a device at a place (the inventory's keepers).",
        "partial_update": "Edit a device; send what changes, with the `version` you saw.",
    }


class PortViewSet(RecordViewSet):
    """Ports of the devices (filter by `device`, `state`, `location`); each one's trace."""

    serializer_class = PortSerializer
    pagination_class = keyset_pagination(selectors.PORT_SORTS)
    rows = staticmethod(selectors.port_list)
    query = PortFilterSerializer
    list_parameters = [PortFilterSerializer]
    operations = {"list": "Ports the user sees, filtered (keyset cursor).", "retrieve": None}

    @extend_schema(responses={200: TraceSerializer, **ERRORS})
    @action(detail=True, methods=["get"])
    def trace(self, request, pk=None):
        """The path from this port to the far end: through cables and patch panels."""
        return Response(
            TraceSerializer({"path": selectors.port_trace(port=self.get_object())}).data
        )


def _lay(*, actor, data: dict):
    return services.cable_create(actor=actor, **data)


class CableViewSet(RecordViewSet):
    """Cables between ports: laid between two free ports, removed (the ports free again)."""

    serializer_class = CableSerializer
    pagination_class = keyset_pagination(selectors.CABLE_SORTS)
    rows = staticmethod(selectors.cable_list)
    guard = staticmethod(services.KEEPERS.require)
    body = CableBody
    adds = staticmethod(_lay)
    operations = {
        "list": None,
        "retrieve": "One cable and its two ports.",
        "create": "Lay a cable between two free ports (a port in use refuses it).",
    }

    def filters(self) -> dict:
        location = query_id(self.request.query_params.get("location"))
        return {"location": location} if location else {}

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
