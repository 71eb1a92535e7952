"""Demo internet side: three providers (names only, no real contacts), links at a dozen demo
agencies, a year of past outages (some excluded, some crossing a month's end in WIB), a weekly
maintenance window, and the demo `provider` account attached to the first provider.

Contracts are the contracts app's (`contracts.demo`, seeded after this one), which puts the
links under them. Idempotent: what exists is kept, what is missing is added."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.demo import clock_at
from silajar.inventory.choices import DeviceKind
from silajar.inventory.models import Device
from silajar.organizations.models import Location, Organization
from silajar.providers import services
from silajar.providers.demo_incidents import seed_incidents
from silajar.providers.models import Link, MaintenanceWindow, Provider, ProviderAccount

DEMO_SEED = 11
WIB = timezone.get_fixed_timezone(7 * 60)
# (name, short name, NOC name): contacts are made up (example.org), never a real number
PROVIDERS = [
    ("PT Telkom Indonesia", "TELKOM", "NOC Enterprise"),
    ("PT Aplikanusa Lintasarta", "LINTASARTA", "NOC Lintasarta"),
    ("PT Indonesia Comnets Plus (Icon+)", "ICONPLUS", "NOC Icon+"),
]
PROVIDER_ACCOUNT_OF = "TELKOM"  # the demo `provider` account belongs here
# (provider, circuit, agency, kind, down, up, monthly fee in Rupiah)
LINKS = [
    ("TELKOM", "TLK-PTK-DINKES-01", "DINKES", "dedicated", 100, 100, 12_500_000),
    ("TELKOM", "TLK-PTK-SETDA-01", "SETDA", "dedicated", 200, 200, 22_500_000),
    ("TELKOM", "TLK-PTK-DISDIKBUD-01", "DISDIKBUD", "dedicated", 100, 100, 12_500_000),
    ("TELKOM", "TLK-PTK-DPUPR-01", "DPUPR", "dedicated", 50, 50, 7_500_000),
    ("TELKOM", "TLK-PTK-DISHUB-01", "DISHUB", "dedicated", 50, 50, 7_500_000),
    ("LINTASARTA", "LA-PTK-INSPEKTORAT-01", "INSPEKTORAT", "dedicated", 50, 50, 9_000_000),
    ("LINTASARTA", "LA-PTK-DINSOS-01", "DINSOS", "dedicated", 50, 50, 9_000_000),
    ("LINTASARTA", "LA-PTK-SETWAN-01", "SETWAN", "dedicated", 100, 100, 16_000_000),
    ("LINTASARTA", "LA-PTK-DLHK-01", "DLHK", "dedicated", 30, 30, 6_000_000),
    ("ICONPLUS", "ICON-PTK-DISKOMINFO-MB", "DISKOMINFO", "metro", 1000, 1000, 30_000_000),
    ("ICONPLUS", "ICON-PTK-SATPOLPP-01", "SATPOLPP", "backup", 20, 20, 3_500_000),
    ("ICONPLUS", "ICON-PTK-DPMPTSP-01", "DPMPTSP", "backup", 20, 20, 3_500_000),
]
CAUSES = [
    "Kabel fiber optik putus tertimpa pohon",
    "Perangkat di sisi penyedia mati",
    "Gangguan pada jaringan inti penyedia",
    "Konfigurasi router penyedia berubah",
    "Gangguan listrik di gedung OPD",
    "Banjir merendam tiang distribusi",
]
# a cause on the province's side, or a force majeure, is excluded from the SLA
EXCLUSION_OF_CAUSE = {4: "customer_side", 5: "force_majeure"}


def _noc(short: str, noc: str) -> list[dict[str, str]]:
    slug = short.lower()
    return [{"name": noc, "phone": "", "email": f"noc@{slug}.example.org", "whatsapp": ""}]


def _escalation(noc: str) -> list[dict[str, Any]]:
    return [
        {"level": 1, "contact": noc, "after_minutes": 30},
        {"level": 2, "contact": "Account Manager", "after_minutes": 120},
        {"level": 3, "contact": "General Manager Layanan Korporat", "after_minutes": 240},
    ]


def _providers(actor) -> dict[str, Provider]:
    providers = {}
    for name, short, noc in PROVIDERS:
        provider = Provider.objects.filter(short_name=short).first()
        if provider is None:
            provider = services.PROVIDERS.create(
                actor=actor,
                data={
                    "name": name,
                    "short_name": short,
                    "contacts": _noc(short, noc),
                    "escalation": _escalation(noc),
                    "is_active": True,
                },
            )
        providers[short] = provider
    return providers


def _links(actor, providers: dict[str, Provider], start) -> list[Link]:
    agencies = {o.short_name: o for o in Organization.objects.filter(is_active=True)}
    links = []
    for short, circuit, agency, kind, down, up, fee in LINKS:
        provider = providers[short]
        link = Link.objects.filter(provider=provider, circuit_id=circuit).first()
        if link is None and agency in agencies:
            organization = agencies[agency]
            location = Location.objects.filter(organization=organization).order_by("pk").first()
            # the provider's ONT the inventory's demo recorded at the place, not yet another's
            ont = Device.objects.filter(
                location=location, kind=DeviceKind.PROVIDER_ONT, provider_link__isnull=True
            ).first()
            link = services.LINKS.create(
                actor=actor,
                data={
                    "provider": provider,
                    "circuit_id": circuit,
                    "kind": kind,
                    "bandwidth_down_mbps": down,
                    "bandwidth_up_mbps": up,
                    "organization": organization,
                    "location": location,
                    "ont": ont,
                    "monthly_fee": fee,
                    "status": "active",
                    "active_from": start,
                },
            )
        if link is not None:
            links.append(link)
    return links


def _outage_plan(link: Link, rng: random.Random, now: datetime) -> list[dict[str, Any]]:
    """About two outages a month over the past year, one of them across a month's end."""
    plan = []
    first = timezone.localtime(now, WIB).date().replace(day=1)
    for months_back in range(12, 0, -1):
        year, month = divmod(first.month - 1 - months_back, 12)
        month_start = first.replace(year=first.year + year, month=month + 1)
        for _ in range(rng.randint(1, 3)):
            day = month_start + timedelta(days=rng.randrange(27))
            start = datetime.combine(day, time(rng.randrange(24), rng.randrange(60)), WIB)
            minutes = rng.choice([2, 4, 12, 25, 45, 90, 180, 360])
            cause = rng.randrange(len(CAUSES))
            plan.append({"start": start, "minutes": minutes, "cause": cause})
        if months_back % 4 == 0:  # across midnight at the month's end (WIB)
            edge = datetime.combine(month_start, time(0), WIB)
            plan.append({"start": edge - timedelta(minutes=50), "minutes": 140, "cause": 0})
    return plan


