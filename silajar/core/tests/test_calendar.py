"""Working-time arithmetic: concrete office examples and properties that must always hold."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from silajar.core.calendar import (
    WorkingCalendar,
    add_working_minutes,
    working_days_due,
    working_minutes_between,
)

WIB = ZoneInfo("Asia/Pontianak")
OFFICE_HOURS = {
    1: [("07:30", "16:00")],
    2: [("07:30", "16:00")],
    3: [("07:30", "16:00")],
    4: [("07:30", "16:00")],
    5: [("07:30", "16:30")],
}
HOLIDAYS = [date(2026, 1, 1), date(2026, 2, 17), date(2026, 3, 19), date(2026, 3, 20)]

OFFICE = WorkingCalendar.from_config(tz="Asia/Pontianak", hours=OFFICE_HOURS)
OFFICE_WITH_HOLIDAYS = WorkingCalendar.from_config(
    tz="Asia/Pontianak", hours=OFFICE_HOURS, holidays=HOLIDAYS
)
SPLIT_DAY = WorkingCalendar.from_config(  # a lunch break, and Saturday mornings
    tz="Asia/Pontianak",
    hours={
        **{d: [("13:00", "17:00"), ("08:00", "12:00")] for d in range(1, 6)},
        6: [("08:00", "11:00")],
    },
    holidays=HOLIDAYS,
)
ALWAYS_OPEN = WorkingCalendar.from_config(
    tz="Asia/Pontianak", hours=OFFICE_HOURS, holidays=HOLIDAYS, always_open=True
)


def wib(day: int, hour: int, minute: int = 0, month: int = 1, year: int = 2026) -> datetime:
    """January 2026: Thu 1 (New Year), Fri 2, Sat 3, Sun 4, Mon 5, … Thu 8, Fri 9."""
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


def test_the_examples_use_the_office_hours_of_the_settings():
    assert {k: list(v) for k, v in django_settings.SILAJAR_WORKING_HOURS.items()} == OFFICE_HOURS
    assert django_settings.TIME_ZONE == "Asia/Pontianak"


# --- concrete examples -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "minutes", "due"),
    [
        # Friday closes at 16:30: 30 minutes on Friday, 30 on Monday morning
        (wib(9, 16, 0), 60, wib(12, 8, 0)),
        # Thursday closes at 16:00: 60 minutes on Thursday, 60 on Friday
        (wib(8, 15, 0), 120, wib(9, 8, 30)),
        # within one day
        (wib(5, 9, 0), 90, wib(5, 10, 30)),
        # exactly up to closing time ends at closing time, not the next morning
        (wib(5, 7, 30), 510, wib(5, 16, 0)),
        (wib(9, 7, 30), 540, wib(9, 16, 30)),
        # before opening: the clock starts at 07:30
        (wib(5, 6, 0), 30, wib(5, 8, 0)),
        # after closing: the clock starts the next working morning
        (wib(5, 18, 0), 30, wib(6, 8, 0)),
        # weekend: the clock starts on Monday
        (wib(10, 10, 0), 45, wib(12, 8, 15)),
        (wib(11, 23, 59), 0, wib(12, 7, 30)),
        # a whole working week (4 × 510 + 540 minutes) from Monday opening
        (wib(5, 7, 30), 4 * 510 + 540, wib(9, 16, 30)),
        (wib(5, 7, 30), 4 * 510 + 540 + 1, wib(12, 7, 31)),
    ],
)
def test_add_working_minutes_in_office_hours(start, minutes, due):
    result = add_working_minutes(OFFICE, start, minutes)
    assert result == due
    assert result.tzinfo == WIB
    assert working_minutes_between(OFFICE, start, result) == minutes


def test_holidays_are_skipped():
    # Thursday 19 and Friday 20 March 2026 are holidays: Wednesday 15:00 + 120 → Monday 08:30
    assert add_working_minutes(OFFICE_WITH_HOLIDAYS, wib(18, 15, 0, month=3), 120) == wib(
        23, 8, 30, month=3
    )
    assert add_working_minutes(OFFICE, wib(18, 15, 0, month=3), 120) == wib(19, 8, 30, month=3)
    # starting on a holiday is like starting before the next opening
    assert add_working_minutes(OFFICE_WITH_HOLIDAYS, wib(1, 10, 0), 30) == wib(2, 8, 0)
    # and the time across the holidays is not counted
    assert (
        working_minutes_between(OFFICE_WITH_HOLIDAYS, wib(18, 15, 0, month=3), wib(23, 8, 30, 3))
        == 120
    )


def test_working_minutes_between_examples():
    assert working_minutes_between(OFFICE, wib(9, 16, 0), wib(12, 8, 0)) == 60
    assert working_minutes_between(OFFICE, wib(8, 15, 0), wib(9, 8, 30)) == 120
    assert working_minutes_between(OFFICE, wib(10, 0, 0), wib(12, 7, 30)) == 0  # weekend
    assert working_minutes_between(OFFICE, wib(5, 0, 0), wib(6, 0, 0)) == 510
    assert working_minutes_between(OFFICE, wib(5, 0, 0), wib(12, 0, 0)) == 4 * 510 + 540
    # an empty or reversed interval measures nothing
    assert working_minutes_between(OFFICE, wib(5, 9, 0), wib(5, 9, 0)) == 0
    assert working_minutes_between(OFFICE, wib(5, 10, 0), wib(5, 9, 0)) == 0


def test_lunch_break_and_saturday_morning_are_respected():
    assert add_working_minutes(SPLIT_DAY, wib(5, 11, 30), 60) == wib(5, 13, 30)
    assert add_working_minutes(SPLIT_DAY, wib(5, 12, 15), 10) == wib(5, 13, 10)
    assert add_working_minutes(SPLIT_DAY, wib(9, 16, 30), 60) == wib(10, 8, 30)  # Saturday
    assert add_working_minutes(SPLIT_DAY, wib(10, 10, 30), 60) == wib(12, 8, 30)
    assert working_minutes_between(SPLIT_DAY, wib(5, 11, 0), wib(5, 14, 0)) == 120


def test_always_open_calendar_counts_every_minute():
    # a Saturday night, and New Year's Day is no holiday for a 24×7 service
    assert add_working_minutes(ALWAYS_OPEN, wib(10, 23, 0), 120) == wib(11, 1, 0)
    assert add_working_minutes(ALWAYS_OPEN, wib(1, 10, 0), 30) == wib(1, 10, 30)
    assert working_minutes_between(ALWAYS_OPEN, wib(9, 16, 0), wib(12, 8, 0)) == 2 * 24 * 60 + 960
    assert ALWAYS_OPEN.is_working_time(wib(11, 3, 0))


def test_other_time_zones_are_converted():
    friday_1600_utc = datetime(2026, 1, 9, 9, 0, tzinfo=UTC)  # 16:00 WIB
    result = add_working_minutes(OFFICE, friday_1600_utc, 60)
    assert result == wib(12, 8, 0)
    assert result.tzinfo == WIB
    assert working_minutes_between(OFFICE, friday_1600_utc, result.astimezone(UTC)) == 60


def test_is_working_time():
    assert OFFICE.is_working_time(wib(9, 16, 15))  # Friday until 16:30
    assert not OFFICE.is_working_time(wib(8, 16, 15))  # Thursday until 16:00
    assert OFFICE.is_working_time(wib(5, 7, 30))  # opening minute counts
    assert not OFFICE.is_working_time(wib(5, 16, 0))  # closing minute does not
    assert not OFFICE.is_working_time(wib(10, 10, 0))  # Saturday
    assert OFFICE.is_working_time(wib(1, 10, 0))
    assert not OFFICE_WITH_HOLIDAYS.is_working_time(wib(1, 10, 0))  # New Year's Day
    assert OFFICE.is_working_time(datetime(2026, 1, 5, 2, 0, tzinfo=UTC))  # 09:00 WIB


def test_naive_datetimes_are_rejected():
    naive = datetime(2026, 1, 5, 9, 0)
    with pytest.raises(ValueError, match="naive"):
        add_working_minutes(OFFICE, naive, 10)
    with pytest.raises(ValueError, match="naive"):
        working_minutes_between(OFFICE, naive, wib(5, 10))
    with pytest.raises(ValueError, match="naive"):
        working_minutes_between(OFFICE, wib(5, 8), naive)


def test_negative_minutes_are_rejected():
    with pytest.raises(ValueError):
        add_working_minutes(OFFICE, wib(5, 9), -1)


def test_a_calendar_without_working_time_does_not_loop_forever():
    closed = WorkingCalendar.from_config(tz="Asia/Pontianak", hours={})
    with pytest.raises(ValueError, match="no working time"):
        add_working_minutes(closed, wib(5, 9), 1)


def test_a_period_must_end_after_it_starts():
    with pytest.raises(ValueError):
        WorkingCalendar.from_config(tz="Asia/Pontianak", hours={1: [("16:00", "07:30")]})
    with pytest.raises(ValueError):
        WorkingCalendar.from_config(tz="Asia/Pontianak", hours={1: [("08:00", "08:00")]})


# --- properties ------------------------------------------------------------------------------

CALENDARS = [OFFICE, OFFICE_WITH_HOLIDAYS, SPLIT_DAY]
moments = st.datetimes(min_value=datetime(2025, 12, 1), max_value=datetime(2026, 4, 30)).flatmap(
    lambda naive: st.sampled_from([WIB, UTC, ZoneInfo("Asia/Jakarta")]).map(
        lambda tz: naive.replace(tzinfo=tz)
    )
)
minutes = st.integers(min_value=0, max_value=6 * 24 * 60)
calendars = st.sampled_from(CALENDARS)
property_settings = settings(max_examples=200, deadline=None)


@property_settings
@given(calendar=calendars, start=moments, amount=minutes)
def test_adding_then_measuring_gives_back_the_minutes(calendar, start, amount):
    due = add_working_minutes(calendar, start, amount)
    assert due >= start
    assert working_minutes_between(calendar, start, due) == amount


@property_settings
@given(calendar=calendars, points=st.lists(moments, min_size=3, max_size=3))
def test_measuring_is_additive_over_a_split_point(calendar, points):
    a, m, b = sorted(points)
    whole = working_minutes_between(calendar, a, b)
    parts = working_minutes_between(calendar, a, m) + working_minutes_between(calendar, m, b)
    assert whole == pytest.approx(parts, abs=1e-6)
    assert 0 <= whole <= (b - a).total_seconds() / 60 + 1e-6


@property_settings
@given(calendar=calendars, start=moments, amount=minutes)
def test_a_due_time_is_in_working_time_or_the_exact_end_of_a_period(calendar, start, amount):
    due = add_working_minutes(calendar, start, amount)
    local = due.astimezone(calendar.tz)
    period_ends = [end for _, end in calendar.periods_on(local.date())]
    assert calendar.is_working_time(due) or due in period_ends


@property_settings
@given(calendar=calendars, start=moments, first=minutes, second=minutes)
def test_adding_is_monotonic_and_composes(calendar, start, first, second):
    low, high = sorted((first, second))
    assert add_working_minutes(calendar, start, low) <= add_working_minutes(calendar, start, high)
    # adding in two positive steps lands where adding at once does (a zero step from the exact
    # end of a period moves on to the next opening instead)
    if first > 0 and second > 0:
        step = add_working_minutes(calendar, start, first)
        assert add_working_minutes(calendar, step, second) == add_working_minutes(
            calendar, start, first + second
        )


@property_settings
@given(start=moments, amount=minutes)
def test_always_open_is_plain_clock_time(start, amount):
    due = add_working_minutes(ALWAYS_OPEN, start, amount)
    assert due == start + timedelta(minutes=amount)
    assert working_minutes_between(ALWAYS_OPEN, start, due) == amount


# --- working days (step targets of procedures) -------------------------------------------------


def test_three_working_days_from_monday_end_on_thursday_close():
    assert working_days_due(OFFICE, wib(5, 10), 3) == wib(8, 16)  # Mon 5 Jan → Thu 8 Jan


def test_working_days_skip_the_weekend_and_holidays():
    # Fri 13 Mar, 2 days: Mon 16, Tue 17 → Tue close; with the holidays of 19–20 Mar, 4 days
    # reach Mon 23 Mar (Fri 20 Mar closes at 16:30, but it is a holiday).
    assert working_days_due(OFFICE, wib(13, 15, month=3), 2) == wib(17, 16, month=3)
    assert working_days_due(OFFICE_WITH_HOLIDAYS, wib(13, 15, month=3), 4) == wib(23, 16, month=3)


def test_working_days_due_end_on_the_last_period_of_a_split_day():
    assert working_days_due(SPLIT_DAY, wib(9, 9), 1) == wib(10, 11)  # Fri 9 → Sat 10 morning


@settings(max_examples=200, deadline=None)
@given(
    start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31)),
    days=st.integers(min_value=1, max_value=30),
)
def test_working_days_due_is_after_start_and_holds_that_many_working_days(start, days):
    start = start.replace(tzinfo=WIB)
    due = working_days_due(OFFICE_WITH_HOLIDAYS, start, days)
    assert due > start
    assert OFFICE_WITH_HOLIDAYS.is_working_time(due - timedelta(minutes=1))
    # one day fewer ends strictly earlier
    if days > 1:
        assert working_days_due(OFFICE_WITH_HOLIDAYS, start, days - 1) < due


def test_working_days_must_be_positive():
    with pytest.raises(ValueError):
        working_days_due(OFFICE, wib(5, 10), 0)
