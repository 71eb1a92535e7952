"""Fill the installation desk with many requests, for benchmarks and load tests.

    python manage.py generate_installations --requests 50000 [--batch 2000] [--days 1460]

Requests are spread over the past `--days`, numbered from the gapless yearly sequence, in every
state in realistic proportions (most completed), with survey items, the facts of each step and
one audit event for their filing and one for their latest step. They all share one small stored
letter scan. Real volumes are a few hundred requests a year; 50,000 is a century's worth. Needs
the agencies and staff of `seed_demo`."""

from __future__ import annotations

import random
import time as clock
from datetime import timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.models import AuditEvent
from silajar.core.sequences import format_number, sequence_next
from silajar.core.uploads import KIND_PDF, CheckedFile, store_file
from silajar.installations.choices import OPEN_STATES, ProvidedBy
from silajar.installations.choices import RequestState as S
from silajar.installations.demo import AP, CABLE, POE, SWITCH
from silajar.installations.letter import request_letter_pdf
from silajar.installations.models import InstallationRequest, SurveyItem
from silajar.installations.services.filing import NUMBER_PREFIX, NUMBER_WIDTH
from silajar.organizations.models import Location, Organization

# share of each state (completed requests dominate a long history)
STATE_WEIGHTS = {
    S.COMPLETED: 70,
    S.REJECTED: 6,
    S.CANCELLED: 5,
    S.SUBMITTED: 3,
    S.FORWARDED: 2,
    S.SURVEY_ASSIGNED: 3,
    S.SURVEYED: 2,
    S.AWAITING_EQUIPMENT: 3,
    S.EQUIPMENT_READY: 1,
    S.INSTALLING: 3,
    S.INSTALLED: 2,
}
REACHED_SURVEY = set(S) - {S.SUBMITTED, S.FORWARDED, S.CANCELLED}
SUBJECTS = [
    "Permohonan Pemasangan Jaringan Ruang Rapat",
    "Permohonan Pemasangan Access Point Aula",
    "Permohonan Penambahan Titik Jaringan Ruang Kerja",
    "Permohonan Pemasangan Jaringan Ruang Server",
    "Permohonan Pemasangan Jaringan Loket Pelayanan",
]


