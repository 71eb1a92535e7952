"""Working-time arithmetic: pure functions over a calendar, no database access.

A `WorkingCalendar` knows the working periods of each weekday (local time) and the days off.
`add_working_minutes` finds a due time; `working_minutes_between` measures elapsed working time.
Both work in the calendar's time zone and return aware datetimes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

MAX_SCAN_DAYS = 3660  # a calendar with no working time at all must not loop forever


@dataclass(frozen=True)
class WorkingCalendar:
    tz: ZoneInfo
    # ISO weekday (1 = Monday) → sorted, non-overlapping (start, end) local times
    hours: Mapping[int, tuple[tuple[time, time], ...]]
    holidays: frozenset[date] = field(default_factory=frozenset)
    always_open: bool = False  # 24×7

    @classmethod
    def from_config(
        cls,
        *,
        tz: str,
        hours: Mapping[int, Iterable[tuple[str, str]]],
        holidays: Iterable[date] = (),
        always_open: bool = False,
    ) -> WorkingCalendar:
        parsed = {
            day: tuple(sorted((time.fromisoformat(a), time.fromisoformat(b)) for a, b in spans))
            for day, spans in hours.items()
        }
        for spans in parsed.values():
            for start, end in spans:
                if start >= end:
                    raise ValueError("a working period must end after it starts")
        return cls(ZoneInfo(tz), parsed, frozenset(holidays), always_open)

    def periods_on(self, day: date) -> list[tuple[datetime, datetime]]:
        """The working periods of one local day as aware datetimes."""
        if self.always_open:
            start = datetime.combine(day, time.min, self.tz)
            return [(start, datetime.combine(day + timedelta(days=1), time.min, self.tz))]
        if day in self.holidays:
            return []
        return [
            (datetime.combine(day, a, self.tz), datetime.combine(day, b, self.tz))
            for a, b in self.hours.get(day.isoweekday(), ())
        ]

    def is_working_time(self, moment: datetime) -> bool:
        local = moment.astimezone(self.tz)
        return any(a <= local < b for a, b in self.periods_on(local.date()))


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: working-time arithmetic needs aware datetimes")


def add_working_minutes(calendar: WorkingCalendar, start: datetime, minutes: float) -> datetime:
    """The moment when `minutes` of working time have passed since `start`."""
    _require_aware(start)
    if minutes < 0:
        raise ValueError("minutes must not be negative")
    remaining = timedelta(minutes=minutes)
    local = start.astimezone(calendar.tz)
    day = local.date()
    for _ in range(MAX_SCAN_DAYS):
        for begin, end in calendar.periods_on(day):
            if end <= local:
                continue
            begin = max(begin, local)
            if begin + remaining <= end:
                return begin + remaining
            remaining -= end - begin
        day += timedelta(days=1)
    raise ValueError("the calendar has no working time within ten years")


def working_minutes_between(calendar: WorkingCalendar, start: datetime, end: datetime) -> float:
    """Working minutes in [start, end); zero when end is not after start."""
    _require_aware(start)
    _require_aware(end)
    if end <= start:
        return 0.0
    local_start, local_end = start.astimezone(calendar.tz), end.astimezone(calendar.tz)
    total = timedelta()
    day = local_start.date()
    while day <= local_end.date():
        for begin, finish in calendar.periods_on(day):
            a, b = max(begin, local_start), min(finish, local_end)
            if a < b:
                total += b - a
        day += timedelta(days=1)
    return total.total_seconds() / 60


def end_of_working_day(calendar: WorkingCalendar, day: date) -> datetime | None:
    """The end of the last working period on `day`, or None when `day` has no working time."""
    periods = calendar.periods_on(day)
    return periods[-1][1] if periods else None


def working_days_due(calendar: WorkingCalendar, start: datetime, days: int) -> datetime:
    """The end of the `days`-th working day after the day of `start` ("within 3 working days":
    assigned on Monday, due at the close of Thursday)."""
    _require_aware(start)
    if days < 1:
        raise ValueError("days must be at least 1")
    day = start.astimezone(calendar.tz).date()
    counted = 0
    for _ in range(MAX_SCAN_DAYS):
        day += timedelta(days=1)
        end = end_of_working_day(calendar, day)
        if end is not None:
            counted += 1
            if counted == days:
                return end
    raise ValueError("the calendar has no working time within ten years")


def local_day_start(day: date) -> datetime:
    """The first moment of `day` in the active time zone (WIB), as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))
