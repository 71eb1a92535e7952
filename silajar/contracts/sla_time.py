"""Time for the SLA computation: WIB, exact instants as whole microseconds, intervals, the
calendar month and the weekly maintenance windows (`contracts.sla`'s module docstring says why
time is exact)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Pontianak")

# an instant span [start, end); an end of None (open) runs until `now`
Span = tuple[datetime, datetime | None]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
US = timedelta(microseconds=1)
US_PER_MINUTE = 60_000_000
WEEK_US = 7 * 24 * 3600 * 1_000_000

Interval = tuple[int, int]  # [start, end) in microseconds since the epoch


def month_range(year: int, month: int) -> tuple[datetime, datetime]:
    """The month's first instant and the next month's first instant, midnight WIB, in UTC."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, not {month}")
    start = datetime(year, month, 1, tzinfo=WIB)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=WIB)
    return start.astimezone(UTC), end.astimezone(UTC)


def weekly_windows(
    start: datetime, end: datetime, *, year: int, month: int, until: datetime | None = None
) -> list[tuple[datetime, datetime]]:
    """The occurrences of a weekly window [start, end) (repeating every week at the same WIB
    time, from `start` on, none starting at or after `until`) that overlap the month, in WIB,
    unclipped (one may begin in the previous month or end in the next)."""
    first, duration = micros(start, "window start"), micros(end, "window end") - micros(start, "")
    if duration < 0:
        raise ValueError(f"maintenance window ends ({end}) before it starts ({start})")
    lo, hi = (micros(t, "") for t in month_range(year, month))
    if duration == 0:
        return []
    # k >= 0 with first + k*week < hi and first + k*week + duration > lo
    k_min = max(0, (lo - first - duration) // WEEK_US + 1)
    k_max = -((first - hi) // WEEK_US) - 1  # ceil((hi - first) / week) - 1
    if until is not None:
        k_max = min(k_max, -((first - micros(until, "window until")) // WEEK_US) - 1)
    local = start.astimezone(WIB)
    return [
        (local + timedelta(weeks=k), local + timedelta(weeks=k) + (end - start))
        for k in range(k_min, k_max + 1)
    ]


def micros(moment: datetime, what: str) -> int:
    """An aware datetime as whole microseconds since the epoch (exact)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what or 'a datetime'} must be timezone-aware, not {moment!r}")
    return (moment - EPOCH) // US


def from_micros(us: int) -> datetime:
    return (EPOCH + us * US).astimezone(WIB)


def interval_of(span: Span, now_us: int, what: str) -> Interval:
    start, end = span
    a = micros(start, f"{what} start")
    if end is None:
        return a, max(a, now_us)
    b = micros(end, f"{what} end")
    if b < a:
        raise ValueError(f"{what} ends ({end.isoformat()}) before it starts ({start.isoformat()})")
    return a, b


def union(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, disjoint, non-touching, non-empty: overlapping or touching intervals merged."""
    out: list[Interval] = []
    for a, b in sorted(iv for iv in intervals if iv[1] > iv[0]):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def membership(intervals: list[Interval]) -> Callable[[int], bool]:
    """Whether a point is in one of the (unioned, sorted) intervals: a lookup by bisection
    on their starts."""
    starts = [a for a, _b in intervals]

    def contains(point: int) -> bool:
        i = bisect_right(starts, point) - 1
        return i >= 0 and point < intervals[i][1]

    return contains
