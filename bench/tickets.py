"""Latency of the complaint desk's pages beside the floors: /ping and a trivial signed-in page.

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
import random

from django.test import Client
from django.urls import reverse
from inprocess import floors, run_benchmark, signed_in_client

from silajar.accounts.models import User
from silajar.core import paging
from silajar.organizations.models import Location
from silajar.tickets import selectors
from silajar.tickets.models import Category, Ticket


def scenarios(client: Client, user: User, deep_page: int, rng: random.Random) -> dict:
    """name → a function doing one request and returning the response."""
    bounds = Ticket.objects.order_by("pk").values_list("pk", flat=True)
    first, last = bounds.first(), bounds.last()
    category = Category.objects.filter(code="wifi").first()
    location = Location.objects.select_related("organization").order_by("pk").first()
    list_url = reverse("tickets:list")
    # the cursor the "Next" link of page deep_page - 1 carries (computed once, not timed)
    offset = (deep_page - 1) * paging.PAGE_SIZE
    before = selectors.ticket_list(user=user)[offset - 1]
    cursor = selectors.TICKET_SORTS.cursor(
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
        **floors(client),
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50, help="measured requests per scenario")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--deep-page", type=int, default=400, help="page number of the deep page")
    parser.add_argument("--user", default="helpdesk", help="username to sign in as")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    client, user = signed_in_client(args.user)
    tickets = Ticket.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    run_benchmark(
        lambda rng: scenarios(client, user, args.deep_page, rng),
        rounds=args.rounds,
        warmup=args.warmup,
        seed=args.seed,
        heading=f"~{tickets:,} tickets (highest id)",
        json_path=args.json,
    )


if __name__ == "__main__":
    main()
