"""Official letter numbers (nomor surat): a configurable pattern over a gapless yearly sequence."""

from __future__ import annotations

import string
from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from silajar.core.sequences import sequence_next

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
PLACEHOLDERS = frozenset({"seq", "year", "month", "month_roman"})


def check_pattern(pattern: str) -> str:
    """Refuse a pattern without `{seq}` or with placeholders we do not fill."""
    names = {field for _, field, _, _ in string.Formatter().parse(pattern) if field is not None}
    if "seq" not in names:
        raise ImproperlyConfigured(f"letter number pattern {pattern!r} lacks {{seq}}")
    unknown = names - PLACEHOLDERS
    if unknown:
        raise ImproperlyConfigured(f"letter number pattern {pattern!r}: unknown {sorted(unknown)}")
    return pattern


def format_letter_number(pattern: str, *, seq: int, day: date) -> str:
    """`555/{seq}/DISKOMINFO-B/{year}`, 7, 2026-03-02 → `555/7/DISKOMINFO-B/2026`."""
    return check_pattern(pattern).format(
        seq=seq, year=day.year, month=f"{day.month:02d}", month_roman=ROMAN_MONTHS[day.month - 1]
    )


def letter_number_next(series: str, *, day: date, pattern: str | None = None) -> str:
    """The next official number of `series` for a letter dated `day`.

    Runs inside the caller's transaction (see sequence_next): concurrent issuers wait in turn and
    a rolled-back letter gives its number back, so the register has no gaps and no twins."""
    pattern = check_pattern(pattern or settings.SILAJAR_REPLY_LETTER_PATTERN)
    seq = sequence_next(key=f"letter:{series}", year=day.year)
    return format_letter_number(pattern, seq=seq, day=day)