class Command(BaseCommand):
    help = "Generate many installation requests (benchmarks, load tests)."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, required=True)
        parser.add_argument("--batch", type=int, default=2000)
        parser.add_argument("--days", type=int, default=1460)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, requests: int, batch: int, days: int, seed: int, **options):
        rng = random.Random(seed)  # noqa: S311 — generated test data, not secrets
        organizations = list(Organization.objects.filter(is_active=True))
        technicians = list(User.objects.filter(groups__name=Role.TECHNICIAN, is_active=True))
        section_head = User.objects.filter(groups__name=Role.SECTION_HEAD).first()
        if not organizations or not technicians or section_head is None:
            raise CommandError("Run seed_demo first (agencies, technicians, a section head).")
        locations: dict[int, list[int]] = {}
        for pk, org in Location.objects.values_list("pk", "organization_id"):
            locations.setdefault(org, []).append(pk)
        scan = CheckedFile(
            request_letter_pdf(organizations[0], section_head, {}), KIND_PDF, "surat-permohonan.pdf"
        )
        with transaction.atomic():
            stored = store_file(InstallationRequest, "letter_file", scan)
        content_type = ContentType.objects.get_for_model(InstallationRequest)
        states, weights = zip(*STATE_WEIGHTS.items(), strict=True)
        now = timezone.now()
        started = clock.monotonic()
        made = 0
        while made < requests:
            size = min(batch, requests - made)
            # oldest first, so numbers rise with time within each year
            moments = sorted(
                now - timedelta(days=days * (1 - (made + i + rng.random()) / requests))
                for i in range(size)
            )
            with transaction.atomic():
                rows = [
                    self._request(
                        rng,
                        moment,
                        rng.choices(states, weights)[0],
                        organizations,
                        locations,
                        technicians,
                        section_head,
                        stored,
                        now,
                    )
                    for moment in moments
                ]
                self._number(rows)
                created = InstallationRequest.objects.bulk_create(rows)
                SurveyItem.objects.bulk_create(
                    item for installation in created for item in self._items(rng, installation)
                )
                AuditEvent.objects.bulk_create(
                    event
                    for installation in created
                    for event in self._events(installation, content_type, section_head)
                )
                # auto_now_add set created_at to now: put back each installation's own moment
                for installation, moment in zip(created, moments, strict=True):
                    installation.created_at = moment
                InstallationRequest.objects.bulk_update(created, ["created_at"])
            made += size
            rate = made / max(clock.monotonic() - started, 1e-6)
            self.stdout.write(f"\r{made}/{requests} requests ({rate:.0f}/s)", ending="")
        self.stdout.write(f"\nDone: {made} requests in {clock.monotonic() - started:.1f} s.")

    def _request(self, rng, moment, state, organizations, locations, technicians, head, stored,
                 now) -> InstallationRequest:  # fmt: skip
        org = rng.choice(organizations)
        surveyed = state in REACHED_SURVEY
        adequate = None if not surveyed else state not in (S.REJECTED, S.AWAITING_EQUIPMENT)
        if state == S.COMPLETED and rng.random() < 0.3:
            adequate = False  # went through the reply letter before installation
        letter = state in (S.AWAITING_EQUIPMENT, S.EQUIPMENT_READY, S.REJECTED) or (
            surveyed and adequate is False
        )
        installed = state in (S.INSTALLED, S.COMPLETED)
        step = moment + timedelta(days=rng.randint(1, 30))
        return InstallationRequest(
            state=state,
            organization=org,
            created_by=head,  # a paper letter registered by the office
            letter_number=f"005/{rng.randint(1, 999)}/{org.short_name}/{moment.year}",
            letter_date=(moment - timedelta(days=rng.randint(0, 5))).date(),
            subject=rng.choice(SUBJECTS),
            signatory_name="Kepala " + org.short_name,
            signatory_title="Kepala " + org.name[:130],
            letter_file=stored,
            letter_file_name="surat-permohonan.pdf",
            letter_content_type="application/pdf",
            description="Pemasangan titik jaringan dan access point.",
            location_id=rng.choice(locations[org.pk]) if locations.get(org.pk) else None,
            network_points=rng.randint(0, 24),
            access_points=rng.randint(0, 4),
            technician=rng.choice(technicians) if surveyed or state == S.SURVEY_ASSIGNED else None,
            slot_available=(state != S.REJECTED) if surveyed else None,
            adequate=adequate,
            surveyed_at=moment + timedelta(days=4) if surveyed else None,
            reply_letter_date=(moment + timedelta(days=6)).date() if letter else None,
            reply_letter_signer=head if letter else None,
            rejection_reason="Tidak tersedia slot pada switch." if state == S.REJECTED else "",
            link_up=True if installed else None,
            ip_address=f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}"
            if installed
            else None,
            measured_mbps=Decimal(rng.randint(20, 950)) if installed else None,
            installed_at=moment + timedelta(days=12) if installed else None,
            signer_name="Petugas " + org.short_name if state == S.COMPLETED else "",
            signed_at=moment + timedelta(days=13) if state == S.COMPLETED else None,
            cancel_reason="Dibatalkan oleh OPD." if state == S.CANCELLED else "",
            closed_at=moment + timedelta(days=14) if state not in OPEN_STATES else None,
            step_started_at=step if state in OPEN_STATES else None,
            step_due_at=step + timedelta(days=5) if state in OPEN_STATES else None,
            step_overdue=state in OPEN_STATES and step + timedelta(days=5) < now,
        )

    def _number(self, rows: list[InstallationRequest]) -> None:
        """Numbers from the yearly sequence, taken in one step per year of the batch."""
        by_year: dict[int, list[InstallationRequest]] = {}
        for row in rows:
            by_year.setdefault(row.letter_date.year, []).append(row)
        for year, group in by_year.items():
            first = sequence_next(key="installation", year=year, count=len(group))
            for value, row in enumerate(group, start=first):
                row.number = format_number(NUMBER_PREFIX, year, value, NUMBER_WIDTH)
                if row.reply_letter_date:
                    row.reply_letter_number = f"555/G{value}/GEN/{year}"

    def _items(self, rng, installation: InstallationRequest):
        if installation.adequate is not False or not installation.slot_available:
            return []
        return [
            SurveyItem(
                request=installation,
                order=order,
                name=name,
                specification=spec,
                quantity=rng.randint(1, 4),
                provided_by=rng.choice(ProvidedBy.values),
            )
            for order, (name, spec) in enumerate(rng.sample([SWITCH, POE, CABLE, AP], 2), 1)
        ]

    def _events(self, installation: InstallationRequest, content_type, head):
        common = {
            "content_type": content_type,
            "object_id": str(installation.pk),
            "object_repr": str(installation)[:255],
        }
        yield AuditEvent(action="installation.created", changes={"state": [None, "submitted"]},
                         **common)  # fmt: skip
        if installation.state != S.SUBMITTED:
            yield AuditEvent(
                actor=head,
                actor_name=head.get_full_name(),
                action="installation.generated_history",
                changes={"state": ["submitted", installation.state]},
                **common,
            )
