"""The inventory's file formats, and the check of one row of each (nothing stored here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import translation
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
from silajar.inventory.models import Cable, Device, Port
from silajar.organizations.importexport.checking import RowError
from silajar.organizations.models import Location


def normalise(text: str) -> str:
    return " ".join(str(text).replace("_", " ").split()).casefold()


def choice_lookup(choices: type[models.TextChoices]) -> dict[str, str]:
    """Every accepted spelling of a choice (code, or label in any UI language) → code."""
    lookup: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, label in choices.choices:
                lookup[normalise(str(label))] = code
    for code in choices.values:
        lookup[normalise(code)] = code
    return lookup


@dataclass
class Planned:
    """One checked row: the record it changes (None: a new one) and the values to write."""

    row: int
    existing: models.Model | None
    data: dict[str, Any]


@dataclass
class Context:
    """What the rows of one file are checked against (read once per file)."""

    devices: dict[str, Device] = field(default_factory=dict)
    locations: dict[tuple[str, str, str, str], Location] = field(default_factory=dict)
    ports: dict[tuple[str, str], Port] = field(default_factory=dict)
    cables: dict[str, Cable] = field(default_factory=dict)
    seen: dict[Any, int] = field(default_factory=dict)

    @classmethod
    def load(cls, what: str) -> Context:
        context = cls(devices={normalise(d.name): d for d in Device.objects.all()})
        if what == "devices":
            for location in Location.objects.select_related("organization"):
                key = (
                    location.organization.short_name,
                    location.building,
                    location.floor,
                    location.room,
                )
                context.locations[tuple(normalise(k) for k in key)] = location  # type: ignore[index]
        else:
            for port in Port.objects.select_related("device"):
                context.ports[(normalise(port.device.name), normalise(port.name))] = port
        if what == "cables":
            context.cables = {normalise(c.label): c for c in Cable.objects.exclude(label="")}
        return context


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


def _choice(
    number: int, header: str, text: str, choices: type[models.TextChoices], errors: list
) -> str | None:
    code = choice_lookup(choices).get(normalise(text))
    if code is None:
        errors.append(
            RowError(
                number,
                header,
                _("“%(value)s” is not allowed here. Use one of: %(codes)s.")
                % {"value": text, "codes": ", ".join(v for v in choices.values if v)},
            )
        )
    return code


def _number(number: int, header: str, text: str, errors: list) -> int | None:
    if not text:
        return None
    try:
        value = int(text)
        if value < 0:
            raise ValueError
    except ValueError:
        errors.append(RowError(number, header, _("Write a whole number.")))
        return None
    return value


def _date(number: int, header: str, text: str, errors: list) -> date | None:
    if not text:
        return None
    for parse in (date.fromisoformat, lambda t: date(*reversed([int(p) for p in t.split("-")]))):
        try:
            return parse(text[:10])
        except (ValueError, TypeError):
            continue
    errors.append(RowError(number, header, _("Write the date as YYYY-MM-DD.")))
    return None


def _model_errors(number: int, headers: dict[str, str], error: ValidationError) -> list[RowError]:
    found = []
    for name, messages in error.message_dict.items():
        column = "" if name == NON_FIELD_ERRORS else headers.get(name, name)
        found.extend(RowError(number, column, message) for message in messages)
    return found


def _repeated(number: int, header: str, key: Any, context: Context) -> list[RowError]:
    if key in context.seen:
        return [
            RowError(
                number,
                header,
                _("The same value is already in row %(row)d.") % {"row": context.seen[key]},
            )
        ]
    context.seen[key] = number
    return []


def _validated(
    number: int, headers: dict[str, str], candidate: models.Model, errors: list[RowError]
) -> None:
    reported = {e.column for e in errors}
    try:
        candidate.full_clean(exclude=[n for n, h in headers.items() if h in reported] + ["cable"])
    except ValidationError as error:
        errors.extend(e for e in _model_errors(number, headers, error) if e.column not in reported)


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
    errors += _repeated(number, DEVICE_HEADERS["name"], ("device", normalise(name)), context)
    existing = context.devices.get(normalise(name))
    data: dict[str, Any] = {"name": name}
    if "kind" in cells:
        data["kind"] = _choice(number, DEVICE_HEADERS["kind"], cells["kind"], DeviceKind, errors)
    for name_, choices in (("status", DeviceStatus), ("owner", Owner)):
        if cells.get(name_):
            data[name_] = _choice(number, DEVICE_HEADERS[name_], cells[name_], choices, errors)
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
        data["installed_on"] = _date(
            number, DEVICE_HEADERS["installed_on"], cells["installed_on"], errors
        )
    for text_field in ("model", "serial", "management_address", "notes"):
        if text_field in cells:
            data[text_field] = cells[text_field]
    candidate = Device.objects.get(pk=existing.pk) if existing else Device()
    for key, value in data.items():
        setattr(candidate, key, value)
    _validated(
        number, {**DEVICE_HEADERS, "location": DEVICE_HEADERS["building"]}, candidate, errors
    )
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
    errors += _repeated(number, PORT_HEADERS["name"], ("port", key), context)
    existing = context.ports.get(key)
    data: dict[str, Any] = {"device": device, "name": cells.get("name", "")}
    if cells.get("kind"):
        data["kind"] = _choice(number, PORT_HEADERS["kind"], cells["kind"], PortKind, errors)
    if "side" in cells:
        data["side"] = (
            _choice(number, PORT_HEADERS["side"], cells["side"], PortSide, errors)
            if cells["side"]
            else ""
        )
    for number_field in ("speed_mbps", "vlan", "position"):
        if number_field in cells:
            data[number_field] = _number(
                number, PORT_HEADERS[number_field], cells[number_field], errors
            )
    candidate = Port.objects.get(pk=existing.pk) if existing else Port()
    for name, value in data.items():
        if value is not None or name in cells:
            setattr(candidate, name, value)
    if device is not None:
        _validated(number, PORT_HEADERS, candidate, errors)
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
    errors += _repeated(number, CABLE_HEADERS["label"], ("cable", normalise(label)), context)
    existing = context.cables.get(normalise(label)) if label else None
    ends = []
    for end in ("a", "b"):
        key = (normalise(cells.get(f"{end}_device", "")), normalise(cells.get(f"{end}_port", "")))
        port = context.ports.get(key)
        header = CABLE_HEADERS[f"{end}_port"]
        if port is None:
            errors.append(RowError(number, header, _("No such port of this device.")))
            continue
        errors += _repeated(number, header, ("cable-port", port.pk), context)
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
        data["cable_type"] = _choice(
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
