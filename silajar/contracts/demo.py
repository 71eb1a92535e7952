"""Demo contracts, one per demo provider, with their SLA terms, and the provider's demo links
put under them: Telkom's banded (99.5 → 5 %, 99.0 → 10 %, 95.0 → 25 %, capped at 30 %),
Lintasarta's proportional, Icon+'s banded with a lower target. Idempotent (by number)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from silajar.accounts.models import User
from silajar.contracts.models import Contract
from silajar.contracts.services import CONTRACTS
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
    return f"Demo contracts: {added} added."
