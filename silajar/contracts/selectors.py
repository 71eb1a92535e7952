"""Reading contracts: what a user may see, filtered and sorted alike for the list page and
the API (paged by `core.paging`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from silajar.contracts.models import Contract
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
