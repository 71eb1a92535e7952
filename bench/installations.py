"""Latency of the installation-request pages beside the floors: /ping and a trivial signed-in page.

In-process (Django's test client, DEBUG off) against the database the settings point to; fill it
first with `manage.py seed_demo` and `manage.py generate_installations --requests 50000`.

    DATABASE_URL=postgres://postgres@127.0.0.1/silajar_bench \\
        .venv/bin/python bench/installations.py --rounds 50

See bench/README.md. Not part of the test suite."""

from __future__ import annotations

import argparse
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from inprocess import floors, run_benchmark, signed_in_client

from silajar.installations.letter import request_letter_pdf
from silajar.installations.models import InstallationRequest
from silajar.organizations.models import Organization


def scenarios(client: Client, operator: Client, rng: random.Random) -> dict:
    """name → a function doing one request and returning the response."""
    ids = InstallationRequest.objects.order_by("pk").values_list("pk", flat=True)
    first, last = ids.first(), ids.last()
    agency = Organization.objects.filter(short_name="DINKES").first()
    letter = request_letter_pdf(agency, None, {})
    surveyed = list(
        InstallationRequest.objects.filter(adequate=False, slot_available=True)
        .exclude(reply_letter_number="")
        .values_list("pk", flat=True)[:200]
    )
    list_url = reverse("installations:list")

    def some_pk() -> int:
        # a different request each time: nothing is warm by accident
        for _ in range(20):
            pk = rng.randint(first, last)
            if InstallationRequest.objects.filter(pk=pk).exists():
                return pk
        return last

    def create():
        return operator.post(
            "/api/v1/installation-requests/",
            {
                "letter_number": "005/77/DINKES-UM/2026",
                "letter_date": timezone.localdate().isoformat(),
                "subject": "Permohonan Pemasangan Jaringan Ruang Rapat",
                "signatory_name": "dr. Harisson, M.Kes.",
                "signatory_title": "Kepala Dinas Kesehatan",
                "letter_file": SimpleUploadedFile("surat.pdf", letter),
                "description": "Pemasangan 8 titik jaringan dan 2 access point.",
            },
            secure=True,
        )

    return {
        **floors(client),
        "list page 1": lambda: client.get(list_url, secure=True),
        "list open + overdue": lambda: client.get(
            list_url, {"state": "open", "overdue": "on"}, secure=True
        ),
        "list by agency, by due": lambda: client.get(
            list_url, {"organization": agency.pk, "sort": "due"}, secure=True
        ),
        "list search": lambda: client.get(list_url, {"q": "Aula"}, secure=True),
        "request page": lambda: client.get(
            reverse("installations:detail", kwargs={"pk": some_pk()}), secure=True
        ),
        "API list p1": lambda: client.get("/api/v1/installation-requests/", secure=True),
        "API request": lambda: client.get(
            f"/api/v1/installation-requests/{some_pk()}/", secure=True
        ),
        "reply letter PDF": lambda: client.get(
            reverse("installations:reply_letter_pdf", kwargs={"pk": rng.choice(surveyed)}),
            secure=True,
        ),
        "file a request (API POST)": create,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50, help="measured requests per scenario")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--user", default="section_head", help="staff username to sign in as")
    parser.add_argument("--operator", default="opd_operator", help="agency operator who files")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    client, _user = signed_in_client(args.user)
    operator, _operator = signed_in_client(args.operator)
    total = InstallationRequest.objects.count()
    run_benchmark(
        lambda rng: scenarios(client, operator, rng),
        rounds=args.rounds,
        warmup=args.warmup,
        seed=args.seed,
        heading=f"{total:,} installation requests",
        json_path=args.json,
    )


if __name__ == "__main__":
    main()
