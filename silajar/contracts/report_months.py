"""The months a contract's SLA report covers: from its period's first month up to the month
running now; the month asked for (`YYYY-MM`) checked against them."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from silajar.contracts.models import Contract
from silajar.core.errors import DomainError

MONTH_FORMAT = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_YEAR = 2000  # no contract of the province's is older; bounds the month's field


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _from_index(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def report_months(contract: Contract, *, now: datetime | None = None) -> tuple[int, int]:
    """The first and last month (as year*12 + month-1) with a report: the contract's period,
    up to the month running now."""
    today = timezone.localdate(now or timezone.now())
    first = _month_index(contract.period_start)
    last = min(_month_index(contract.period_end), _month_index(today))
    return first, last


def default_month(contract: Contract, *, now: datetime | None = None) -> tuple[int, int]:
    """The last full month, moved into the contract's months (its first month while it has not
    run a full month yet, its last one once it has ended)."""
    first, last = report_months(contract, now=now)
    last_full = _month_index(timezone.localdate(now or timezone.now())) - 1
    return _from_index(max(first, min(last_full, last)))


def parse_month(contract: Contract, text: str | None, *, now: datetime | None = None):
    """`YYYY-MM` as (year, month), checked: a real month of the contract's period that has
    begun. Anything else is a DomainError on `month` (HTTP 400)."""

    def refuse(message) -> DomainError:
        return DomainError(message, fields={"month": [message]})

    match = MONTH_FORMAT.match(text or "")
    if not match:
        raise refuse(_("Give the month as YYYY-MM, e.g. 2026-11."))
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and year >= FIRST_YEAR):
        raise refuse(_("Give the month as YYYY-MM, e.g. 2026-11."))
    first, last = report_months(contract, now=now)
    index = year * 12 + month - 1
    if index > _month_index(timezone.localdate(now or timezone.now())):
        raise refuse(_("That month has not begun yet."))
    if not first <= index <= last:
        raise refuse(_("That month is outside the contract's period."))
    return year, month


def neighbour_months(
    contract: Contract, year: int, month: int, *, now: datetime | None = None
) -> tuple[str | None, str | None]:
    """The previous and next months with a report, as `YYYY-MM` (None at either end)."""
    first, last = report_months(contract, now=now)
    index = year * 12 + month - 1

    def label(i: int) -> str | None:
        if not first <= i <= last:
            return None
        y, m = _from_index(i)
        return f"{y:04d}-{m:02d}"

    return label(index - 1), label(index + 1)
