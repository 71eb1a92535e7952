"""A batch of generated tickets: spread over the working days in order, given ids and numbers
from the gapless yearly sequence (a block per year, reserved once), built with their histories
and stored in bulk — COPY on PostgreSQL, multi-row inserts elsewhere."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from silajar.core.models import AuditEvent
from silajar.core.sequences import format_number, sequence_next
from silajar.tickets.generate.context import Context
from silajar.tickets.generate.history import TICKET_COLUMNS, build_ticket
from silajar.tickets.services.filing import NUMBER_PREFIX, NUMBER_WIDTH

EVENT_COLUMNS = [f.column for f in AuditEvent._meta.concrete_fields if f.column != "id"]
WORK_START, WORK_MINUTES = 7 * 60 + 30, 8 * 60 + 30  # 07:30, until 16:00


def _moment(ctx: Context, k: int, total: int) -> datetime:
    """The k-th of `total` tickets, in order: spread evenly over the working days, in office
    hours (the last ones end before now)."""
    position = k * len(ctx.days) / total
    day = ctx.days[min(int(position), len(ctx.days) - 1)]
    minutes = WORK_START + (position % 1) * WORK_MINUTES
    moment = timezone.make_aware(datetime.combine(day, time()) + timedelta(minutes=minutes))
    return min(moment, ctx.now - timedelta(minutes=(total - k) % 300 + 1))


def _reserve_ids(count: int) -> list[int]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('tickets_ticket', 'id')) "
                "FROM generate_series(1, %s)",
                [count],
            )
            return [r[0] for r in cursor.fetchall()]
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM tickets_ticket")
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def write_batch(ctx: Context, offset: int, size: int, total: int) -> None:
    """Generate and store tickets `offset` to `offset + size` of `total`, inside the caller's
    transaction (the numbers' sequence rows stay locked until it commits)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # generated data: a crash loses at most the last batches, never corrupts them
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
    moments = [_moment(ctx, k, total) for k in range(offset, offset + size)]
    ids = _reserve_ids(size)
    numbers: list[str] = []
    by_year: dict[int, int] = {}
    for moment in moments:
        year = timezone.localtime(moment).year
        by_year[year] = by_year.get(year, 0) + 1
    next_value = {
        year: sequence_next(key="ticket", year=year, count=count)
        for year, count in sorted(by_year.items())
    }
    for moment in moments:
        year = timezone.localtime(moment).year
        numbers.append(format_number(NUMBER_PREFIX, year, next_value[year], NUMBER_WIDTH))
        next_value[year] += 1
    tickets, events = [], []
    for pk, number, moment in zip(ids, numbers, moments, strict=True):
        row, rows = build_ticket(ctx, pk, number, moment)
        tickets.append(row)
        events.extend(rows)
    _insert("tickets_ticket", TICKET_COLUMNS, tickets)
    _insert("core_auditevent", EVENT_COLUMNS, events)
    ctx.stats["tickets"] += len(tickets)
    ctx.stats["events"] += len(events)


def _insert(table: str, columns: list[str], rows: list) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = ", ".join(columns)
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        adapt = connection.ops.adapt_datetimefield_value
        prepared = [[adapt(v) if isinstance(v, datetime) else v for v in row] for row in rows]
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            # table and column names come from the models, never from input
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",  # noqa: S608  # nosec B608 — names from the models, values bound
            prepared,
        )
