"""Demo network: the main building of several demo agencies with its gateway and provider
ONT, a core switch, a patch panel, wall outlets and access points, cabled outlet → panel →
switch → gateway, with free switch ports and panel positions left for new work.
Idempotent: an agency whose gateway exists is left as it is."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction

from silajar.accounts.models import User
from silajar.inventory import services
from silajar.inventory.models import Device, Port
from silajar.organizations.models import Location

AGENCIES = ("DISKOMINFO", "DINKES", "SETDA", "DISHUB")
SWITCH_PORTS = 24
PANEL_POSITIONS = 12
OUTLETS = 6  # four patched through to the switch, one cabled to the panel only, one spare
ACCESS_POINTS = 2


def _device(actor: User, location: Location, name: str, kind: str, **fields: Any) -> Device:
    data = {"location": location, "name": name, "kind": kind, "installed_on": date(2025, 3, 1)}
    return services.DEVICES.create(actor=actor, data={**data, **fields})


def _port(device: Device, name: str) -> Port:
    return device.ports.get(name=name)


def _building(actor: User, location: Location, short: str, octet: int) -> int:
    """One agency's network; returns how many devices it has."""
    ont = _device(actor, location, f"{short}-ONT", "provider_ont", model="Huawei HG8245H")
    gateway = _device(
        actor,
        location,
        f"{short}-GW",
        "router",
        model="MikroTik RB4011",
        management_address=f"10.{octet}.0.1",
    )
    switch = _device(
        actor,
        location,
        f"{short}-SW-CORE",
        "core_switch",
        model="Cisco C1000-24T",
        management_address=f"10.{octet}.0.2",
    )
    panel = _device(actor, location, f"{short}-PP-1", "patch_panel", model="Cat6 24 port")
    services.ports_add(actor=actor, device=ont, count=1, prefix="LAN", speed_mbps=1000)
    services.ports_add(actor=actor, device=gateway, count=2, prefix="ether", speed_mbps=1000)
    services.ports_add(
        actor=actor, device=switch, count=SWITCH_PORTS, prefix="Gi0/", speed_mbps=1000, vlan=10
    )
    services.ports_add(actor=actor, device=panel, count=PANEL_POSITIONS)
    services.cable_create(
        actor=actor,
        a_port=_port(ont, "LAN1"),
        b_port=_port(gateway, "ether1"),
        label=f"{short}-WAN",
    )
    services.cable_create(
        actor=actor,
        a_port=_port(gateway, "ether2"),
        b_port=_port(switch, f"Gi0/{SWITCH_PORTS}"),
        label=f"{short}-UPLINK",
    )
    for number in range(1, OUTLETS + 1):
        outlet = _device(actor, location, f"{short}-OUT-{number:02d}", "wall_outlet")
        services.ports_add(actor=actor, device=outlet, count=1, prefix="A")
        if number == OUTLETS:
            continue  # not cabled yet
        services.cable_create(
            actor=actor,
            a_port=_port(outlet, "A1"),
            b_port=_port(panel, f"{number}R"),
            label=f"{short}-H{number:02d}",
            length_m=12 + 3 * number,
        )
        if number < OUTLETS - 1:
            services.cable_create(
                actor=actor,
                a_port=_port(panel, f"{number}F"),
                b_port=_port(switch, f"Gi0/{number}"),
                label=f"{short}-P{number:02d}",
                length_m=1,
            )
    for number in range(1, ACCESS_POINTS + 1):
        ap = _device(
            actor,
            location,
            f"{short}-AP-{number}",
            "access_point",
            model="Ubiquiti U6 Lite",
            management_address=f"10.{octet}.0.{10 + number}",
        )
        services.ports_add(actor=actor, device=ap, count=1, prefix="eth", speed_mbps=1000)
        services.cable_create(
            actor=actor,
            a_port=_port(ap, "eth1"),
            b_port=_port(switch, f"Gi0/{OUTLETS + number}"),
            label=f"{short}-AP{number}",
        )
    return 4 + OUTLETS + ACCESS_POINTS


def seed(*, actor: User, password: str, options: Mapping[str, Any]) -> str | None:
    """The network of the demo agencies' main building, where it is missing."""
    added = 0
    for octet, short in enumerate(AGENCIES, start=10):
        if Device.objects.filter(name=f"{short}-GW").exists():
            continue
        location = (
            Location.objects.filter(organization__short_name=short, is_active=True)
            .order_by("pk")
            .first()
        )
        if location is None:
            continue
        with transaction.atomic():
            added += _building(actor, location, short, octet)
    return f"Demo network: {added} devices added."
