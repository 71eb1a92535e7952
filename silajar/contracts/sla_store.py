"""The links' months that are over, computed once and kept (ADR 0007).

A link's month no longer changes once it is over, unless a record that feeds it changes: its
outages, the provider's maintenance windows, the link, its contract's terms, the monitor's
runs and targets. So `contracts.report` keeps each such link-month's result
(`LinkMonthResult`) and reads it back instead of computing it again, and every change that can
alter a month that is over raises the link's *generation* (`invalidate`, called by the model
signals of `contracts.sla_invalidation` in the writer's transaction). A kept result is used
only while it carries the link's current generation.

Why a generation and not a delete: a report reads the generation *before* it reads the inputs
and stores its result with that generation. A change committed after the report read the
generation raises it, so a result computed from the old inputs is never used, whichever of
the report and the writer commits first; a delete would miss a result stored just after it.

What is kept, and when (`storable`):
* only months over for at least `SETTLE` (one hour): the running month is always computed
  live, and so is the first hour of the next (a change committed as the month ends, by a
  writer that saw it running and raised nothing, cannot be missed);
* only link-months none of whose outages is open: an open outage's whole length grows with
  `now`, and with it whether it counts;
* the figures only: incidents and their breaches are read live (a running incident's clock
  moves with `now`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from silajar.contracts import sla
from silajar.contracts.models import LinkMonthResult, LinkSlaState

SETTLE = timedelta(hours=1)
_US = timedelta(microseconds=1)
_CHUNK = 500  # links per statement


def settled(year: int, month: int, *, now: datetime) -> bool:
    """Whether the month (WIB) ended at least `SETTLE` before `now`: its results may be kept."""
    return sla.month_range(year, month)[1] + SETTLE <= now


def running_month_start(now: datetime) -> datetime:
    """The first instant (UTC) of the month running at `now` in WIB: a change at or after it
    touches no month that is over."""
    local = now.astimezone(sla.WIB)
    return sla.month_range(local.year, local.month)[0]


def generations(link_ids: Sequence[int]) -> dict[int, int]:
    """Each link's current generation (0 for a link never invalidated)."""
    found = dict(
        LinkSlaState.objects.filter(link_id__in=link_ids).values_list("link_id", "generation")
    )
    return {pk: found.get(pk, 0) for pk in link_ids}


def stored(link_ids: Sequence[int], *, year: int, month: int) -> dict[int, sla.LinkMonth]:
    """The kept results of the links' month that are still valid (their generation is the
    link's), by link id. One query."""
    current = Coalesce(
        Subquery(LinkSlaState.objects.filter(link_id=OuterRef("link_id")).values("generation")[:1]),
        Value(0),
        output_field=IntegerField(),
    )
    rows = (
        LinkMonthResult.objects.filter(link_id__in=link_ids, year=year, month=month)
        .annotate(current=current)
        .values_list("link_id", "generation", "current", *_FIELDS)
    )
    start, end = sla.month_range(year, month)
    out = {}
    for link_id, generation, now_generation, *values in rows:
        if generation == now_generation:
            out[link_id] = _link_month(year, month, start, end, values)
    return out


_FIELDS = (
    "observed_us",
    "downtime_us",
    "excluded_us",
    "counted_us",
    "unmonitored_us",
    "inactive_us",
    "availability_percent",
    "measured",
    "target_met",
    "credit_percent",
    "restitution_amount",
    "pieces",
)


def _link_month(year: int, month: int, start: datetime, end: datetime, values) -> sla.LinkMonth:
    (observed, downtime, excluded, counted, unmonitored, inactive) = values[:6]
    availability, measured, target_met, credit, amount, pieces = values[6:]
    return sla.LinkMonth(
        year=year,
        month=month,
        start=start,
        end=end,
        observed=observed * _US,
        downtime=downtime * _US,
        excluded=excluded * _US,
        counted=counted * _US,
        unmonitored=unmonitored * _US,
        inactive=inactive * _US,
        future=timedelta(0),  # kept only once the month is over
        availability_percent=availability,
        measured=measured,
        target_met=target_met,
        credit_percent=None if credit is None else Decimal(credit),
        restitution_amount=amount,
        pieces=tuple((a, b, label, counted) for a, b, label, counted in pieces),
    )


def store(
    results: dict[int, sla.LinkMonth], *, link_generations: dict[int, int], now: datetime
) -> None:
    """Keep `results` (by link id), each with the generation its link had before its inputs
    were read (`generations`). Two reports storing the same link-month: the unique constraint
    and the upsert keep one, without an error."""
    rows = [
        LinkMonthResult(
            link_id=link_id,
            year=result.year,
            month=result.month,
            generation=link_generations[link_id],
            observed_us=result.observed // _US,
            downtime_us=result.downtime // _US,
            excluded_us=result.excluded // _US,
            counted_us=result.counted // _US,
            unmonitored_us=result.unmonitored // _US,
            inactive_us=result.inactive // _US,
            availability_percent=result.availability_percent,
            measured=result.measured,
            target_met=result.target_met,
            credit_percent=None if result.credit_percent is None else str(result.credit_percent),
            restitution_amount=result.restitution_amount,
            pieces=[list(piece) for piece in result.pieces],
            computed_at=now,
        )
        for link_id, result in results.items()
    ]
    if not rows:
        return
    LinkMonthResult.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["link", "year", "month"],
        update_fields=["generation", *_FIELDS, "computed_at"],
    )


def invalidate(link_ids: Iterable[int]) -> None:
    """Raise the links' generations: their kept months are no longer used. Call it in the
    transaction of the change (the signals of `contracts.sla_invalidation` do)."""
    ids = sorted(set(link_ids))
    table = connection.ops.quote_name(LinkSlaState._meta.db_table)
    with connection.cursor() as cursor:
        for first in range(0, len(ids), _CHUNK):
            chunk = ids[first : first + _CHUNK]
            values = ", ".join(["(%s, 1)"] * len(chunk))
            # one statement per chunk: created at 1, or raised by one (PostgreSQL and SQLite)
            cursor.execute(
                f"INSERT INTO {table} (link_id, generation) VALUES {values} "  # noqa: S608
                f"ON CONFLICT (link_id) DO UPDATE SET generation = {table}.generation + 1",
                chunk,
            )
