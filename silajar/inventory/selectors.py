"""Reads of the inventory, always through the access policies (`core.access.visible`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from silajar.core.access import visible
from silajar.core.paging import Sorts
from silajar.core.search import text_match
from silajar.inventory.choices import SWITCH_KINDS, DeviceKind, PortSide, PortState
from silajar.inventory.models import Cable, Device, Port
from silajar.inventory.services import STALE_RESERVATION
from silajar.organizations.models import Location


def device_list(*, user, filters: Mapping[str, Any] | None = None) -> QuerySet[Device]:
    """The devices `user` sees, filtered by `q` (name, model, serial, address), `kind`,
    `status`, `location` and `organization`."""
    filters = filters or {}
    rows = visible(user, Device).select_related("location__organization")
    if filters.get("q"):
        rows = rows.filter(
            text_match(
                filters["q"],
                ("name", "model", "serial", "management_address", "location__building"),
            )
        )
    for name, lookup in (
        ("kind", "kind"),
        ("status", "status"),
        ("location", "location_id"),
        ("organization", "location__organization_id"),
    ):
        value = filters.get(name)
        if value not in (None, ""):
            rows = rows.filter(**{lookup: getattr(value, "pk", value)})
    return rows


def port_list(*, user, filters: Mapping[str, Any] | None = None) -> QuerySet[Port]:
    """The ports `user` sees, filtered by `device`, `state` and `location`."""
    filters = filters or {}
    rows = visible(user, Port).select_related("device", "cable")
    for name, lookup in (
        ("device", "device_id"),
        ("state", "state"),
        ("location", "device__location_id"),
    ):
        value = filters.get(name)
        if value not in (None, ""):
            rows = rows.filter(**{lookup: value})
    return rows


def location_devices(*, user, location: Location) -> QuerySet[Device]:
    """The devices of a place that `user` sees, with their port counts."""
    return (
        visible(user, Device)
        .filter(location=location)
        .select_related("provider_link__provider")  # a provider's ONT: the link it terminates
        .annotate(
            port_count=Count("ports"),
            free_ports=Count("ports", filter=Q(ports__state=PortState.FREE)),
            reserved_ports=Count("ports", filter=Q(ports__state=PortState.RESERVED)),
        )
        .order_by("kind", "name")
    )


def _free_positions(device_ids: list[int]) -> dict[int, int]:
    """Patch panel positions whose front and rear ports are both free, per panel."""
    counts: dict[int, int] = {}
    positions = (
        Port.objects.filter(device_id__in=device_ids, position__isnull=False)
        .values("device_id", "position")
        .annotate(
            sides=Count("pk", filter=~Q(side=PortSide.NONE)),
            free=Count("pk", filter=Q(state=PortState.FREE)),
        )
    )
    for row in positions:
        if row["free"] == row["sides"]:
            counts[row["device_id"]] = counts.get(row["device_id"], 0) + 1
    return counts


def location_capacity(*, user, location: Location) -> dict[str, Any]:
    """The free capacity of a place: free switch ports and patch panel positions, per device."""
    devices: list[Any] = list(  # annotated with their port counts
        location_devices(user=user, location=location).filter(
            kind__in=[*SWITCH_KINDS, DeviceKind.PATCH_PANEL]
        )
    )
    positions = _free_positions([d.pk for d in devices if d.kind == DeviceKind.PATCH_PANEL])
    rows = []
    for device in devices:
        row: dict[str, Any] = {
            "id": device.pk,
            "name": device.name,
            "kind": device.kind,
            "ports": device.port_count,
            "free_ports": device.free_ports,
            "reserved_ports": device.reserved_ports,
        }
        if device.kind == DeviceKind.PATCH_PANEL:
            row["free_positions"] = positions.get(device.pk, 0)
        rows.append(row)
    return {
        "location": location.pk,
        "free_switch_ports": sum(r["free_ports"] for r in rows if r["kind"] in SWITCH_KINDS),
        "free_panel_positions": sum(r.get("free_positions", 0) for r in rows),
        "devices": rows,
    }


def location_network(*, user, location: Location) -> dict[str, list[Device]]:
    """A place's network as its page shows it: gateways, switches, access points, the rest."""
    groups: dict[str, list[Device]] = {
        "gateways": [],
        "switches": [],
        "access_points": [],
        "other": [],
    }
    for device in location_devices(user=user, location=location):
        if device.kind in (DeviceKind.ROUTER, DeviceKind.PROVIDER_ONT):
            groups["gateways"].append(device)
        elif device.kind in SWITCH_KINDS:
            groups["switches"].append(device)
        elif device.kind == DeviceKind.ACCESS_POINT:
            groups["access_points"].append(device)
        else:
            groups["other"].append(device)
    return groups


