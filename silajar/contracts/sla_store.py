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

What is kept, and when:
* only months over for at least `SETTLE` (one hour, `settled`): the running month is always
  computed live, and so is the first hour of the next (a change committed as the month ends,
  by a writer that saw it running and raised nothing, cannot be missed);
* only link-months with nothing still running (the report decides): no open outage (its whole
  length grows with `now`, and with it whether it counts) and no running incident (its
  response or restoration time grows with `now`);
* the figures, the bar and the incidents' counts; the bar is read back only when asked (the
  API and the totals never need it).

The report reads the kept months that carry their link's generation in one query after the
links': a contract-month whose months are all kept is two queries. The months it computes
are kept with the generations read before their inputs (`generations`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Coalesce

from silajar.contracts import sla
from silajar.contracts.models import LinkMonthResult, LinkSlaState
from silajar.contracts.sla_time import US, micros

SETTLE = timedelta(hours=1)
_CHUNK = 500  # links per statement

# the kept fields, in the order `_kept` reads them
FIGURES = (
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
    "incidents",
    "response_breaches",
    "restoration_breaches",
)


class Kept(NamedTuple):
    """A link's month as kept: the engine's result and the incidents' counts."""

    month: sla.LinkMonth
    incidents: int
    response_breaches: int
    restoration_breaches: int


def settled(year: int, month: int, *, now: datetime) -> bool:
    """Whether the month (WIB) ended at least `SETTLE` before `now`: its results may be kept."""
    return sla.month_range(year, month)[1] + SETTLE <= now


def running_month_start(now: datetime) -> datetime:
    """The first instant (UTC) of the month running at `now` in WIB: a change at or after it
    touches no month that is over."""
    local = now.astimezone(sla.WIB)
    return sla.month_range(local.year, local.month)[0]


def generations(link_ids: Sequence[int]) -> dict[int, int]:
    """The links' current generations (0: never raised). Read them before the inputs of what
    is to be kept with them."""
    found = dict(
        LinkSlaState.objects.filter(link_id__in=link_ids).values_list("link_id", "generation")
    )
    return {pk: found.get(pk, 0) for pk in link_ids}


def kept(link_ids: Sequence[int], *, year: int, month: int, bars: bool) -> dict[int, Kept]:
    """The links' kept months that carry their link's current generation (compared in the
    same query), by link id; one query. `bars`: with each one's bar."""
    fields = ("link_id", *FIGURES, *(("pieces",) if bars else ()))
    rows = (
        LinkMonthResult.objects.filter(link_id__in=link_ids, year=year, month=month)
        .alias(current=Coalesce(F("link__sla_state__generation"), Value(0)))
        .filter(generation=F("current"))
        .values_list(*fields)
    )
    start, end = sla.month_range(year, month)
    return {link_id: _kept(year, month, start, end, values) for link_id, *values in rows}


def _kept(year: int, month: int, start: datetime, end: datetime, values: list) -> Kept:
    (observed, downtime, excluded, counted, unmonitored, inactive) = values[:6]
    availability, measured, target_met, credit, amount = values[6:11]
    pieces = values[14] if len(values) > 14 else None
    result = sla.LinkMonth(
        year=year,
        month=month,
        start=start,
        end=end,
        observed=observed * US,
        downtime=downtime * US,
        excluded=excluded * US,
        counted=counted * US,
        unmonitored=unmonitored * US,
        inactive=inactive * US,
        future=timedelta(0),  # kept only once the month is over
        availability_percent=availability,
        measured=measured,
        target_met=target_met,
        credit_percent=credit,
        restitution_amount=amount,
        pieces=None if pieces is None else _unpacked(pieces, micros(start, "month start")),
    )
    return Kept(result, *values[11:14])


# a bar's piece kept as two integers: its end in µs from the month's start, and its kind (the
# pieces tile the month, so each starts where the one before ends): short to read back
_KINDS: tuple[tuple[sla.Label, bool], ...] = (
    ("up", False),
    ("down", False),
    ("down", True),
    ("excluded", False),
    ("unmonitored", False),
    ("inactive", False),
    ("future", False),
)
_KIND_CODE = {kind: code for code, kind in enumerate(_KINDS)}


def _packed(pieces: tuple[tuple[int, int, sla.Label, bool], ...], start_us: int) -> list[int]:
    out: list[int] = []
    at = start_us
    for a, b, label, counted in pieces:
        if a != at:
            raise ValueError(f"the bar's pieces do not tile the month at {a}")
        out += [b - start_us, _KIND_CODE[label, counted]]
        at = b
    return out


def _unpacked(packed: list[int], start_us: int) -> tuple[tuple[int, int, sla.Label, bool], ...]:
    pieces = []
    at = start_us
    for i in range(0, len(packed), 2):
        end = start_us + packed[i]
        pieces.append((at, end, *_KINDS[packed[i + 1]]))
        at = end
    return tuple(pieces)


def store(results: dict[int, Kept], *, generations: dict[int, int], now: datetime) -> None:
    """Keep `results` (by link id), each with the generation its link had before its inputs
    were read. Two reports storing the same link-month: the unique constraint and the upsert
    keep one, without an error."""
    rows = [
        LinkMonthResult(
            link_id=link_id,
            year=kept.month.year,
            month=kept.month.month,
            generation=generations[link_id],
            observed_us=kept.month.observed // US,
            downtime_us=kept.month.downtime // US,
            excluded_us=kept.month.excluded // US,
            counted_us=kept.month.counted // US,
            unmonitored_us=kept.month.unmonitored // US,
            inactive_us=kept.month.inactive // US,
            availability_percent=kept.month.availability_percent,
            measured=kept.month.measured,
            target_met=kept.month.target_met,
            credit_percent=kept.month.credit_percent,
            restitution_amount=kept.month.restitution_amount,
            pieces=_packed(kept.month.pieces or (), micros(kept.month.start, "month start")),
            incidents=kept.incidents,
            response_breaches=kept.response_breaches,
            restoration_breaches=kept.restoration_breaches,
            computed_at=now,
        )
        for link_id, kept in results.items()
    ]
    if not rows:
        return
    LinkMonthResult.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["link", "year", "month"],
        update_fields=["generation", *FIGURES, "pieces", "computed_at"],
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
                f"INSERT INTO {table} (link_id, generation) VALUES {values} "  # noqa: S608  # nosec B608 — the table name from the model, values bound
                f"ON CONFLICT (link_id) DO UPDATE SET generation = {table}.generation + 1",
                chunk,
            )
