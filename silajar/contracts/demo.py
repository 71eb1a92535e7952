"""Demo contracts, one per demo provider, with their SLA terms, and the provider's demo links
put under them: Telkom's banded (99.5 → 5 %, 99.0 → 10 %, 95.0 → 25 %, capped at 30 %),
Lintasarta's proportional, Icon+'s banded with a lower target. The provisioning (SOP 4): the
bandwidth need behind Telkom's running contract (last year's, registered as signed: active),
and this year's procurement for the coming fiscal year: its need approved and its contract
prepared by the PPTK, awaiting the KPA's designation. Idempotent (by number and fiscal year)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.contracts.choices import ContractState, ProcurementMethod
from silajar.contracts.models import BandwidthNeed, Contract
from silajar.contracts.services import CONTRACTS, needs
from silajar.contracts.services.procurement import contract_submit
from silajar.providers.models import Provider
from silajar.providers.services import LINKS

BANDS = [
    {"below_percent": "99.5", "credit_percent": "5"},
    {"below_percent": "99.0", "credit_percent": "10"},
    {"below_percent": "95.0", "credit_percent": "25"},
]
# provider → (number's stem, target %, restitution, bands, cap %, response/restoration minutes)
TERMS = {
    "TELKOM": ("027/KONTRAK-INET/TELKOM", "99.500", "bands", BANDS, "30", 30, 240),
    "LINTASARTA": ("027/KONTRAK-INET/LINTASARTA", "99.000", "proportional", [], "20", 60, 360),
    "ICONPLUS": (
        "027/KONTRAK-INET/ICONPLUS",
        "98.000",
        "bands",
        [
            {"below_percent": "98", "credit_percent": "5"},
            {"below_percent": "95", "credit_percent": "15"},
        ],
        "25",
        60,
        480,
    ),
}


def _period() -> tuple[int, date, date]:
    """The contract year: from the first day of the month 13 months ago, one year and more,
    so that the demo's year of outages falls inside it (a yearly contract renewed once)."""
    today = timezone.localdate()
    start = (today - timedelta(days=400)).replace(day=1)
    return start.year, start, date(today.year, 12, 31)


@transaction.atomic
def seed(*, actor: User, password: str, options: Mapping[str, Any]) -> str | None:
    """A contract for each demo provider that has none, with that provider's links under it."""
    year, start, end = _period()
    added = 0
    for short, (stem, target, method, bands, cap, response, restoration) in TERMS.items():
        provider = Provider.objects.filter(short_name=short).first()
        if provider is None:
            continue
        number = f"{stem}/{year}"
        contract = Contract.objects.filter(number=number).first()
        links = list(provider.links.order_by("circuit_id"))
        if contract is None:
            contract = CONTRACTS.create(
                actor=actor,
                data={
                    "provider": provider,
                    "number": number,
                    "fiscal_year": year,
                    "period_start": start,
                    "period_end": end,
                    "capacity_mbps": sum(link.bandwidth_down_mbps for link in links) or 100,
                    "monthly_fee": sum(link.monthly_fee for link in links),
                    "availability_target": Decimal(target),
                    "min_outage_seconds": 300,
                    "max_response_minutes": response,
                    "max_restoration_minutes": restoration,
                    "restitution_method": method,
                    "restitution_bands": bands,
                    "restitution_cap_percent": Decimal(cap),
                    "maintenance_notice_hours": 72,
                },
            )
            added += 1
        for link in links:
            if link.contract_id is None:
                LINKS.update(actor=actor, obj=link, data={"contract": contract})
    needs_added = _provisioning(actor, year)
    return f"Demo contracts: {added} added; bandwidth needs: {needs_added} added."


def _person(role: str, fallback: User) -> User:
    """The demo person of `role` (accounts.demo names them by their role), else `fallback`."""
    return User.objects.filter(username=role, is_active=True).first() or fallback


def _need(actor: User, fiscal_year: int, capacity: int) -> tuple[BandwidthNeed, bool]:
    """The approved need of `fiscal_year` (made, submitted and approved when missing)."""
    found = BandwidthNeed.objects.filter(fiscal_year=fiscal_year).first()
    if found is not None:
        return found, False
    head, upde = _person(Role.SECTION_HEAD, actor), _person(Role.UPDE_HEAD, actor)
    shares = [("Biro-biro Setda", 40), ("Kantor OPD", 45), ("Server aplikasi", 10)]
    segments = [{"segment": name, "mbps": capacity * pct // 100} for name, pct in shares]
    segments.append(
        {"segment": "Wi-Fi publik", "mbps": capacity - sum(s["mbps"] for s in segments)}
    )
    need = needs.need_create(
        actor=head,
        data={
            "fiscal_year": fiscal_year,
            "capacity_mbps": capacity,
            "segments": segments,
            "estimated_cost": capacity * 1_500_000 * 12,
            "budget_ceiling": capacity * 1_700_000 * 12,
            "justification": "Layanan SPBE dan rapat daring bertambah; server aplikasi "
            "dipindahkan ke pusat data provinsi.",
        },
    )
    need = needs.need_submit(need=need, actor=head)
    return needs.need_approve(need=need, actor=upde), True


def _provisioning(actor: User, year: int) -> int:
    """This year's need behind Telkom's contract, next year's need and its contract awaiting
    designation."""
    added = 0
    running = Contract.objects.filter(number=f"{TERMS['TELKOM'][0]}/{year}").first()
    if running is not None:
        need, made = _need(actor, year, running.capacity_mbps)
        added += made
        if running.need_id is None:
            CONTRACTS.update(actor=actor, obj=running, data={"need": need})
    following = timezone.localdate().year + 1  # procured this year for the coming one
    need, made = _need(actor, following, 1500)
    added += made
    number = f"027/KONTRAK-INET/{following}"
    if not Contract.objects.filter(number=number).exists():
        pptk = _person(Role.PPTK, actor)
        contract = CONTRACTS.create(
            actor=pptk,
            data={
                "number": number,
                "state": ContractState.DRAFT,
                "need": need,
                "procurement_method": ProcurementMethod.E_KATALOG,
                "owner_estimate": need.estimated_cost,
                "fiscal_year": following,
                "period_start": date(following, 1, 1),
                "period_end": date(following, 12, 31),
                "capacity_mbps": need.capacity_mbps,
                "monthly_fee": need.estimated_cost // 12,
                "availability_target": Decimal("99.500"),
                "max_response_minutes": 30,
                "max_restoration_minutes": 240,
                "restitution_method": "bands",
                "restitution_bands": BANDS,
                "restitution_cap_percent": Decimal("30"),
            },
        )
        contract_submit(contract=contract, actor=pptk)
    return added
