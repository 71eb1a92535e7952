"""A year of monthly SLA reports (issue 11): `--links` links (200) under `--contracts`
contracts (10), `--outages` outages (20) per link and month, two incidents per link and month
and a weekly maintenance window, generated with bulk_create in a scratch database; then

* every contract-month of the year through `contracts.report.sla_report`, timed, beside the
  same count of plain SELECTs of the outage table (each contract-month's outages, raw SQL,
  fetched) in the same run — goal: within 2×; twice: the first year computes every link-month
  and keeps it (`contracts.sla_store`, ADR 0007), the second reads the kept months back, as
  every report of a month that is over does after the first (as the API: the figures; and
  again with each link's bar, as the page);
* the SLA page (and its API, PDF and XLSX) of one contract beside the floors (/ping and the
  profile page), in-process as bench/pages.py measures.

    .venv/bin/python bench/sla.py                      # scratch SQLite in /tmp/silajar-bench-sla
    .venv/bin/python bench/sla.py --database-url postgres://postgres@127.0.0.1/silajar_sla

A PostgreSQL database named here is dropped and created again. See bench/README.md. Not part
of the test suite."""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="sqlite", help="sqlite (scratch) or postgres")
    parser.add_argument("--var-dir", default=str(Path(tempfile.gettempdir()) / "silajar-bench-sla"))
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--contracts", type=int, default=10)
    parser.add_argument("--links", type=int, default=200)
    parser.add_argument("--outages", type=int, default=20, help="per link and month")
    parser.add_argument("--rounds", type=int, default=40, help="page requests per scenario")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--seed", type=int, default=11)
    return parser.parse_args()


ARGS = _arguments()
VAR = Path(ARGS.var_dir)
if ARGS.database_url == "sqlite":
    shutil.rmtree(VAR, ignore_errors=True)
    VAR.mkdir(parents=True)
    os.environ["DATABASE_URL"] = ""
else:
    from common import recreate_postgres_database

    recreate_postgres_database(ARGS.database_url)
    os.environ["DATABASE_URL"] = ARGS.database_url
os.environ["SILAJAR_VAR_DIR"] = str(VAR)

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from inprocess import floors, run_benchmark, signed_in_client  # noqa: E402  (sets Django up)

from silajar.contracts import sla  # noqa: E402
from silajar.contracts.models import Contract, LinkMonthResult  # noqa: E402
from silajar.contracts.report import sla_report  # noqa: E402
from silajar.organizations.models import Organization  # noqa: E402
from silajar.providers.models import (  # noqa: E402
    Link,
    MaintenanceWindow,
    Outage,
    Provider,
    ProviderIncident,
)

WIB = sla.WIB


def generate(rng: random.Random) -> list[Contract]:
    """The providers, contracts, links, outages, incidents and a weekly window of a year."""
    year, per_contract = ARGS.year, ARGS.links // ARGS.contracts
    organizations = list(Organization.objects.order_by("pk"))
    providers = Provider.objects.bulk_create(
        Provider(name=f"PT Penyedia Bench {n}", short_name=f"PB{n}") for n in range(3)
    )
    contracts = Contract.objects.bulk_create(
        Contract(
            provider=providers[n % len(providers)],
            number=f"BENCH/{n}/{year}",
            fiscal_year=year,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            capacity_mbps=1000,
            monthly_fee=per_contract * 15_000_000,
            availability_target=Decimal("99.5"),
            min_outage_seconds=300,
            max_response_minutes=30,
            max_restoration_minutes=240,
            restitution_method="bands" if n % 2 == 0 else "proportional",
            restitution_bands=[
                {"below_percent": "99.5", "credit_percent": "5"},
                {"below_percent": "99.0", "credit_percent": "10"},
                {"below_percent": "95.0", "credit_percent": "25"},
            ]
            if n % 2 == 0
            else [],
            restitution_cap_percent=Decimal("20"),
        )
        for n in range(ARGS.contracts)
    )
    links = Link.objects.bulk_create(
        Link(
            provider=contract.provider,
            contract=contract,
            circuit_id=f"BENCH-{c:02d}-{n:04d}",
            kind="dedicated",
            bandwidth_down_mbps=100,
            bandwidth_up_mbps=100,
            organization=organizations[(c * per_contract + n) % len(organizations)],
            monthly_fee=15_000_000,
            status="active",
            active_from=date(year - 1, 6, 1),
        )
        for c, contract in enumerate(contracts)
        for n in range(per_contract)
    )
    outages, incidents = [], []
    for month in range(1, 13):
        start, end = sla.month_range(year, month)
        seconds = int((end - start).total_seconds())
        for link in links:
            for _ in range(ARGS.outages):
                at = start + timedelta(seconds=rng.randrange(seconds))
                outages.append(
                    Outage(
                        link=link,
                        started_at=at,
                        ended_at=at + timedelta(seconds=rng.randrange(60, 4 * 3600)),
                        source="monitoring",
                        exclusion=rng.choice(["", "", "", "", "force_majeure"]),
                    )
                )
            for _ in range(2):
                at = start + timedelta(seconds=rng.randrange(seconds - 86400))
                incidents.append(
                    (
                        link,
                        ProviderIncident(
                            number=f"GI-B-{len(incidents):06d}",
                            provider_id=link.provider_id,
                            state="closed",
                            source="monitoring",
                            started_at=at,
                            reported_at=at + timedelta(minutes=5),
                            acknowledged_at=at + timedelta(minutes=rng.randrange(5, 60)),
                            restored_at=at + timedelta(minutes=rng.randrange(30, 600)),
                        ),
                    )
                )
    Outage.objects.bulk_create(outages, batch_size=5000)
    created = ProviderIncident.objects.bulk_create([i for _, i in incidents], batch_size=5000)
    ProviderIncident.links.through.objects.bulk_create(
        [
            ProviderIncident.links.through(providerincident_id=i.pk, link_id=link.pk)
            for (link, _), i in zip(incidents, created, strict=True)
        ],
        batch_size=5000,
    )
    for provider in providers:
        MaintenanceWindow.objects.create(
            provider=provider,
            starts_at=datetime(year - 1, 12, 2, 22, tzinfo=WIB),
            ends_at=datetime(year - 1, 12, 3, 0, tzinfo=WIB),
            announced_at=datetime(year - 1, 11, 1, tzinfo=WIB),
            weekly=True,
        )
    return contracts


