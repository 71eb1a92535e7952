"""The inventory's file formats (devices, ports, cables: columns, the check of one row as the
model would take it, the export), on the shared cell checks of `cells`; nothing stored here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from silajar.core.exports import ListExport
from silajar.inventory.choices import (
    CableType,
    DeviceKind,
    DeviceStatus,
    Owner,
    PortKind,
    PortSide,
    PortState,
)
from silajar.inventory.importexport.cells import (
    Context,
    Planned,
    normalise,
    parse_choice,
    parse_date,
    parse_number,
    repeated,
    validated,
)
from silajar.inventory.models import Cable, Device, Port
from silajar.organizations.importexport.checking import RowError


@dataclass(frozen=True)
class Format:
    what: str
    columns: tuple[tuple[str, str], ...]  # (field, header), the file's order
    required: tuple[str, ...]  # fields whose column must be there
    check: Callable[[int, dict[str, str], Context], tuple[Planned | None, list[RowError]]]
    export: ListExport

    @property
    def headers(self) -> dict[str, str]:
        return dict(self.columns)


# --- devices ---------------------------------------------------------------------------------

DEVICE_COLUMNS = (
    ("name", "Nama"),
    ("kind", "Jenis"),
    ("organization", "Instansi"),
    ("building", "Gedung"),
    ("floor", "Lantai"),
    ("room", "Ruang"),
    ("model", "Model"),
    ("serial", "Nomor Seri"),
    ("management_address", "Alamat Manajemen"),
    ("status", "Status"),
    ("installed_on", "Tanggal Pasang"),
    ("owner", "Pemilik"),
    ("notes", "Catatan"),
)
DEVICE_HEADERS = dict(DEVICE_COLUMNS)


def check_device(number: int, cells: dict[str, str], context: Context):
    errors: list[RowError] = []
    name = cells.get("name", "")
    errors += repeated(number, DEVICE_HEADERS["name"], ("device", normalise(name)), context)
    existing = context.devices.get(normalise(name))
    data: dict[str, Any] = {"name": name}
    if "kind" in cells:
        data["kind"] = parse_choice(
            number, DEVICE_HEADERS["kind"], cells["kind"], DeviceKind, errors
        )
    for name_, choices in (("status", DeviceStatus), ("owner", Owner)):
        if cells.get(name_):
            data[name_] = parse_choice(number, DEVICE_HEADERS[name_], cells[name_], choices, errors)
    place = tuple(
        normalise(cells.get(k, "")) for k in ("organization", "building", "floor", "room")
    )
    if any(place):
        location = context.locations.get(place)  # type: ignore[arg-type]
        if location is None:
            errors.append(
                RowError(
                    number,
                    DEVICE_HEADERS["building"],
                    _("No such place of the agency (agency short name, building, floor, room)."),
                )
            )
        else:
            data["location"] = location
    elif existing is None:
        errors.append(RowError(number, DEVICE_HEADERS["building"], _("Name the device's place.")))
    if "installed_on" in cells:
        data["installed_on"] = parse_date(
            number, DEVICE_HEADERS["installed_on"], cells["installed_on"], errors
        )
    for text_field in ("model", "serial", "management_address", "notes"):
        if text_field in cells:
            data[text_field] = cells[text_field]
    candidate = Device.objects.get(pk=existing.pk) if existing else Device()
    for key, value in data.items():
        setattr(candidate, key, value)
    validated(number, {**DEVICE_HEADERS, "location": DEVICE_HEADERS["building"]}, candidate, errors)
    return (None if errors else Planned(number, existing, data)), errors


def _device_row(device: Device) -> list[Any]:
    place = device.location
    return [
        device.name,
        device.kind,
        place.organization.short_name,
        place.building,
        place.floor,
        place.room,
        device.model,
        device.serial,
        device.management_address,
        device.status,
        device.installed_on.isoformat() if device.installed_on else "",
        device.owner,
        device.notes,
    ]


# --- ports -----------------------------------------------------------------------------------

PORT_COLUMNS = (
    ("device", "Perangkat"),
    ("name", "Port"),
    ("kind", "Jenis"),
    ("speed_mbps", "Kecepatan (Mbps)"),
    ("vlan", "VLAN"),
    ("position", "Posisi"),
    ("side", "Sisi"),
    ("state", "Status"),  # exported for reading; an import leaves the state to the cables
)
PORT_HEADERS = dict(PORT_COLUMNS)


def check_port(number: int, cells: dict[str, str], context: Context):
    errors: list[RowError] = []
    device = context.devices.get(normalise(cells.get("device", "")))
    if device is None:
        errors.append(RowError(number, PORT_HEADERS["device"], _("No device of this name.")))
    key = (normalise(cells.get("device", "")), normalise(cells.get("name", "")))
    errors += repeated(number, PORT_HEADERS["name"], ("port", key), context)
    existing = context.ports.get(key)
    data: dict[str, Any] = {"device": device, "name": cells.get("name", "")}
    if cells.get("kind"):
        data["kind"] = parse_choice(number, PORT_HEADERS["kind"], cells["kind"], PortKind, errors)
    if "side" in cells:
        data["side"] = (
            parse_choice(number, PORT_HEADERS["side"], cells["side"], PortSide, errors)
            if cells["side"]
            else ""
        )
    for number_field in ("speed_mbps", "vlan", "position"):
        if number_field in cells:
            data[number_field] = parse_number(
                number, PORT_HEADERS[number_field], cells[number_field], errors
            )
    candidate = Port.objects.get(pk=existing.pk) if existing else Port()
    for name, value in data.items():
        if value is not None or name in cells:
            setattr(candidate, name, value)
    if device is not None:
        validated(number, PORT_HEADERS, candidate, errors)
    return (None if errors else Planned(number, existing, data)), errors


# --- cables ----------------------------------------------------------------------------------

CABLE_COLUMNS = (
    ("label", "Label"),
    ("a_device", "Perangkat A"),
    ("a_port", "Port A"),
    ("b_device", "Perangkat B"),
    ("b_port", "Port B"),
    ("cable_type", "Jenis"),
    ("length_m", "Panjang (m)"),
)
CABLE_HEADERS = dict(CABLE_COLUMNS)


def check_cable(number: int, cells: dict[str, str], context: Context):
    errors: list[RowError] = []
    label = cells.get("label", "")
    if not label:
        errors.append(RowError(number, CABLE_HEADERS["label"], _("Every cable needs a label.")))
    errors += repeated(number, CABLE_HEADERS["label"], ("cable", normalise(label)), context)
    existing = context.cables.get(normalise(label)) if label else None
    ends = []
    for end in ("a", "b"):
        key = (normalise(cells.get(f"{end}_device", "")), normalise(cells.get(f"{end}_port", "")))
        port = context.ports.get(key)
        header = CABLE_HEADERS[f"{end}_port"]
        if port is None:
            errors.append(RowError(number, header, _("No such port of this device.")))
            continue
        errors += repeated(number, header, ("cable-port", port.pk), context)
        if existing is not None and port.cable_id == existing.pk:
            pass  # the same cable, as exported
        elif port.cable_id is not None or port.state != PortState.FREE:
            errors.append(RowError(number, header, _("This port is already in use.")))
        ends.append(port)
    if len(ends) == 2 and ends[0].pk == ends[1].pk:
        errors.append(
            RowError(number, CABLE_HEADERS["b_port"], _("A cable joins two different ports."))
        )
    data: dict[str, Any] = {"label": label}
    if cells.get("cable_type"):
        data["cable_type"] = parse_choice(
            number, CABLE_HEADERS["cable_type"], cells["cable_type"], CableType, errors
        )
    if cells.get("length_m"):
        try:
            data["length_m"] = round(float(cells["length_m"].replace(",", ".")), 1)
            if not 0 <= data["length_m"] < 100000:
                raise ValueError
        except ValueError:
            errors.append(
                RowError(number, CABLE_HEADERS["length_m"], _("Write the length in metres."))
            )
    if errors:
        return None, errors
    data["ports"] = ends
    return Planned(number, existing, data), errors


def _cable_row(cable: Cable) -> list[Any]:
    ends = sorted(cable.ports.all(), key=lambda p: p.pk)
    cells: list[Any] = [cable.label]
    for port in (ends + [None, None])[:2]:
        cells += [port.device.name, port.name] if port else ["", ""]
    return [*cells, cable.cable_type, cable.length_m if cable.length_m is not None else ""]


FORMATS: dict[str, Format] = {
    "devices": Format(
        "devices",
        DEVICE_COLUMNS,
        ("name",),
        check_device,
        ListExport(
            columns=[
                (h, (lambda d, i=i: _device_row(d)[i])) for i, (_f, h) in enumerate(DEVICE_COLUMNS)
            ],
            related=("location__organization",),
            stem="perangkat-jaringan",
            sheet="Perangkat",
        ),
    ),
    "ports": Format(
        "ports",
        PORT_COLUMNS,
        ("device", "name"),
        check_port,
        ListExport(
            columns=[
                ("Perangkat", lambda p: p.device.name),
                ("Port", lambda p: p.name),
                ("Jenis", lambda p: p.kind),
                ("Kecepatan (Mbps)", lambda p: p.speed_mbps),
                ("VLAN", lambda p: p.vlan),
                ("Posisi", lambda p: p.position),
                ("Sisi", lambda p: p.side),
                ("Status", lambda p: p.state),
            ],
            related=("device",),
            stem="port-jaringan",
            sheet="Port",
        ),
    ),
    "cables": Format(
        "cables",
        CABLE_COLUMNS,
        ("label", "a_device", "a_port", "b_device", "b_port"),
        check_cable,
        ListExport(
            columns=[
                (h, (lambda c, i=i: _cable_row(c)[i])) for i, (_f, h) in enumerate(CABLE_COLUMNS)
            ],
            related=(),
            stem="kabel-jaringan",
            sheet="Kabel",
        ),
    ),
}