def free_ports_at(*, user, location_id: int, reference: str = "") -> QuerySet[Port]:
    """The ports a survey at a place may pick: free ones (and those it already holds) of its
    switches, gateways, patch panels and outlets."""
    held = Q(reservation=reference) if reference else Q(pk__in=[])
    return (
        visible(user, Port)
        .filter(device__location_id=location_id)
        .filter(Q(state=PortState.FREE) | held)
        .exclude(device__kind__in=[DeviceKind.ACCESS_POINT, DeviceKind.SERVER])
        .select_related("device")
        .order_by("device__kind", "device__name", "position", "side", "pk")
    )


def reserved_ports(reference: str) -> QuerySet[Port]:
    """The ports reserved for a piece of work."""
    return Port.objects.filter(reservation=reference).select_related("device").order_by("pk")


def is_stale(port: Port, now: datetime | None = None) -> bool:
    """A reservation waiting for a decision longer than the rule allows."""
    if port.state != PortState.RESERVED or port.reserved_at is None:
        return False
    return port.reserved_at < (now or timezone.now()) - STALE_RESERVATION


DEVICE_SORTS = Sorts(
    {"name": ("name",), "-name": ("-name",), "kind": ("kind", "name"), "-kind": ("-kind", "-name")},
    default="name",
    salt="silajar.inventory.devices.cursor",
)
PORT_SORTS = Sorts(
    {"device": ("device_id", "name")},
    default="device",
    salt="silajar.inventory.ports.cursor",
    integers=("device_id",),
)
CABLE_SORTS = Sorts({"id": ("id",)}, default="id", salt="silajar.inventory.cables.cursor")


def cable_list(*, user, filters: Mapping[str, Any] | None = None) -> QuerySet[Cable]:
    """The cables `user` sees (by `location`: those with an end there)."""
    filters = filters or {}
    rows = visible(user, Cable)
    if filters.get("location"):
        rows = rows.filter(ports__device__location_id=filters["location"]).distinct()
    return rows.prefetch_related("ports__device")


def _far_end(cable_id: int, port_id: int) -> Port | None:
    return (
        Port.objects.select_related("device").filter(cable_id=cable_id).exclude(pk=port_id).first()
    )


def panel_pair(*, port: Port) -> Port | None:
    """The other side of a patch panel position (front ↔ rear), joined inside the panel."""
    if port.position is None or port.side == PortSide.NONE:
        return None
    other = PortSide.REAR if port.side == PortSide.FRONT else PortSide.FRONT
    return (
        Port.objects.select_related("device", "cable")
        .filter(device_id=port.device_id, position=port.position, side=other)
        .first()
    )


def port_trace(*, port: Port) -> list[dict[str, Any]]:
    """The path from `port` to the far end: through the port's cable to the port at its other
    end, through a patch panel from one side of a position to the other, and on until a port
    leads nowhere. Each step: the port, its device and the cable leaving it toward the next step
    (None when the next step is inside the same patch panel, or at the end)."""
    path: list[dict[str, Any]] = []
    seen: set[int] = set()
    current: Port | None = port
    arrived_by_cable = False
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        cable = None
        if current.cable_id is not None and not arrived_by_cable:
            cable = current.cable
            following = _far_end(current.cable_id, current.pk)
            arrived_by_cable = True
        else:
            following = panel_pair(port=current)
            arrived_by_cable = False
        path.append({"port": current, "device": current.device, "cable": cable})
        current = following
    return path
