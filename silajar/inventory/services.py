"""Every change of the inventory: devices and ports kept as lists (`core.editing`), cables laid
and removed, ports reserved by a procedure's survey, put in use or released.

A reservation is held by a reference the caller owns (``"installation:42"``): the inventory does
not know the procedures above it; they call these functions (one direction)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.audit import audit_record
from silajar.core.editing import Deleting, EditableList, Keepers
from silajar.core.errors import Conflict, DomainError
from silajar.inventory.access import may_manage_inventory
from silajar.inventory.choices import ACTIVE_KINDS, CableType, PortSide, PortState
from silajar.inventory.models import Cable, Device, Port
from silajar.notifications.services import notify

# a reservation without a decision for this long is flagged, and the administrator told once
STALE_RESERVATION = timedelta(days=30)
MAX_RESERVED_PORTS = 48

KEEPERS = Keepers(
    may=may_manage_inventory,
    refusal=gettext_lazy(
        "Only technicians, the network administrator and the section head keep the inventory."
    ),
)
DEVICE_FIELDS = (
    "location",
    "kind",
    "name",
    "model",
    "serial",
    "management_address",
    "status",
    "installed_on",
    "owner",
    "notes",
)
DEVICES: EditableList[Device] = KEEPERS.declare(
    Device,
    action="device",
    create_fields=DEVICE_FIELDS,
    deleting=Deleting(
        in_use=lambda device: device.ports.filter(~Q(state=PortState.FREE)).exists(),
        refusal=gettext_lazy(
            "Some of its ports are cabled or reserved, so the device cannot be deleted. "
            "Mark it retired instead."
        ),
    ),
)
PORT_FIELDS = ("name", "kind", "speed_mbps", "vlan", "position", "side")
PORTS: EditableList[Port] = KEEPERS.declare(
    Port, action="port", create_fields=("device", *PORT_FIELDS), edit_fields=PORT_FIELDS
)


def ports_add(
    *, actor: User, device: Device, count: int, prefix: str = "", **fields: Any
) -> list[Port]:
    """Add `count` numbered ports to a device (``prefix1``, ``prefix2`` … after the last one);
    on a patch panel each number is a position with its front and rear port."""
    KEEPERS.require(actor)
    if not 1 <= count <= 96:
        raise DomainError(_("Add from 1 to 96 ports."), fields={"count": [_("From 1 to 96.")]})
    added = []
    with transaction.atomic():
        if device.kind == "patch_panel":  # numbered by position (two ports each)
            start = max((p.position or 0 for p in device.ports.all()), default=0) + 1
        else:
            start = device.ports.count() + 1
        for number in range(start, start + count):
            if device.kind == "patch_panel":
                for side in (PortSide.FRONT, PortSide.REAR):
                    name = f"{prefix}{number}{'F' if side == PortSide.FRONT else 'R'}"
                    data = {"device": device, "name": name, "position": number, "side": side}
                    added.append(PORTS.create(actor=actor, data={**fields, **data}))
            else:
                data = {"device": device, "name": f"{prefix}{number}"}
                added.append(PORTS.create(actor=actor, data={**fields, **data}))
    return added


@transaction.atomic
def cable_create(
    *,
    actor: User,
    a_port: Port | int,
    b_port: Port | int,
    label: str = "",
    cable_type: str = CableType.CAT6,
    length_m: Decimal | float | str | None = None,
    reference: str = "",
) -> Cable:
    """Lay a cable between two free ports (or ports reserved for `reference`); both become used.
    A port already on a cable, or reserved by someone else, refuses it."""
    KEEPERS.require(actor)
    ids = [p.pk if isinstance(p, Port) else int(p) for p in (a_port, b_port)]
    if ids[0] == ids[1]:
        raise DomainError(
            _("A cable joins two different ports."), fields={"b_port": [_("Pick another port.")]}
        )
    ports = {p.pk: p for p in Port.objects.select_for_update().filter(pk__in=ids)}
    errors: dict[str, list] = {}
    for field, pk in zip(("a_port", "b_port"), ids, strict=True):
        port = ports.get(pk)
        if port is None:
            errors[field] = [_("No such port.")]
        elif port.cable_id is not None or port.state == PortState.USED:
            errors[field] = [_("This port is already in use.")]
        elif port.state == PortState.RESERVED and port.reservation != reference:
            errors[field] = [_("This port is reserved for other work.")]
    if errors:
        raise DomainError(_("The cable cannot be laid on these ports."), fields=errors)
    cable = Cable(label=(label or "").strip(), cable_type=cable_type, length_m=length_m)
    cable.full_clean()
    cable.save()
    taken = Port.objects.filter(pk__in=ids, cable__isnull=True).exclude(state=PortState.USED)
    if taken.update(state=PortState.USED, cable=cable, reservation="", reserved_at=None) != 2:
        raise Conflict(_("One of the ports was taken in the meantime. Reload and try again."))
    names = " ↔ ".join(str(ports[pk]) for pk in ids)
    audit_record(actor=actor, action="cable.created", obj=cable, note=names)
    return cable


@transaction.atomic
@transaction.atomic
def cable_delete(*, actor: User, cable: Cable) -> None:
    """Remove a cable; its ports become free."""
    KEEPERS.require(actor)
    names = " ↔ ".join(str(p) for p in cable.ports.select_related("device"))
    Port.objects.filter(cable=cable).update(cable=None, state=PortState.FREE)
    audit_record(actor=actor, action="cable.deleted", obj=cable, note=names)
    cable.delete()


def _port_ids(ports: Iterable[Port | int | str]) -> list[int]:
    try:
        ids = sorted({p.pk if isinstance(p, Port) else int(p) for p in ports})
    except (TypeError, ValueError):
        raise DomainError(
            _("Name the ports by their numbers."), fields={"ports": [_("Not a list of ports.")]}
        ) from None
    if len(ids) > MAX_RESERVED_PORTS:
        raise DomainError(
            _("At most %(count)d ports.") % {"count": MAX_RESERVED_PORTS},
            fields={"ports": [_("Too many ports.")]},
        )
    return ids


@transaction.atomic
def ports_reserve(
    *,
    actor: User,
    reference: str,
    ports: Sequence[Port | int | str],
    location_id: int | None = None,
) -> list[Port]:
    """Make `ports` the ports reserved for `reference` (the work of a survey): those it held and
    no longer names are released, the new ones must be free (and at `location_id` when given).

    Two reservations of one port never both win: the rows are locked, and the state changes
    only where it is still free. Raises Conflict when a port is no longer free."""
    ids = _port_ids(ports)
    rows = {
        p.pk: p
        for p in Port.objects.select_for_update(of=("self",))
        .select_related("device")
        .filter(pk__in=ids)
    }
    missing = [pk for pk in ids if pk not in rows]
    if missing:
        raise DomainError(
            _("No such port: %(ports)s.") % {"ports": ", ".join(map(str, missing))},
            fields={"ports": [_("Unknown port.")]},
        )
    if location_id is not None and any(p.device.location_id != location_id for p in rows.values()):
        raise DomainError(
            _("Pick ports at the request's location."),
            fields={"ports": [_("A port at another place.")]},
        )
    new = [pk for pk in ids if rows[pk].reservation != reference]
    taken = [rows[pk] for pk in new if rows[pk].state != PortState.FREE]
    if taken:
        raise Conflict(
            _("These ports are no longer free: %(ports)s.")
            % {"ports": ", ".join(str(p) for p in taken)}
        )
    now = timezone.now()
    released = Port.objects.filter(reservation=reference, state=PortState.RESERVED).exclude(
        pk__in=ids
    )
    for port in released.select_related("device"):
        audit_record(actor=actor, action="port.released", obj=port, note=reference)
    released.update(
        state=PortState.FREE,
        reservation="",
        reserved_at=None,
        reserved_by=None,
        reservation_flagged_at=None,
    )
    won = Port.objects.filter(pk__in=new, state=PortState.FREE).update(
        state=PortState.RESERVED, reservation=reference, reserved_at=now, reserved_by=actor
    )
    if won != len(new):
        raise Conflict(_("A port was reserved by someone else in the meantime."))
    for pk in new:
        audit_record(actor=actor, action="port.reserved", obj=rows[pk], note=reference)
    return list(Port.objects.filter(reservation=reference).select_related("device"))


@transaction.atomic
def ports_release(*, actor: User | None, reference: str) -> int:
    """The work was cancelled or refused: the ports reserved for `reference` are free again."""
    held = Port.objects.select_for_update().filter(reservation=reference, state=PortState.RESERVED)
    ports = list(held.select_related("device"))
    for port in ports:
        audit_record(actor=actor, action="port.released", obj=port, note=reference)
    return Port.objects.filter(pk__in=[p.pk for p in ports]).update(
        state=PortState.FREE,
        reservation="",
        reserved_at=None,
        reserved_by=None,
        reservation_flagged_at=None,
    )


def _cable_pairs(ports: list[Port]) -> tuple[list[tuple[Port, Port]], list[Port]]:
    """Which reserved ports the work joins: each switch or gateway port to an outlet or panel
    port, in order; what is left two by two (an outlet to a panel's rear); a last odd one alone."""
    active = [p for p in ports if p.device.kind in ACTIVE_KINDS]
    passive = [p for p in ports if p.device.kind not in ACTIVE_KINDS]
    pairs = list(zip(active, passive, strict=False))
    rest = active[len(pairs) :] + passive[len(pairs) :]
    pairs += list(zip(rest[0::2], rest[1::2], strict=False))
    alone = rest[-1:] if len(rest) % 2 else []
    return pairs, alone


@transaction.atomic
def ports_commission(*, actor: User, reference: str, label: str) -> list[Cable]:
    """The work is done: the ports reserved for `reference` are used, joined by new cables
    (labelled `label`-1, -2 …; see `_cable_pairs`)."""
    ports = list(
        Port.objects.select_for_update(of=("self",))
        .select_related("device")
        .filter(reservation=reference, state=PortState.RESERVED)
        .order_by("pk")
    )
    pairs, alone = _cable_pairs(ports)
    cables = []
    for number, (a, b) in enumerate(pairs, start=1):
        cable = Cable.objects.create(label=f"{label}-{number}"[:100])
        Port.objects.filter(pk__in=(a.pk, b.pk)).update(
            state=PortState.USED,
            cable=cable,
            reservation="",
            reserved_at=None,
            reservation_flagged_at=None,
        )
        audit_record(actor=actor, action="cable.created", obj=cable, note=f"{a} ↔ {b}")
        cables.append(cable)
    for port in alone:
        Port.objects.filter(pk=port.pk).update(
            state=PortState.USED, reservation="", reserved_at=None, reservation_flagged_at=None
        )
        audit_record(actor=actor, action="port.used", obj=port, note=reference)
    return cables


def stale_reservations_flag(*, now: datetime | None = None) -> int:
    """Flag the reservations waiting for a decision longer than STALE_RESERVATION and tell the
    network administrators once per reservation. Returns how many ports were flagged."""
    now = now or timezone.now()
    stale = Port.objects.filter(
        state=PortState.RESERVED,
        reserved_at__lt=now - STALE_RESERVATION,
        reservation_flagged_at__isnull=True,
    ).select_related("device")
    flagged = 0
    admins = list(User.objects.filter(is_active=True, groups__name=Role.NETWORK_ADMIN).distinct())
    by_reference: dict[str, list[Port]] = {}
    for port in stale:
        by_reference.setdefault(port.reservation, []).append(port)
    for reference, ports in by_reference.items():
        with transaction.atomic():
            flagged += Port.objects.filter(
                pk__in=[p.pk for p in ports], reservation_flagged_at__isnull=True
            ).update(reservation_flagged_at=now)
            for port in ports:
                audit_record(actor=None, action="port.reservation_stale", obj=port, note=reference)
        notify(
            recipients=admins,
            kind="inventory.stale_reservation",
            title=_("Ports reserved for 30 days without a decision"),
            body=_("Ports %(ports)s are reserved for %(reference)s since %(since)s.")
            % {
                "ports": ", ".join(str(p) for p in ports),
                "reference": reference,
                "since": f"{timezone.localtime(ports[0].reserved_at):%d-%m-%Y}",
            },
            url=ports[0].device.get_absolute_url(),
            key=f"inventory:reservation:{reference}:{ports[0].reserved_at:%Y%m%d%H%M%S}:stale",
        )
    return flagged


def check_device(*, device: Device | None, organization_id: int, location_id: int | None) -> None:
    """A record naming `device` (a ticket, a request): the device is at one of the record's
    agency's places, and at its place when it names one."""
    if device is None:
        return
    if device.location.organization_id != organization_id or (
        location_id is not None and device.location_id != location_id
    ):
        raise DomainError(
            _("The device is not at this place."),
            fields={"device": [_("Choose a device at the record's place.")]},
        )
