"""Reading contracts: what a user may see, filtered and sorted alike for the list page and
the API (paged by `core.paging`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet

from silajar.contracts.choices import REMINDER_DAYS, ContractState, NeedState
from silajar.contracts.models import BandwidthNeed, Contract
from silajar.core.access import visible
from silajar.core.paging import Sorts
from silajar.core.search import text_match

CONTRACT_SORTS = Sorts(
    {
        "-year": ("-fiscal_year", "number"),
        "year": ("fiscal_year", "number"),
        "number": ("number",),
        "-number": ("-number",),
    },
    default="-year",
    salt="silajar.contracts.cursor",
    integers={"fiscal_year"},
)


def contract_list(*, user, filters: dict[str, Any]) -> QuerySet[Contract]:
    """The contracts `user` sees; filters `q` (number, provider), `provider`, `fiscal_year`,
    `state`, `restitution_method`."""
    contracts = visible(user, Contract).select_related("provider")
    if q := (filters.get("q") or "").strip():
        contracts = contracts.filter(
            text_match(q, ("number", "provider__name", "provider__short_name"))
        )
    if filters.get("provider"):
        contracts = contracts.filter(provider_id=filters["provider"])
    for name in ("fiscal_year", "state", "restitution_method"):
        if filters.get(name):
            contracts = contracts.filter(**{name: filters[name]})
    return contracts.order_by(*CONTRACT_SORTS.order_by(filters.get("sort")))


NEED_SORTS = Sorts(
    {"-year": ("-fiscal_year", "-id"), "year": ("fiscal_year", "id")},
    default="-year",
    salt="silajar.contracts.need_cursor",
    integers={"fiscal_year", "id"},
)


def need_list(*, user, filters: dict[str, Any]) -> QuerySet[BandwidthNeed]:
    """The needs `user` sees (staff), latest fiscal year first; filters `fiscal_year`, `state`."""
    rows = visible(user, BandwidthNeed)
    for name in ("fiscal_year", "state"):
        if filters.get(name):
            rows = rows.filter(**{name: filters[name]})
    return rows.order_by(*NEED_SORTS.order_by(filters.get("sort")))


def approved_needs() -> QuerySet[BandwidthNeed]:
    """The needs a contract may procure."""
    return BandwidthNeed.objects.filter(state=NeedState.APPROVED).order_by("-fiscal_year")


def contracted_capacity(*, fiscal_year: int) -> int:
    """The capacity of the contracts of `fiscal_year` that were signed (active, expired)."""
    signed = Contract.objects.filter(
        fiscal_year=fiscal_year, state__in=(ContractState.ACTIVE, ContractState.EXPIRED)
    )
    return sum(signed.values_list("capacity_mbps", flat=True))


def year_milestones(*, fiscal_year: int) -> list[dict[str, Any]]:
    """The fiscal year's milestones of SOP 4, by date: each contract's period start and end,
    its reminders (90, 60, 30 days before the end), its designation and handover."""
    rows: list[dict[str, Any]] = []
    contracts = Contract.objects.filter(
        Q(fiscal_year=fiscal_year) | Q(period_end__year=fiscal_year)
    ).select_related("provider")
    for contract in contracts:
        rows.append({"day": contract.period_start, "kind": "start", "contract": contract})
        rows.append({"day": contract.period_end, "kind": "end", "contract": contract})
        for days in REMINDER_DAYS:
            rows.append(
                {
                    "day": contract.period_end - timedelta(days=days),
                    "kind": f"reminder_{days}",
                    "contract": contract,
                }
            )
        if contract.decision_date:
            rows.append({"day": contract.decision_date, "kind": "designated", "contract": contract})
        if contract.bast_date:
            rows.append({"day": contract.bast_date, "kind": "handover", "contract": contract})
    return sorted(
        (row for row in rows if row["day"].year == fiscal_year), key=lambda row: row["day"]
    )
