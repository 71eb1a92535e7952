"""The status board at 1,000 targets (issue 12): `--links` links (333) of three providers, each
with its CPE (inside), an address beyond the provider and its site's gateway, a minute of
probes per target for the last hour (the sparklines), monitor runs over 90 days and a few
outages (the day bars); then the board's page and its HTMX poll beside the floors (/ping and
the profile page), in-process as bench/pages.py measures, and the size of each answer.

Measured as the network administrator: the board's first page (with the day bars), its poll
(the fragment every 10 s), the poll that finds nothing changed (its time only), the poll of
page 5, the poll filtered by provider and by state (down), and, for comparison, the poll with
every group on one page (as the board answered before it paged).

    .venv/bin/python bench/monitoring_board.py                 # scratch SQLite
    .venv/bin/python bench/monitoring_board.py --database-url postgres://postgres@127.0.0.1/silajar_board

A PostgreSQL database named here is dropped and created again. See bench/README.md. Not part
of the test suite."""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from datetime import timedelta
from pathlib import Path


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="sqlite", help="sqlite (scratch) or postgres")
    parser.add_argument(
        "--var-dir", default=str(Path(tempfile.gettempdir()) / "silajar-bench-board")
    )
    parser.add_argument("--links", type=int, default=333, help="three targets each")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--seed", type=int, default=12)
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
from django.utils import timezone  # noqa: E402
from inprocess import floors, run_benchmark, signed_in_client  # noqa: E402  (sets Django up)

from silajar.monitoring import board  # noqa: E402
from silajar.monitoring.models import MonitorRun, ProbeMinute, Target  # noqa: E402
from silajar.organizations.models import Location, Organization  # noqa: E402
from silajar.providers.models import Link, Outage, Provider  # noqa: E402


def generate(rng: random.Random) -> list[Provider]:
    """The links, their targets, the last hour of probes, the runs and a few outages."""
    now = timezone.now()
    agencies = list(Organization.objects.order_by("pk"))
    places = {a.pk: Location.objects.filter(organization=a).first() for a in agencies}
    providers = Provider.objects.bulk_create(
        Provider(name=f"PT Penyedia Papan {n}", short_name=f"PP{n}") for n in range(3)
    )
    links = Link.objects.bulk_create(
        Link(
            provider=providers[n % 3],
            circuit_id=f"BOARD-{n:04d}",
            kind="dedicated",
            bandwidth_down_mbps=100,
            bandwidth_up_mbps=100,
            organization=agencies[n % len(agencies)],
            location=places[agencies[n % len(agencies)].pk],
            status="active",
        )
        for n in range(ARGS.links)
    )
    common = {"kind": "tcp", "port": 443, "interval_seconds": 60, "timeout_seconds": 5}
    targets = []
    for n, link in enumerate(links):
        for role, host in (("provider", "10.1"), ("upstream", "8.8"), ("gateway", "10.2")):
            down = role == "provider" and n % 50 == 0
            targets.append(
                Target(
                    name=f"{role} {link.circuit_id}",
                    host=f"{host}.{n // 250}.{n % 250}",
                    role=role,
                    link=link,
                    location=link.location,
                    state="down" if down else "up",
                    state_since=now - timedelta(hours=rng.randint(1, 500)),
                    last_error="connection refused" if down else "",
                    **common,
                )
            )
    targets = Target.objects.bulk_create(targets, batch_size=500)
    Target.objects.update(created_at=now - timedelta(days=100))
    minute = now.replace(second=0, microsecond=0)
    ProbeMinute.objects.bulk_create(
        (
            ProbeMinute(
                target=target,
                minute=minute - timedelta(minutes=back),
                probes=[[7, round(rng.uniform(2, 40), 2)]],
            )
            for target in targets
            for back in range(1, 61)
        ),
        batch_size=2000,
    )
    MonitorRun.objects.bulk_create(
        MonitorRun(
            started_at=now - timedelta(days=90 - 9 * n),
            beat_at=now - timedelta(days=90 - 9 * n - 8),
            ended_at=now - timedelta(days=90 - 9 * n - 8),
        )
        for n in range(10)
    )
    MonitorRun.objects.create(started_at=now - timedelta(days=1), beat_at=now)
    starts = [
        (link, now - timedelta(days=rng.randint(1, 89), hours=rng.randint(0, 23)))
        for link in links
        for _ in range(3)
    ]
    Outage.objects.bulk_create(
        Outage(
            link=link,
            started_at=start,
            ended_at=start + timedelta(minutes=rng.randint(5, 300)),
            source="monitoring",
            exclusion=rng.choice(["", "", "customer_side"]),
        )
        for link, start in starts
    )
    return providers


def main() -> None:
    rng = random.Random(ARGS.seed)  # noqa: S311 — benchmark data
    call_command("migrate", verbosity=0)
    call_command("seed_demo", force=True, tickets=0, verbosity=0)
    providers = generate(rng)
    total = Target.objects.count()
    print(f"{total} targets on {Link.objects.count()} links", flush=True)
    client, user = signed_in_client("network_admin")
    poll = {"HTTP_HX_REQUEST": "true"}

    def get(query: dict, **headers):
        return lambda: client.get("/monitoring/", query, secure=True, **headers)

    def one_page(**headers):
        """The poll with every group on one page, as the board answered before it paged."""

        def call():
            before, board.BOARD_PAGE_SIZE = board.BOARD_PAGE_SIZE, 100_000
            try:
                return client.get("/monitoring/", secure=True, **headers)
            finally:
                board.BOARD_PAGE_SIZE = before

        return call

    seen: dict[str, str] = {}

    def unchanged():
        """The poll of page 1 when nothing changed since it was drawn (the token of the
        minute, computed once a minute outside the timed part as far as possible)."""
        now = timezone.now()
        minute = f"{now:%H%M}"
        if minute not in seen:
            seen.clear()
            seen[minute] = board.board_seen(user=user, filters={}, now=now)
        return client.get("/monitoring/", {"page": 1, "seen": seen[minute]}, secure=True, **poll)

    cases = {
        **floors(client),
        "board: page 1 with day bars": get({}),
        "board poll: page 1": get({}, **poll),
        "board poll: nothing changed": unchanged,
        "board poll: page 5": get({"page": 5}, **poll),
        "board poll: one provider": get({"provider": providers[0].pk}, **poll),
        "board poll: state down": get({"state": "down"}, **poll),
        "board poll: every group on one page": one_page(**poll),
        "status API (every target)": lambda: client.get("/api/v1/monitoring/status/", secure=True),
    }

    def sized(_rng) -> dict:
        """The cases, once each size printed (inside the benchmark's settings)."""
        print("answer sizes:")
        for name, call in cases.items():
            response = call()
            print(f"  {name:<40} {len(response.content) / 1024:>8.1f} KiB  {response.status_code}")
        return cases

    run_benchmark(
        sized,
        rounds=ARGS.rounds,
        warmup=ARGS.warmup,
        seed=ARGS.seed,
        heading=f"the status board, {total} targets",
        json_path=None,
    )


if __name__ == "__main__":
    sys.exit(main())
