"""Factories of the network inventory: devices with ports, cables, a small building."""

import factory

from silajar.inventory.models import Cable, Device, Port
from silajar.organizations.tests.factories import LocationFactory


class DeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Device

    location = factory.SubFactory(LocationFactory)
    kind = "access_switch"
    name = factory.Sequence(lambda n: f"SW-UJI-{n:03d}")
    model = "Switch 24 port"


class PortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Port

    device = factory.SubFactory(DeviceFactory)
    name = factory.Sequence(lambda n: f"Gi0/{n}")


def cable(a: Port, b: Port, label: str = "") -> Cable:
    """A cable between two ports, as the service lays it (without the audit)."""
    laid = Cable.objects.create(label=label)
    Port.objects.filter(pk__in=(a.pk, b.pk)).update(cable=laid, state="used")
    return laid


def building(location=None, *, prefix: str = "B") -> dict:
    """A room's outlet cabled to a patch panel's rear; the panel's front patched to a switch
    port; the switch uplinked to the gateway. Spare: 3 free switch ports, 1 free position."""
    location = location or LocationFactory()
    gateway = DeviceFactory(location=location, kind="router", name=f"{prefix}-GW")
    switch = DeviceFactory(location=location, kind="access_switch", name=f"{prefix}-SW")
    panel = DeviceFactory(location=location, kind="patch_panel", name=f"{prefix}-PP")
    outlet = DeviceFactory(location=location, kind="wall_outlet", name=f"{prefix}-OUT-101")
    gw_port = PortFactory(device=gateway, name="LAN1")
    uplink = PortFactory(device=switch, name="Gi0/24")
    switch_ports = [PortFactory(device=switch, name=f"Gi0/{n}") for n in range(1, 5)]
    positions = {
        n: (
            PortFactory(device=panel, name=f"{n}F", position=n, side="front"),
            PortFactory(device=panel, name=f"{n}R", position=n, side="rear"),
        )
        for n in (1, 2)
    }
    outlet_port = PortFactory(device=outlet, name="A")
    front, rear = positions[1]
    net = {
        "location": location,
        "gateway": gateway,
        "switch": switch,
        "panel": panel,
        "outlet": outlet,
        "outlet_port": outlet_port,
        "rear": rear,
        "front": front,
        "switch_port": switch_ports[0],
        "free_switch_ports": switch_ports[1:],
        "free_position": positions[2],
        "gw_port": gw_port,
        "uplink": uplink,
        "drop": cable(outlet_port, rear, f"{prefix}-C101"),
        "patch": cable(front, switch_ports[0], f"{prefix}-P1"),
        "up": cable(uplink, gw_port, f"{prefix}-UP"),
    }
    for value in net.values():
        if isinstance(value, Port):
            value.refresh_from_db()
    return net
