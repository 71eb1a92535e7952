"""The fixed cost of a page: small pages beside the floors (/ping and a trivial signed-in page).

What every page pays before its own work: the middleware (session, sign-in, two-factor check,
CSRF, CSP, locale), the layout (navigation, badges) and the access checks. In-process through
Django's test client against the database the settings point to (fill it first with
`manage.py seed_demo` and `manage.py generate_data`), DEBUG off.

    .venv/bin/python bench/pages.py --rounds 200

See bench/README.md. Not part of the test suite."""

from __future__ import annotations

import argparse

from django.test import Client
from django.urls import reverse
from inprocess import floors, run_benchmark, signed_in_client

from silajar.tickets.models import Ticket


def scenarios(client: Client) -> dict:
    """name → a function doing one request and returning the response."""

    def get(url: str):
        return lambda: client.get(url, secure=True)

    return {
        **floors(client),
        "health check (/healthz, no layout)": get(reverse("healthz")),
        "API: me": get("/api/v1/me/"),
        "password change (a 3-field form)": get(reverse("accounts:password_change")),
        "working calendar": get(reverse("calendar:holidays")),
        "notifications": get(reverse("notifications:list")),
        "dashboard": get(reverse("home")),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100, help="measured requests per scenario")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--user", default="helpdesk", help="username to sign in as")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    client, _user = signed_in_client(args.user)
    tickets = Ticket.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    run_benchmark(
        lambda rng: scenarios(client),
        rounds=args.rounds,
        warmup=args.warmup,
        seed=args.seed,
        heading=f"~{tickets:,} tickets (highest id), signed in as {args.user}",
        json_path=args.json,
    )


if __name__ == "__main__":
    main()
