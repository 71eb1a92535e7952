"""Latency samples: the raw probes of each target and minute (`ProbeMinute`, written by the
monitor in one bulk insert per flush), rolled up by hour and by day (`LatencyRollup`: count,
failures, and min, mean and 95th percentile of the good probes), and the raw rows older than
`SILAJAR_MONITOR_RAW_DAYS` deleted. The roll-ups and the pruning run in the worker every hour
(`monitoring.tasks`); each roll-up is computed from the raw rows and written once more if
asked again (an upsert), so a missed hour is caught up on the next run."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max, Min
from django.utils import timezone

from silajar.monitoring.choices import RollupPeriod
from silajar.monitoring.models import LatencyRollup, ProbeMinute, Target

HOUR, DAY = timedelta(hours=1), timedelta(days=1)


def samples_flush(*, rows: Sequence[tuple[int, datetime, list]]) -> int:
    """Store the probes of whole minutes: (target id, minute, [[second, latency ms or None],
    …]) each. A minute already stored is kept as it is (a restart within that minute); the
    rows of targets deleted meanwhile are dropped. Returns how many rows were written."""
    if not rows:
        return 0
    known = set(
        Target.objects.filter(pk__in={pk for pk, _m, _p in rows}).values_list("pk", flat=True)
    )
    objects = [
        ProbeMinute(target_id=pk, minute=minute, probes=probes)
        for pk, minute, probes in rows
        if pk in known
    ]
    ProbeMinute.objects.bulk_create(objects, batch_size=1000, ignore_conflicts=True)
    return len(objects)


def _p95(values: list[float]) -> float:
    """The nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _rollup(period: str, start: datetime, end: datetime) -> int:
    """Roll the raw probes of [start, end) up into `period` rows starting at `start`."""
    probes: dict[int, int] = defaultdict(int)
    failures: dict[int, int] = defaultdict(int)
    good: dict[int, list[float]] = defaultdict(list)
    rows = ProbeMinute.objects.filter(minute__gte=start, minute__lt=end).values_list(
        "target_id", "probes"
    )
    for target_id, minute in rows.iterator(chunk_size=5000):
        for _second, latency in minute:
            probes[target_id] += 1
            if latency is None:
                failures[target_id] += 1
            else:
                good[target_id].append(float(latency))
    objects = []
    for target_id, count in probes.items():
        values = good[target_id]
        objects.append(
            LatencyRollup(
                target_id=target_id,
                period=period,
                start=start,
                probes=count,
                failures=failures[target_id],
                min_ms=min(values) if values else None,
                mean_ms=round(sum(values) / len(values), 3) if values else None,
                p95_ms=_p95(values) if values else None,
            )
        )
    LatencyRollup.objects.bulk_create(
        objects,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["target", "period", "start"],
        update_fields=["probes", "failures", "min_ms", "mean_ms", "p95_ms"],
    )
    return len(objects)


def _starts(step: timedelta, first: datetime, end: datetime) -> Iterable[datetime]:
    start = first
    while start + step <= end:
        yield start
        start += step


def _first_to_roll(
    period: str, step: timedelta, floor: Callable[[datetime], datetime], *, now: datetime
) -> datetime | None:
    """The start of the first period not rolled up yet: after the latest roll-up, else at the
    oldest raw row, and never before the raw retention."""
    latest = LatencyRollup.objects.filter(period=period).aggregate(v=Max("start"))["v"]
    oldest = ProbeMinute.objects.aggregate(v=Min("minute"))["v"]
    if oldest is None:
        return None
    first = latest + step if latest is not None else floor(oldest)
    kept = floor(now - timedelta(days=settings.SILAJAR_MONITOR_RAW_DAYS))
    return max(first, kept)


def _hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _local_day(moment: datetime) -> datetime:
    """The start of the day (WIB) of `moment`."""
    return timezone.localtime(moment).replace(hour=0, minute=0, second=0, microsecond=0)


def _roll_up_whole(
    period: str, step: timedelta, floor: Callable[[datetime], datetime], now: datetime | None
) -> int:
    """Roll up every whole `period` (of length `step`, starting at `floor` of a moment) not
    rolled up yet. Returns the rows written."""
    now = now or timezone.now()
    first = _first_to_roll(period, step, floor, now=now)
    if first is None:
        return 0
    return sum(_rollup(period, start, start + step) for start in _starts(step, first, floor(now)))


def rollup_hours(*, now: datetime | None = None) -> int:
    """Roll up every whole hour not rolled up yet. Returns the rows written."""
    return _roll_up_whole(RollupPeriod.HOUR, HOUR, _hour, now)


def rollup_days(*, now: datetime | None = None) -> int:
    """Roll up every whole day (WIB) not rolled up yet. Returns the rows written."""
    return _roll_up_whole(RollupPeriod.DAY, DAY, _local_day, now)


def samples_prune(*, now: datetime | None = None) -> int:
    """Delete the raw probes older than `SILAJAR_MONITOR_RAW_DAYS`. Returns how many."""
    now = now or timezone.now()
    horizon = now - timedelta(days=settings.SILAJAR_MONITOR_RAW_DAYS)
    deleted, _by_model = ProbeMinute.objects.filter(minute__lt=horizon).delete()
    return deleted


def samples_keep(*, now: datetime | None = None) -> dict[str, int]:
    """The worker's hourly care of the samples: roll-ups, then pruning."""
    now = now or timezone.now()
    return {
        "hours": rollup_hours(now=now),
        "days": rollup_days(now=now),
        "pruned": samples_prune(now=now),
    }
