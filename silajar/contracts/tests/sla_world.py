"""A contract-month built by hand for the SLA report's tests (pages, API, PDF, XLSX):
`build_world()` and its figures (see its docstring), `wib()` for times of 2026."""

from datetime import date, datetime
from decimal import Decimal

from silajar.contracts import sla
from silajar.providers.tests.factories import (
    ContractFactory,
    LinkFactory,
    MaintenanceWindowFactory,
    OutageFactory,
)

MARCH = "2026-03"
MARCH_MINUTES = 31 * 1440


def wib(day: int, hour: int = 0, minute: int = 0, *, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=sla.WIB)


def build_world() -> dict:
    """A banded contract (99.5 → 5 %, 99.0 → 10 %, 95.0 → 25 %, cap 20 %, 300 s, 72 h notice,
    every exclusion honoured) with two links, and March 2026 (44,640 minutes) on them.

    Link A (15,000,000; active since before the contract: from the contract's start):
    3 Mar 10:00–15:30 (330, counted); 10 Mar 08:00–08:03 (3, too short); 20 Mar 01:00–05:00
    force majeure (240, excluded); 24 Mar 22:30–23:30 inside a window announced two weeks ahead
    (60, excluded); 31 Mar 23:58 – 1 Apr 00:10 (12 whole, 2 in March, counted); 28 Feb
    23:57 – 1 Mar 00:01 touching 28 Feb 23:50–23:57 (11 whole, 1 in March, counted only
    through its neighbour before the month). Counted 333, excluded 300:
    44,007 ÷ 44,340 = 99.249 % → 5 % = 750,000.

    Link B (8,500,000; active from 5 Mar: 5,760 minutes inactive): 15 Mar 00:00 – 17 Mar
    00:00 (2,880, counted): 36,000 ÷ 38,880 = 92.593 % → 25 %, capped at 20 % = 1,700,000.

    The contract: 80,007 ÷ 83,220 = 96.139 %, 2,450,000."""
    contract = ContractFactory(
        restitution_cap_percent=Decimal("20"), exclusions=["maintenance", "force_majeure"]
    )
    provider = contract.provider
    a = LinkFactory(
        provider=provider, contract=contract, circuit_id="A-1", active_from=date(2025, 12, 1)
    )
    b = LinkFactory(
        provider=provider,
        contract=contract,
        circuit_id="B-2",
        monthly_fee=8_500_000,
        active_from=date(2026, 3, 5),
    )
    for start, end, exclusion in (
        (wib(3, 10), wib(3, 15, 30), ""),
        (wib(10, 8), wib(10, 8, 3), ""),
        (wib(20, 1), wib(20, 5), "force_majeure"),
        (wib(24, 22, 30), wib(24, 23, 30), ""),
        (wib(31, 23, 58), wib(1, 0, 10, month=4), ""),
        (wib(28, 23, 57, month=2), wib(1, 0, 1), ""),
        (wib(28, 23, 50, month=2), wib(28, 23, 57, month=2), ""),
    ):
        OutageFactory(link=a, started_at=start, ended_at=end, exclusion=exclusion)
    OutageFactory(link=b, started_at=wib(15), ended_at=wib(17))
    window = MaintenanceWindowFactory(
        provider=provider, starts_at=wib(24, 22), ends_at=wib(25), announced_at=wib(10)
    )
    return {"contract": contract, "a": a, "b": b, "window": window}
