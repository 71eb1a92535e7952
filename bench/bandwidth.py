"""Latency of the bandwidth distribution's editor page and its RouterOS export for a contract
with ~500 queues (50 groups of 9), beside the floors: /ping and a trivial signed-in page.

In-process (Django's test client, DEBUG off) against the database the settings point to; run
`manage.py seed_demo` first. The benchmark adds (once) its own contract `BENCH/BANDWIDTH/<n>`
with one version of `--queues` queues, written directly (as a version the services made).

    .venv/bin/python bench/bandwidth.py --rounds 30
    .venv/bin/python bench/bandwidth.py --queues 1000

See bench/README.md. Not part of the test suite."""

from __future__ import annotations

import argparse
from datetime import date

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from inprocess import floors, run_benchmark, signed_in_client

from silajar.bandwidth.models import Allocation, DistributionVersion
from silajar.contracts.models import Contract
from silajar.providers.models import Provider

CHILDREN = 9


def bench_contract(queues: int) -> Contract:
    """The benchmark's contract with one version of `queues` queues (made once)."""
    number = f"BENCH/BANDWIDTH/{queues}"
    contract = Contract.objects.filter(number=number).first()
    if contract is not None:
        return contract
    groups = max(1, queues // (CHILDREN + 1))
    year = timezone.localdate().year
    contract = Contract.objects.create(
        provider=Provider.objects.order_by("pk").first(),
        number=number,
        fiscal_year=year,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        capacity_mbps=groups * 100,
        monthly_fee=1,
        availability_target="99.5",
        max_response_minutes=30,
        max_restoration_minutes=240,
        restitution_method="proportional",
        restitution_cap_percent="30",
    )
    version = DistributionVersion.objects.create(
        contract=contract, number=1, is_current=True, note="bench"
    )
    rows, key = [], 0
    for group in range(groups):
        key += 1
        parent = key
        rows.append(
            Allocation(
                version=version,
                key=parent,
                consumer=f"Kelompok {group + 1}",
                kind="group",
                cir_mbps=90,
                mir_mbps=100,
                priority=2,
            )  # fmt: skip
        )
        for child in range(CHILDREN):
            key += 1
            rows.append(
                Allocation(
                    version=version,
                    key=key,
                    parent_key=parent,
                    consumer=f'Dinas {group + 1}.{child + 1} "Uji" é',
                    kind="agency",
                    cir_mbps=10,
                    mir_mbps=50,
                    priority=4,
                    target=f"10.{group // 200}.{group % 200}.{child * 16}/28",
                )  # fmt: skip
            )
    Allocation.objects.bulk_create(rows)
    return contract


def scenarios(client: Client, contract: Contract) -> dict:
    page = reverse("bandwidth:distribution", args=[contract.pk])
    rsc = reverse("bandwidth:export", args=[contract.pk, "rsc"])
    api = f"/api/v1/contracts/{contract.pk}/allocations.rsc"
    return {
        **floors(client),
        "distribution editor (page)": lambda: client.get(page, secure=True),
        "RouterOS export (page)": lambda: client.get(rsc, secure=True),
        "RouterOS export (API)": lambda: client.get(api, secure=True),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="measured requests per scenario")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queues", type=int, default=500)
    parser.add_argument("--user", default="admin", help="who signs in (reads distributions)")
    parser.add_argument("--json", help="write the figures here too")
    args = parser.parse_args()
    contract = bench_contract(args.queues)
    client, _user = signed_in_client(args.user)
    count = Allocation.objects.filter(version__contract=contract, version__is_current=True).count()
    run_benchmark(
        lambda rng: scenarios(client, contract),
        rounds=args.rounds,
        warmup=args.warmup,
        seed=args.seed,
        heading=f"a distribution of {count} queues",
        json_path=args.json,
    )


if __name__ == "__main__":
    main()
