"""Latency of the complaint desk's pages beside a trivial logged-in page (the floor).

Runs in-process through Django's test client against the database the settings point to
(fill it first with `manage.py generate_data`), with DEBUG off, so the figures are the app's
own work: routing, middleware, session, queries, templates — no network, no web server.
Scenarios are interleaved round-robin, so every one sees the same conditions.

    DATABASE_URL=postgres://postgres@127.0.0.1/silajar_bench \\
        .venv/bin/python bench/tickets.py --rounds 100

See bench/README.md. Not part of the test suite."""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import sys
import time
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
from silajar.organizations.models import Location  # noqa: E402
from silajar.tickets import selectors  # noqa: E402
from silajar.tickets.models import Category, Ticket  # noqa: E402

PLAIN_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def scenarios(client: Client, user: User, deep_page: int, rng: random.Random) -> dict:
    """name → a function doing one request and returning the response."""
    bounds = Ticket.objects.order_by("pk").values_list("pk", flat=True)
    first, last = bounds.first(), bounds.last()
    category = Category.objects.filter(code="wifi").first()
    location = Location.objects.select_related("organization").order_by("pk").first()
    list_url = reverse("tickets:list")
    # the cursor the "Next" link of page deep_page - 1 carries (computed once, not timed)
    offset = (deep_page - 1) * selectors.PAGE_SIZE
    before = selectors.ticket_list(user=user)[offset - 1]
    cursor = selectors.make_cursor(
        selectors.DEFAULT_SORT, before, backwards=False, number=deep_page
    )

    def detail():
        # a different ticket each time: nothing is warm by accident
        for _ in range(20):
            pk = rng.randint(first, last)
            if Ticket.objects.filter(pk=pk).exists():
                break
        return client.get(reverse("tickets:detail", kwargs={"pk": pk}), secure=True)

    def create():
        return client.post(
            "/api/v1/tickets/",
            data=json.dumps(
                {
                    "channel": "phone",
                    "organization": location.organization_id,
                    "location": location.pk,
                    "reporter_name": "Rina Agustina",
                    "reporter_phone": "081234567890",
                    "description": "Internet di ruang rapat lantai 2 tidak bisa terhubung",
                    "scope": "whole_location",
                    "category": category.pk if category else None,
                }
            ),
            content_type="application/json",
            secure=True,
        )

    return {
        "floor: profile page": lambda: client.get(reverse("accounts:profile"), secure=True),
        "list page 1": lambda: client.get(list_url, secure=True),
        "list filtered p1": lambda: client.get(
            list_url, {"state": "open", "priority": "high", "sort": "-created"}, secure=True
        ),
        "list filtered by agency": lambda: client.get(
            list_url, {"organization": location.organization_id}, secure=True
        ),
        f"list p{deep_page} by cursor": lambda: client.get(
            list_url, {"cursor": cursor}, secure=True
        ),
        f"list p{deep_page} OFFSET {offset:,}": lambda: client.get(
            list_url, {"page": deep_page}, secure=True
        ),
        "ticket page": detail,
        "API list p1": lambda: client.get("/api/v1/tickets/", secure=True),
        f"API list p{deep_page} by cursor": lambda: client.get(
            "/api/v1/tickets/", {"cursor": cursor}, secure=True
        ),
        "create (API POST)": create,
    }


def run(rounds: int, warmup: int, deep_page: int, username: str, seed: int) -> dict:
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user, backend="silajar.accounts.backends.UsernameOrEmailBackend")
    rng = random.Random(seed)
    cases = scenarios(client, user, deep_page, rng)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50, help="measured requests per scenario")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--deep-page", type=int, default=400, help="page number of the deep page")
    parser.add_argument("--user", default="helpdesk", help="username to sign in as")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    with override_settings(ALLOWED_HOSTS=["*"], STORAGES=PLAIN_STATIC, DEBUG=False):
        tickets = Ticket.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        results = run(args.rounds, args.warmup, args.deep_page, args.user, args.seed)
    floor = results["floor: profile page"]
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}, "
          f"~{tickets:,} tickets (highest id); {args.rounds} rounds")  # fmt: skip
    print(f"{'scenario':<32}{'p50 ms':>9}{'p95 ms':>9}{'×floor p50':>12}{'×floor p95':>12}  status")
    for name, r in results.items():
        print(
            f"{name:<32}{r['p50']:>9.1f}{r['p95']:>9.1f}"
            f"{r['p50'] / floor['p50']:>12.2f}{r['p95'] / floor['p95']:>12.2f}  {r['status']}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    bad = [name for name, r in results.items() if any(s >= 400 for s in r["status"])]
    if bad:
        print(f"ERROR responses in: {', '.join(bad)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
