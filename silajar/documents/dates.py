"""Dates as Indonesian letters write them ("30 November 2026"), whatever the active language."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import dateformat, timezone, translation


def long_date(day: date | datetime | None, *, with_time: bool = False) -> str:
    """`30 November 2026` (or `30 November 2026, 14.05 WIB`); empty for None."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = timezone.localtime(day) if timezone.is_aware(day) else day
    with translation.override("id"):
        text = dateformat.format(day, "j F Y")
        if with_time and isinstance(day, datetime):
            text += f", {day:%H.%M} WIB"
    return text


def month_year(year: int, month: int) -> str:
    """`November 2026`: a calendar month as Indonesian letters name it."""
    with translation.override("id"):
        return dateformat.format(date(year, month, 1), "F Y")
