"""In-process page benchmarks: Django's test client, DEBUG off, scenarios interleaved round-robin
and each measured beside two floors of the same run: the bare signed-in response (/ping: the
middleware stack and nothing else) and a trivial signed-in page (the profile: the layout and a
small form).

Import this module before anything of Django: it sets the environment and calls setup()."""

from __future__ import annotations

import json
import os
import random
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "silajar.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("EMAIL_URL", "consolemail://")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from common import percentile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from silajar.accounts.models import User  # noqa: E402

BARE = "floor: bare signed-in (/ping)"
PAGE = "floor: trivial page (profile)"
# a third reference where a benchmark measures it: the health check, no session and no layout
HEALTH = "health check (/healthz, no layout)"
PLAIN_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def signed_in_client(username: str) -> tuple[Client, User]:
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user, backend="silajar.accounts.backends.UsernameOrEmailBackend")
    return client, user


def floors(client: Client) -> dict[str, Callable]:
    """The two floors every page is measured against."""
    return {
        BARE: lambda: client.get(reverse("ping"), secure=True),
        PAGE: lambda: client.get(reverse("accounts:profile"), secure=True),
    }


def measure(cases: dict[str, Callable], *, rounds: int, warmup: int, rng: random.Random,
            counted: dict[str, Callable], cpu_clock: Callable[[], float]) -> dict:  # fmt: skip
    """Run every scenario `warmup + rounds` times in shuffled rounds: p50/p95 of the measured
    wall time, p50 of the CPU time `cpu_clock` counts (steadier on a busy machine: waiting for
    a core is not counted), then the queries of one more request of `counted` (the same
    scenarios, in this process)."""
    timings: dict[str, list[float]] = {name: [] for name in cases}
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    statuses: dict[str, set] = {name: set() for name in cases}
    for round_no in range(warmup + rounds):
        order = list(cases.items())
        rng.shuffle(order)
        for name, call in order:
            started, started_cpu = time.perf_counter(), cpu_clock()
            response = call()
            elapsed_cpu = (cpu_clock() - started_cpu) * 1000
            elapsed = (time.perf_counter() - started) * 1000
            statuses[name].add(response.status_code)
            if round_no >= warmup:
                timings[name].append(elapsed)
                cpu[name].append(elapsed_cpu)
    queries = {}
    for name, call in counted.items():
        call()  # what is read once per account and process is read by now
        with CaptureQueriesContext(connection) as captured:
            call()
        queries[name] = len(captured.captured_queries)
    return {
        name: {
            "p50": statistics.median(values),
            "p95": percentile(values, 0.95),
            "cpu_p50": statistics.median(cpu[name]),
            "queries": queries[name],
            "n": len(values),
            "status": sorted(statuses[name]),
        }
        for name, values in timings.items()
    }


def run_benchmark(build: Callable[[random.Random], dict], *, rounds: int, warmup: int, seed: int,
                  heading: str, json_path: str | None, in_process: Callable[[], dict] | None = None,
                  cpu_clock: Callable[[], float] = time.thread_time) -> None:  # fmt: skip
    """Build the scenarios, measure them, print the table against both floors; exit 1 on
    errors. CPU time is this thread's, unless `cpu_clock` counts another's (a server's). With
    `in_process` (the same scenarios in this process), the measured ones went to a server:
    their queries are counted on these."""
    rng = random.Random(seed)  # noqa: S311 — benchmark sampling
    with override_settings(ALLOWED_HOSTS=["*"], STORAGES=PLAIN_STATIC, DEBUG=False):
        cases = build(rng)
        counted = in_process() if in_process else cases
        results = measure(
            cases, rounds=rounds, warmup=warmup, rng=rng, counted=counted, cpu_clock=cpu_clock
        )
    bare, page, health = results[BARE], results[PAGE], results.get(HEALTH)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}, {heading}; "
          f"{rounds} rounds; ×bare, ×page, ×health: p50 against the floors")  # fmt: skip
    print(f"{'scenario':<38}{'p50 ms':>8}{'p95 ms':>8}{'×bare':>7}{'×page':>7}"
          f"{'CPU ms':>8}{'×bare':>7}" + (f"{'×health':>8}" if health else "")
          + f"{'queries':>9}  status")  # fmt: skip
    for name, r in results.items():
        print(
            f"{name:<38}{r['p50']:>8.1f}{r['p95']:>8.1f}"
            f"{r['p50'] / bare['p50']:>7.2f}{r['p50'] / page['p50']:>7.2f}"
            f"{r['cpu_p50']:>8.1f}{r['cpu_p50'] / bare['cpu_p50']:>7.2f}"
            + (f"{r['cpu_p50'] / health['cpu_p50']:>8.2f}" if health else "")
            + f"{r['queries']:>9}  {r['status']}"
        )
    if json_path:
        Path(json_path).write_text(json.dumps(results, indent=2))
    bad = [name for name, r in results.items() if any(s >= 400 for s in r["status"])]
    if bad:
        print(f"ERROR responses in: {', '.join(bad)}", file=sys.stderr)
        sys.exit(1)
