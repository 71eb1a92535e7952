"""In-process page benchmarks: Django's test client, DEBUG off, scenarios interleaved round-robin
and each measured beside the floor (a trivial signed-in page of the same app, same run).

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
from django.test.utils import override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from silajar.accounts.models import User  # noqa: E402

FLOOR = "floor: profile page"
PLAIN_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def signed_in_client(username: str) -> tuple[Client, User]:
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user, backend="silajar.accounts.backends.UsernameOrEmailBackend")
    return client, user


def floor(client: Client) -> Callable:
    return lambda: client.get(reverse("accounts:profile"), secure=True)


def measure(cases: dict[str, Callable], *, rounds: int, warmup: int, rng: random.Random) -> dict:
    """Run every scenario `warmup + rounds` times in shuffled rounds; p50/p95 of the measured."""
    timings: dict[str, list[float]] = {name: [] for name in cases}
    statuses: dict[str, set] = {name: set() for name in cases}
    for round_no in range(warmup + rounds):
        order = list(cases.items())
        rng.shuffle(order)
        for name, call in order:
            started = time.perf_counter()
            response = call()
            elapsed = (time.perf_counter() - started) * 1000
            statuses[name].add(response.status_code)
            if round_no >= warmup:
                timings[name].append(elapsed)
    return {
        name: {
            "p50": statistics.median(values),
            "p95": percentile(values, 0.95),
            "n": len(values),
            "status": sorted(statuses[name]),
        }
        for name, values in timings.items()
    }


def run_benchmark(build: Callable[[random.Random], dict], *, rounds: int, warmup: int, seed: int,
                  heading: str, json_path: str | None) -> None:  # fmt: skip
    """Build the scenarios, measure them, print the table against the floor; exit 1 on errors."""
    rng = random.Random(seed)  # noqa: S311 — benchmark sampling
    with override_settings(ALLOWED_HOSTS=["*"], STORAGES=PLAIN_STATIC, DEBUG=False):
        results = measure(build(rng), rounds=rounds, warmup=warmup, rng=rng)
    base = results[FLOOR]
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}, {heading}; "
          f"{rounds} rounds")  # fmt: skip
    print(f"{'scenario':<34}{'p50 ms':>9}{'p95 ms':>9}{'×floor p50':>12}{'×floor p95':>12}  status")
    for name, r in results.items():
        print(
            f"{name:<34}{r['p50']:>9.1f}{r['p95']:>9.1f}"
            f"{r['p50'] / base['p50']:>12.2f}{r['p95'] / base['p95']:>12.2f}  {r['status']}"
        )
    if json_path:
        Path(json_path).write_text(json.dumps(results, indent=2))
    bad = [name for name, r in results.items() if any(s >= 400 for s in r["status"])]
    if bad:
        print(f"ERROR responses in: {', '.join(bad)}", file=sys.stderr)
        sys.exit(1)
