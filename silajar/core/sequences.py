"""Gapless yearly number sequences (TKT-2026-000001, PJ-2026-0001, letter numbers)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from silajar.core.models import NumberSequence


def sequence_next(*, key: str, year: int | None = None, count: int = 1) -> int:
    """The next number of series `key` in `year`; with `count`, that many numbers in a row are
    taken at once (bulk generators) and the first of them is returned.

    Call it inside the transaction that stores the numbered records: the row stays locked until
    that transaction ends, so concurrent callers wait their turn, and a rollback gives the numbers
    back — no gaps, no duplicates.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("sequence_next must run inside the transaction that uses the number")
    if count < 1:
        raise ValueError("sequence_next takes at least one number")
    year = year or timezone.localdate().year
    updated = NumberSequence.objects.select_for_update().filter(key=key, year=year)
    sequence = updated.first()
    if sequence is None:
        try:
            with transaction.atomic():
                sequence = NumberSequence.objects.create(key=key, year=year, last_value=0)
        except IntegrityError:
            # Another transaction created it first; wait for its lock like everyone else.
            sequence = updated.get()
    first = sequence.last_value + 1
    sequence.last_value += count
    sequence.save(update_fields=["last_value"])
    return first


def format_number(prefix: str, year: int, value: int, width: int) -> str:
    """`TKT`, 2026, 42, 6 → `TKT-2026-000042`."""
    return f"{prefix}-{year}-{value:0{width}d}"


def next_number(*, key: str, prefix: str, width: int) -> str:
    """The next number of series `key` in this (local) year, formatted: `TKT-2026-000042`.
    Same rule as `sequence_next`: inside the transaction that stores the numbered record."""
    year = timezone.localdate().year
    return format_number(prefix, year, sequence_next(key=key, year=year), width)
