"""Demo provider incidents: about three a month over the past year on the demo links, walked
through the real services with the clock at each step's moment (so their history, response and
restoration times are what the desk would have recorded); nobody is told about past events.

Most are closed; one is still waiting for the provider, one was a false alarm."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.demo import clock_at
from silajar.core.jobs import held
from silajar.providers.choices import IncidentSource, LinkStatus
from silajar.providers.models import Link, ProviderIncident
from silajar.providers.services import incidents as services

DEMO_SEED = 2026
PER_MONTH = 3
CAUSES = [
    ("Kabel serat optik putus tergali proyek drainase", "Penyambungan ulang kabel serat optik"),
    ("Perangkat OLT di POP Pontianak hang", "Restart OLT dan penggantian modul uplink"),
    ("Gangguan listrik di POP penyedia", "Genset dihidupkan, perangkat dinyalakan ulang"),
    ("Konfigurasi routing BGP keliru setelah pemeliharaan", "Konfigurasi dikembalikan"),
    ("ONT di lokasi pelanggan rusak", "ONT diganti dengan unit baru"),
]
CHANNELS = ["Telepon NOC", "E-mail NOC", "WhatsApp NOC", "Portal penyedia"]


def seed(*, actor: User, password: str, options) -> str | None:
    """The demo incidents, when there are none yet (needs the demo links and accounts)."""
    return f"Demo provider incidents: {seed_incidents()} added."


def seed_incidents(*, now: datetime | None = None, seed: int = DEMO_SEED) -> int:
    """Add the demo incidents. Idempotent: once an incident exists, adds nothing."""
    admin = User.objects.filter(groups__name=Role.NETWORK_ADMIN, is_active=True).first()
    links = list(Link.objects.filter(status=LinkStatus.ACTIVE).select_related("provider"))
    if ProviderIncident.objects.exists() or admin is None or not links:
        return 0
    rng = random.Random(seed)  # noqa: S311 — demo data, not secrets
    now = now or timezone.now()
    starts = sorted(
        now - timedelta(days=rng.uniform(3, 365), minutes=rng.randint(0, 600))
        for _ in range(12 * PER_MONTH)
    )
    added = 0
    with held("providers.announce", "tickets.announce"), clock_at() as moment:
        for number, start in enumerate(starts):
            link = rng.choice(links)
            ending = "cancelled" if number == 5 else "closed"
            with transaction.atomic():
                _walk(link, start, ending, admin, rng, moment)
            added += 1
        with transaction.atomic():  # still with the provider: reported an hour ago
            _walk(rng.choice(links), now - timedelta(hours=1), "reported", admin, rng, moment)
            added += 1
        moment[0] = None
    return added


def _walk(link: Link, start: datetime, ending: str, admin: User, rng, moment) -> None:
    account = link.provider.accounts.select_related("user").first()
    moment[0] = start + timedelta(minutes=rng.randint(2, 20))
    incident = services.incident_create(
        actor=admin,
        links=[link],
        started_at=start,
        source=rng.choice([IncidentSource.TICKETS, IncidentSource.PROVIDER_NOTICE]),
    )
    moment[0] += timedelta(minutes=rng.randint(3, 25))
    services.incident_report(
        incident=incident,
        actor=admin,
        channel=rng.choice(CHANNELS),
        contact="NOC 24 jam",
        provider_ticket_ref=f"{link.provider.short_name.upper()}-{rng.randint(10000, 99999)}",
    )
    if ending == "reported":
        return
    if ending == "cancelled":
        moment[0] += timedelta(minutes=rng.randint(10, 40))
        services.incident_cancel(
            incident=incident, actor=admin, reason="Alarm palsu: listrik gedung padam sesaat."
        )
        return
    if account is not None:
        moment[0] += timedelta(minutes=rng.randint(5, 90))
        services.incident_acknowledge(incident=incident, actor=account.user)
    cause, action = rng.choice(CAUSES)
    restored = moment[0] + timedelta(minutes=rng.randint(30, 420))
    moment[0] = restored + timedelta(minutes=rng.randint(5, 30))
    services.incident_provider_resolve(
        incident=incident,
        actor=account.user if account is not None else admin,
        cause=cause,
        action_taken=action,
        restored_at=restored,
    )
    moment[0] += timedelta(minutes=rng.randint(10, 60))
    services.incident_close(incident=incident, actor=admin)
