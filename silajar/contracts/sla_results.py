"""What `contracts.sla` answers for a month: a link's (`LinkMonth`, its bar of `Segment`s) and a
contract's (`ContractMonth`), durations exact, and the reported figures rounded half up: minutes
to 0.001, the availability to three decimals, the restitution to the Rupiah (`docs/sla.md`)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Literal

from silajar.contracts.sla_time import US, US_PER_MINUTE, from_micros

Label = Literal["up", "down", "excluded", "unmonitored", "inactive", "future"]


def minutes_of(duration: timedelta) -> Decimal:
    """A duration in minutes, to 0.001, half up."""
    return decimal_3(Fraction(duration // US, US_PER_MINUTE))


@dataclass(frozen=True)
class Segment:
    """A piece of the month's bar, [start, end) in WIB. `counted`: a down segment whose minutes
    count (False for the downtime of a merged outage shorter than the minimum)."""

    start: datetime
    end: datetime
    label: Label
    counted: bool = False

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    @property
    def minutes(self) -> Decimal:
        return minutes_of(self.duration)


class _Minutes:
    """The API's minutes (to 0.001) of a month's exact durations."""

    observed: timedelta
    downtime: timedelta
    excluded: timedelta
    counted: timedelta

    @property
    def observed_minutes(self) -> Decimal:
        return minutes_of(self.observed)

    @property
    def downtime_minutes(self) -> Decimal:
        return minutes_of(self.downtime)

    @property
    def excluded_minutes(self) -> Decimal:
        return minutes_of(self.excluded)

    @property
    def counted_minutes(self) -> Decimal:
        return minutes_of(self.counted)


@dataclass(frozen=True)
class LinkMonth(_Minutes):
    """One link's month. Durations are exact; the `*_minutes` properties are the API's figures."""

    year: int
    month: int
    start: datetime  # the month's first instant (UTC)
    end: datetime  # the next month's first instant (UTC)
    observed: timedelta
    downtime: timedelta
    excluded: timedelta
    counted: timedelta
    unmonitored: timedelta
    inactive: timedelta
    future: timedelta
    availability_percent: Decimal  # three decimals
    measured: bool  # False when observed - excluded is zero (availability then 100.000)
    target_met: bool
    credit_percent: Decimal | None  # the band's credit (0 when none applies); None: proportional
    restitution_amount: int  # Rupiah
    # the month's bar as (start, end) in microseconds since the epoch, label, counted; read as
    # `segments` (built when asked: the API and the totals never need them). None: a month read
    # back from where it was kept without its bar (`contracts.sla_store`, ADR 0007)
    pieces: tuple[tuple[int, int, Label, bool], ...] | None

    @cached_property
    def segments(self) -> tuple[Segment, ...]:
        """The month's bar, in order, adjacent ones differ (WIB)."""
        if self.pieces is None:
            raise ValueError("this month was read without its bar (sla_report(with_bars=True))")
        return tuple(
            Segment(from_micros(a), from_micros(b), label, counted)
            for a, b, label, counted in self.pieces
        )

    @property
    def minutes(self) -> Decimal:
        return minutes_of(self.end - self.start)

    @property
    def unmonitored_minutes(self) -> Decimal:
        return minutes_of(self.unmonitored)


@dataclass(frozen=True)
class ContractMonth(_Minutes):
    """A contract's month: the sums over its links."""

    links: tuple[LinkMonth, ...]
    observed: timedelta
    downtime: timedelta
    excluded: timedelta
    counted: timedelta
    availability_percent: Decimal
    measured: bool
    restitution_amount: int


def round_half_up(value: Fraction) -> int:
    """A value to the nearest whole number, half up."""
    return math.floor(value + Fraction(1, 2))


def decimal_3(value: Fraction) -> Decimal:
    """A non-negative value to three decimals, half up."""
    return Decimal(round_half_up(value * 1000)).scaleb(-3)
