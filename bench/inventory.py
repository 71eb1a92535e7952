"""Latency of the network inventory's pages at the province's scale: the device list (first
page and a search), a place's network, a switch's page with its 48 ports, an outlet's trace,
and the API's capacity and trace, beside the floors: /ping and a trivial signed-in page.

In-process (Django's test client, DEBUG off) against the database the settings point to; run
`manage.py seed_demo` first. The benchmark adds (once) `--places` places of its own agency, each
with a gateway, two 48-port switches, a 24-position patch panel and 24 outlets cabled
outlet → panel → switch (about 170 ports a place), written directly.

    .venv/bin/python bench/inventory.py --rounds 30
    .venv/bin/python bench/inventory.py --places 400

See bench/README.md. Not part of the test suite."""

from __future__ import annotations

import argparse

from django.test import Client
from django.urls import reverse
from inprocess import floors, run_benchmark, signed_in_client

from silajar.inventory.models import Cable, Device, Port
from silajar.organizations.models import Location, Organization

OUTLETS = 24


def _place(organization: Organization, n: int) -> Location:
    location = Location.objects.create(
        organization=organization, building="Gedung Uji", floor=str(n % 9 + 1), room=f"R{n}"
    )
    prefix = f"BENCH{n:04d}"
    gateway = Device.objects.create(location=location, kind="router", name=f"{prefix}-GW")
    switches = [
        Device.objects.create(location=location, kind="access_switch", name=f"{prefix}-SW{s}")
        for s in (1, 2)
    ]
    panel = Device.objects.create(location=location, kind="patch_panel", name=f"{prefix}-PP")
    outlets = Device.objects.bulk_create(
        Device(location=location, kind="wall_outlet", name=f"{prefix}-OUT-{o:02d}")
        for o in range(1, OUTLETS + 1)
    )
    Port.objects.create(device=gateway, name="LAN1")
    switch_ports = Port.objects.bulk_create(
        Port(device=switch, name=f"Gi0/{p}", speed_mbps=1000)
        for switch in switches
        for p in range(1, 49)
    )
    fronts = Port.objects.bulk_create(
        Port(device=panel, name=f"{p}F", position=p, side="front") for p in range(1, OUTLETS + 1)
    )
    rears = Port.objects.bulk_create(
        Port(device=panel, name=f"{p}R", position=p, side="rear") for p in range(1, OUTLETS + 1)
    )
    outlet_ports = Port.objects.bulk_create(Port(device=o, name="A") for o in outlets)
    for i in range(OUTLETS):
        for a, b, label in (
            (outlet_ports[i], rears[i], f"{prefix}-C{i}"),
            (fronts[i], switch_ports[i], f"{prefix}-P{i}"),
        ):
            cable = Cable.objects.create(label=label)
            Port.objects.filter(pk__in=[a.pk, b.pk]).update(cable=cable, state="used")
    return location


def bench_places(count: int) -> list[Location]:
    """The benchmark's places (made once)."""
    organization, _made = Organization.objects.get_or_create(
        short_name="BENCH-INV", defaults={"name": "Dinas Uji Inventaris", "kind": "dinas"}
    )
    places = list(Location.objects.filter(organization=organization).order_by("pk"))
    for n in range(len(places), count):
        places.append(_place(organization, n))
    return places[:count]


def scenarios(client: Client, place: Location) -> dict:
    switch = Device.objects.get(location=place, name__endswith="-SW1")
    outlet = Port.objects.filter(device__location=place, device__kind="wall_outlet").first()
    if outlet is None:
        raise SystemExit("the place has no outlet: remove the BENCH-INV agency and run again")
    return {
        **floors(client),
        "device list (page 1)": lambda: client.get(reverse("inventory:device_list"), secure=True),
        "device list (search)": lambda: client.get(
            reverse("inventory:device_list"), {"q": switch.name}, secure=True
        ),
        "place's network (page)": lambda: client.get(
            reverse("inventory:location_network", args=[place.pk]), secure=True
        ),
        "switch with 48 ports (page)": lambda: client.get(
            reverse("inventory:device_detail", args=[switch.pk]), secure=True
        ),
        "outlet's trace (page)": lambda: client.get(
            reverse("inventory:port_trace", args=[outlet.pk]), secure=True
        ),
        "outlet's trace (API)": lambda: client.get(
            f"/api/v1/ports/{outlet.pk}/trace/", secure=True
        ),
        "place's capacity (API)": lambda: client.get(
            f"/api/v1/locations/{place.pk}/capacity/", secure=True
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="measured requests per scenario")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--places", type=int, default=200)
    parser.add_argument("--user", default="admin", help="who signs in (sees every place)")
    parser.add_argument("--json", help="write the figures here too")
    args = parser.parse_args()
    places = bench_places(args.places)
    client, _user = signed_in_client(args.user)
    run_benchmark(
        lambda rng: scenarios(client, places[len(places) // 2]),
        rounds=args.rounds,
        warmup=args.warmup,
        seed=args.seed,
        heading=f"{Device.objects.count()} devices, {Port.objects.count()} ports",
        json_path=args.json,
    )


if __name__ == "__main__":
    main()
