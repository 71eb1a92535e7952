"""A link's monthly availability and restitution under a contract's SLA terms (issue 11).

Pure functions, no database, no Django: the DB-backed report gathers a link's active spans,
monitoring spans, outages and honoured maintenance windows, and calls `link_month` per link and
`contract_month` per contract (what they answer: `contracts.sla_results`). `docs/sla.md` writes
the computation down with a worked example.

Time is exact: every instant becomes whole microseconds (durations are `timedelta`s, which are
whole microseconds too), ratios are `Fraction`s, and only the reported figures are rounded,
half up, as `Decimal`s: minutes to 0.001, the availability to three decimals, the restitution to
the Rupiah. No float is ever involved.

For a link and a calendar month in WIB (Asia/Pontianak, UTC+7, no daylight saving):

* *minutes*: the minutes of the month (43,200 for a 30-day month).
* Time after `now` is *future*: neither observed nor down (a month still running is measured
  up to `now`). An open span (active, watched or an outage with no end) runs until `now`.
* *observed*: the month's time (before `now`) the link was active and watched. With no
  monitoring (`watched=None`) all active time is watched. Active but unwatched time is
  *unmonitored*, never counted as up; time the link was not active is *inactive*.
* Outages are merged first: overlapping or touching outages become one (excluded or not), never
  counted twice. A merged outage's *whole length* is its length before any clipping (to the
  month, to observed time or to `now`, except that an open end runs until `now`).
* Everything is measured within observed time, so the availability stays in [0, 100]:
  - *downtime*: observed time inside a merged outage (an outage recorded while the monitor did
    not run is shown as unmonitored, not as down);
  - *excluded*: downtime inside an outage carrying an exclusion reason or inside an honoured
    maintenance window (a minute both excluded and down is excluded only; a maintenance window
    without an outage is just up);
  - *counted*: downtime not excluded, of merged outages whose whole length is at least
    `min_outage_seconds` (shorter ones are shown as downtime but not counted). The whole length
    includes the outage's excluded parts and its parts outside the month.
* availability % = (observed - excluded - counted) / (observed - excluded) x 100, to three
  decimals, half up. When observed - excluded is zero the link is *not measured*: 100.000,
  `measured=False`, no restitution.
* Restitution, capped at `cap_percent` of the monthly fee, rounded half up to the Rupiah:
  - bands: the credit of the band with the lowest `below_percent` that the *reported*
    (three-decimal) availability is strictly below, x the fee;
  - proportional: fee x counted / minutes / (target / 100), for every counted minute (the
    formula has no threshold: it pays even when the target is met).
* A contract: availability = sum(observed - excluded - counted) / sum(observed - excluded) over
  its links (not measured when the denominator is zero), restitution = sum of the links'.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from silajar.contracts.sla_results import (
    ContractMonth,
    Label,
    LinkMonth,
    decimal_3,
    round_half_up,
)
from silajar.contracts.sla_time import (
    US,
    WIB,
    Span,
    from_micros,
    interval_of,
    membership,
    micros,
    month_range,
    union,
    weekly_windows,
)

Method = Literal["bands", "proportional"]


# --- inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outage:
    """A recorded outage of a link. `end=None`: still open, it runs until `now`.
    `excluded`: it carries an exclusion reason (force majeure, the customer's own fault...)."""

    start: datetime
    end: datetime | None
    excluded: bool = False


@dataclass(frozen=True)
class Band:
    """Below `below_percent` of availability, `credit_percent` of the monthly fee is restituted."""

    below_percent: Decimal
    credit_percent: Decimal


@dataclass(frozen=True)
class Terms:
    """A contract's SLA terms."""

    availability_target: Decimal  # percent, in (0, 100]
    min_outage_seconds: int  # merged outages shorter than this are shown but not counted
    method: Method
    bands: tuple[Band, ...] = ()
    cap_percent: Decimal = Decimal(100)  # restitution cap, percent of the link's monthly fee

    def __post_init__(self) -> None:
        if not Decimal(0) < self.availability_target <= Decimal(100):
            raise ValueError(
                f"availability_target must be in (0, 100], not {self.availability_target}"
            )
        if self.min_outage_seconds < 0:
            raise ValueError(f"min_outage_seconds must be >= 0, not {self.min_outage_seconds}")
        if self.method not in ("bands", "proportional"):
            raise ValueError(f"method must be 'bands' or 'proportional', not {self.method!r}")
        if not self.cap_percent >= Decimal(0):  # also refuses NaN
            raise ValueError(f"cap_percent must be >= 0, not {self.cap_percent}")
        for band in self.bands:
            if not Decimal(0) < band.below_percent <= Decimal(100):
                raise ValueError(f"a band's below_percent must be in (0, 100]: {band}")
            if not band.credit_percent >= Decimal(0):
                raise ValueError(f"a band's credit_percent must be >= 0: {band}")


@dataclass(frozen=True)
class MaintenanceWindow:
    """A maintenance window announced at `announced_at`. `weekly`: it repeats every week at the
    same WIB time from `start` on (each occurrence lasts `end - start`), up to `until` (no
    occurrence starts at or after it) or for ever."""

    start: datetime
    end: datetime
    announced_at: datetime
    weekly: bool = False
    until: datetime | None = None


# --- maintenance windows ---------------------------------------------------------------------


def honoured_windows(
    windows: Iterable[MaintenanceWindow], *, year: int, month: int, notice_hours: int
) -> list[tuple[datetime, datetime]]:
    """The maintenance occurrences that overlap the month and were announced at least
    `notice_hours` before they start (a weekly window's announcement covers its occurrences:
    those starting too soon after it are not honoured, the later ones are), sorted, in WIB."""
    if notice_hours < 0:
        raise ValueError(f"notice_hours must be >= 0, not {notice_hours}")
    notice = timedelta(hours=notice_hours)
    out: list[tuple[datetime, datetime]] = []
    for window in windows:
        for moment, what in ((window.start, "start"), (window.end, "end")):
            micros(moment, f"maintenance window {what}")
        micros(window.announced_at, "announced_at")
        if window.weekly:
            occurrences = weekly_windows(
                window.start, window.end, year=year, month=month, until=window.until
            )
        else:
            if window.end < window.start:
                raise ValueError(
                    f"maintenance window ends ({window.end}) before it starts ({window.start})"
                )
            lo, hi = month_range(year, month)
            occurrences = (
                [(window.start.astimezone(WIB), window.end.astimezone(WIB))]
                if window.start < hi and window.end > lo and window.end > window.start
                else []
            )
        out.extend(o for o in occurrences if window.announced_at + notice <= o[0])
    return sorted(out)


# --- one link, one month ---------------------------------------------------------------------


def link_month(
    *,
    year: int,
    month: int,
    active: Sequence[Span],
    watched: Sequence[Span] | None,
    outages: Sequence[Outage],
    maintenance: Sequence[tuple[datetime, datetime]],
    terms: Terms,
    monthly_fee: int | Decimal,
    now: datetime,
) -> LinkMonth:
    """A link's month.

    `active`: when the link was in service; `watched`: when its monitor ran, None when it has
    no monitoring (then all active time is observed); `outages`: every outage that overlaps the
    month *and every outage touching or overlapping those* (a merged outage's whole length
    decides whether it counts, so its parts outside the month matter); `maintenance`: the
    honoured windows (`honoured_windows`). Open spans run until `now`. Aware datetimes only."""
    now_us = micros(now, "now")
    lo, hi = (micros(t, "") for t in month_range(year, month))
    fee = _fee(monthly_fee)

    active_iv = union(interval_of(s, now_us, "active span") for s in active)
    watched_iv = (
        active_iv
        if watched is None
        else union(interval_of(s, now_us, "watched span") for s in watched)
    )
    outage_iv = [(interval_of((o.start, o.end), now_us, "outage"), o.excluded) for o in outages]
    down_iv = union(iv for iv, _ in outage_iv)
    min_us = terms.min_outage_seconds * 1_000_000
    long_iv = [iv for iv in down_iv if iv[1] - iv[0] >= min_us]
    excluding_iv = union(
        [iv for iv, excluded in outage_iv if excluded]
        + [interval_of(w, now_us, "maintenance window") for w in maintenance]
    )

    cut = min(max(now_us, lo), hi)
    points = {lo, hi, cut}
    for intervals in (active_iv, watched_iv, down_iv, excluding_iv):
        points.update(p for iv in intervals for p in iv if lo < p < hi)
    bounds = sorted(points)

    in_active, in_watched, in_down, in_excluding, in_long = (
        membership(iv) for iv in (active_iv, watched_iv, down_iv, excluding_iv, long_iv)
    )
    pieces: list[tuple[int, int, Label, bool]] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        label: Label
        counted = False
        if a >= cut:
            label = "future"
        elif not in_active(a):
            label = "inactive"
        elif not in_watched(a):
            label = "unmonitored"
        elif not in_down(a):
            label = "up"
        elif in_excluding(a):
            label = "excluded"
        else:
            label, counted = "down", in_long(a)
        if pieces and pieces[-1][2:] == (label, counted):
            pieces[-1] = (pieces[-1][0], b, label, counted)
        else:
            pieces.append((a, b, label, counted))

    total: dict[tuple[Label, bool], int] = {}
    for a, b, label, counted in pieces:
        total[label, counted] = total.get((label, counted), 0) + b - a

    def of(label: Label, counted: bool = False) -> int:
        return total.get((label, counted), 0)

    counted_us = of("down", True)
    excluded_us = of("excluded")
    downtime_us = of("down") + counted_us + excluded_us
    observed_us = of("up") + downtime_us
    availability, measured = _availability(observed_us - excluded_us, counted_us)

    credit: Decimal | None = None
    if terms.method == "bands":
        below = [b for b in terms.bands if measured and availability < b.below_percent]
        credit = min(below, key=lambda b: b.below_percent).credit_percent if below else Decimal(0)
        amount = fee * Fraction(credit) / 100
    else:
        amount = fee * Fraction(counted_us, hi - lo) / (Fraction(terms.availability_target) / 100)
    amount = min(amount, fee * Fraction(terms.cap_percent) / 100)

    return LinkMonth(
        year=year,
        month=month,
        start=from_micros(lo).astimezone(UTC),
        end=from_micros(hi).astimezone(UTC),
        observed=observed_us * US,
        downtime=downtime_us * US,
        excluded=excluded_us * US,
        counted=counted_us * US,
        unmonitored=of("unmonitored") * US,
        inactive=of("inactive") * US,
        future=of("future") * US,
        availability_percent=availability,
        measured=measured,
        target_met=availability >= terms.availability_target,
        credit_percent=credit,
        restitution_amount=round_half_up(amount),
        pieces=tuple(pieces),
    )


def contract_month(links: Sequence[LinkMonth]) -> ContractMonth:
    """A contract's month from its links' (all of the same month): the availability of the
    sums, the sum of the restitutions. No link (or none measured): 100.000, not measured."""
    if len({(link.year, link.month) for link in links}) > 1:
        raise ValueError("a contract's links must all be of the same month")
    zero = timedelta(0)
    observed = sum((link.observed for link in links), zero)
    downtime = sum((link.downtime for link in links), zero)
    excluded = sum((link.excluded for link in links), zero)
    counted = sum((link.counted for link in links), zero)
    availability, measured = _availability((observed - excluded) // US, counted // US)
    return ContractMonth(
        links=tuple(links),
        observed=observed,
        downtime=downtime,
        excluded=excluded,
        counted=counted,
        availability_percent=availability,
        measured=measured,
        restitution_amount=sum(link.restitution_amount for link in links),
    )


# --- numbers ---------------------------------------------------------------------------------


def _fee(monthly_fee: int | Decimal) -> Fraction:
    if isinstance(monthly_fee, bool) or not isinstance(monthly_fee, int | Decimal):
        raise TypeError(f"monthly_fee must be an int or a Decimal, not {monthly_fee!r}")
    if not monthly_fee >= 0:
        raise ValueError(f"monthly_fee must be >= 0, not {monthly_fee}")
    return Fraction(monthly_fee)


def _availability(measured_us: int, counted_us: int) -> tuple[Decimal, bool]:
    """(measured - counted) / measured x 100 to three decimals, and whether it was measured."""
    if measured_us <= 0:
        return Decimal("100.000"), False
    return decimal_3(Fraction(100 * (measured_us - counted_us), measured_us)), True