def plain_select(contract: Contract, month: int) -> int:
    """The contract-month's outages, a plain SELECT of the outage table, fetched."""
    start, end = sla.month_range(ARGS.year, month)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT o.id, o.link_id, o.started_at, o.ended_at, o.exclusion "
            "FROM providers_outage o JOIN providers_link l ON l.id = o.link_id "
            "WHERE l.contract_id = %s AND o.started_at < %s "
            "AND (o.ended_at IS NULL OR o.ended_at > %s)",
            [contract.pk, end, start],
        )
        return len(cursor.fetchall())


def year_of_reports(contracts: list[Contract], heading: str, **options) -> None:
    """Every contract-month of the year, report beside plain SELECT, interleaved: wall time
    and this thread's CPU time (steadier on a busy machine; PostgreSQL's own work is not in
    it, SQLite's is)."""
    report_ms, select_ms, report_cpu, select_cpu, rows, links = [], [], [], [], 0, 0
    for month in range(1, 13):
        for contract in contracts:
            started, cpu = time.perf_counter(), time.thread_time()
            report = sla_report(contract=contract, year=ARGS.year, month=month, **options)
            report_ms.append((time.perf_counter() - started) * 1000)
            report_cpu.append((time.thread_time() - cpu) * 1000)
            links += len(report.links)
            started, cpu = time.perf_counter(), time.thread_time()
            rows += plain_select(contract, month)
            select_ms.append((time.perf_counter() - started) * 1000)
            select_cpu.append((time.thread_time() - cpu) * 1000)
    n = len(report_ms)
    print(
        f"\n{heading}: {n} contract-months ({links} link-months, {rows:,} outage rows in the "
        f"months); database {connection.vendor}"
    )
    print(f"{'':<34}{'p50 ms':>9}{'mean ms':>9}{'year s':>9}{'CPU ms':>9}")
    passes = (
        ("SLA report per contract-month", report_ms, report_cpu),
        ("plain SELECT of its outages", select_ms, select_cpu),
    )
    for name, values, cpu_values in passes:
        print(
            f"{name:<34}{statistics.median(values):>9.2f}{statistics.fmean(values):>9.2f}"
            f"{sum(values) / 1000:>9.2f}{statistics.fmean(cpu_values):>9.2f}"
        )
    print(
        f"ratio (year): {sum(report_ms) / sum(select_ms):.2f}× (goal: within 2×); "
        f"CPU {sum(report_cpu) / sum(select_cpu):.2f}×\n"
    )


def main() -> None:
    rng = random.Random(ARGS.seed)  # noqa: S311 — benchmark data
    call_command("migrate", verbosity=0)
    call_command("seed_demo", force=True, tickets=0, verbosity=0)
    started = time.perf_counter()
    contracts = generate(rng)
    print(
        f"generated {Outage.objects.count():,} outages, {ProviderIncident.objects.count():,} "
        f"incidents, {Link.objects.count()} links in {time.perf_counter() - started:.1f} s"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    kept = LinkMonthResult.objects.count
    year_of_reports(contracts, "first year of reports: every link-month computed and kept")
    print(f"link-months kept: {kept():,}")
    year_of_reports(contracts, "the year again: the kept link-months read back (as the API)")
    year_of_reports(contracts, "and with each link's bar (as the page)", with_bars=True)
    client, _user = signed_in_client("helpdesk")
    contract, month = contracts[0], f"{ARGS.year}-06"
    links = Link.objects.filter(contract=contract).count()

    def get(path: str):
        return lambda: client.get(path, {"month": month}, secure=True)

    run_benchmark(
        lambda _rng: {
            **floors(client),
            f"SLA page ({links} links)": get(f"/contracts/{contract.pk}/sla/"),
            "SLA API": get(f"/api/v1/contracts/{contract.pk}/sla/"),
            "SLA XLSX": get(f"/contracts/{contract.pk}/sla/xlsx/"),
            "SLA PDF": get(f"/contracts/{contract.pk}/sla/pdf/"),
        },
        rounds=ARGS.rounds,
        warmup=ARGS.warmup,
        seed=ARGS.seed,
        heading=f"one contract-month of {links} links",
        json_path=None,
    )


if __name__ == "__main__":
    sys.exit(main())