def _outages(actor, links: list[Link], rng: random.Random, now: datetime) -> int:
    added = 0
    with clock_at() as moment:
        for link in links:
            if link.outages.exists():
                continue
            for item in _outage_plan(link, rng, now):
                start = item["start"]
                end = start + timedelta(minutes=item["minutes"])
                if end >= now:
                    continue
                moment[0] = end + timedelta(minutes=rng.randrange(5, 60))
                services.outage_record(
                    actor=actor,
                    link=link,
                    started_at=start,
                    ended_at=end,
                    source=rng.choice(["network_admin", "provider", "monitoring"]),
                    cause=CAUSES[item["cause"]],
                    exclusion=EXCLUSION_OF_CAUSE.get(item["cause"], ""),
                )
                added += 1
    return added


def _weekly_window(actor, provider: Provider, start) -> None:
    """Sunday 01:00–03:00 WIB every week, announced when the contract began."""
    if provider.maintenance_windows.exists():
        return
    sunday = start + timedelta(days=(6 - start.weekday()) % 7)
    starts = datetime.combine(sunday, time(1), WIB)
    services.maintenance_window_create(
        actor=actor,
        provider=provider,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        announced_at=starts - timedelta(days=7),
        weekly=True,
        description="Pemeliharaan rutin mingguan jaringan inti",
    )


def _account(actor, provider: Provider) -> None:
    user = User.objects.filter(username=Role.PROVIDER.value).first()
    if user is not None and not ProviderAccount.objects.filter(user=user).exists():
        services.provider_account_attach(actor=actor, provider=provider, user=user)


@transaction.atomic
def seed(*, actor: User, password: str, options: Mapping[str, Any]) -> str | None:
    """The demo providers, links, a year of outages and of incidents, a weekly window and the
    provider account."""
    now = timezone.now()
    rng = random.Random(DEMO_SEED)  # noqa: S311 — demo data, not secrets
    year_ago = (timezone.localtime(now, WIB) - timedelta(days=400)).date().replace(day=1)
    providers = _providers(actor)
    links = _links(actor, providers, year_ago)
    outages = _outages(actor, links, rng, now)
    _weekly_window(actor, providers["TELKOM"], year_ago)
    _account(actor, providers[PROVIDER_ACCOUNT_OF])
    incidents = seed_incidents(now=now)
    windows = MaintenanceWindow.objects.count()
    return (
        f"Demo internet side: {len(providers)} providers, {len(links)} links, "
        f"{outages} outages, {incidents} incidents added, {windows} maintenance windows."
    )
