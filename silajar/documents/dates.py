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


DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
UNITS = (
    "", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    "sepuluh", "sebelas",
)  # fmt: skip


def number_words(n: int) -> str:
    """An integer in Indonesian words (terbilang): 2026 → `dua ribu dua puluh enam`."""
    if n < 0:
        return f"minus {number_words(-n)}"
    if n == 0:
        return "nol"
    if n < 12:
        return UNITS[n]
    if n < 20:
        return f"{UNITS[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return " ".join(w for w in (f"{UNITS[tens]} puluh", UNITS[rest]) if w)
    if n < 200:
        return " ".join(w for w in ("seratus", number_words(n - 100) if n > 100 else "") if w)
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return " ".join(w for w in (f"{UNITS[hundreds]} ratus", rest and number_words(rest)) if w)
    if n < 2000:
        return " ".join(w for w in ("seribu", number_words(n - 1000) if n > 1000 else "") if w)
    for size, name in ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")):
        if n >= size:
            big, rest = divmod(n, size)
            return " ".join(
                w for w in (f"{number_words(big)} {name}", rest and number_words(rest)) if w
            )
    raise AssertionError(n)  # pragma: no cover


def day_in_words(day: date | datetime) -> str:
    """The opening of a berita acara: `Pada hari ini, Senin tanggal lima bulan Desember tahun
    dua ribu dua puluh enam`."""
    if isinstance(day, datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    with translation.override("id"):
        month = dateformat.format(day, "F")
    return (
        f"Pada hari ini, {DAY_NAMES[day.weekday()]} tanggal {number_words(day.day)} "
        f"bulan {month} tahun {number_words(day.year)}"
    )
