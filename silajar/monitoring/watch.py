"""When the monitor watched a link: the SLA's *observed* time (`contracts.report` asks here).

A link is watched while a monitor run is alive over a shard that holds one of the link's
provider-side targets (`provider`, `upstream`; `shards.shard_of`), from the creation of its
first such target on. A run is alive from `started_at` to `ended_at` (a clean stop) or, when
it was killed, to its last heartbeat `beat_at`; a run still beating (its last beat within three
heartbeats) is alive up to now. The time between a killed run's last beat and the next start
is *unmonitored*: never up, never down. Overlapping runs (two monitors of the same shard, a
restart) are merged, so no time is counted twice. A link with no provider-side target has no
monitoring (None: all its active time is observed)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from silajar.monitoring.choices import PROVIDER_SIDE_ROLES
from silajar.monitoring.models import MonitorRun, Target
from silajar.monitoring.shards import shard_of
from silajar.providers.models import Link

Span = tuple[datetime, datetime | None]
ALIVE_BEATS = 3  # a run whose last beat is this many heartbeats old or less is running now


def _merged(spans: list[Span]) -> list[Span]:
    spans.sort(key=lambda span: span[0])
    merged: list[Span] = []
    for start, end in spans:
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None:
                continue
            if start <= last_end:
                merged[-1] = (last_start, None if end is None else max(end, last_end))
                continue
        merged.append((start, end))
    return merged


def watched_spans(
    links: Sequence[Link], *, start: datetime, end: datetime, now: datetime | None = None
) -> dict[int, list[Span] | None]:
    """For each link, the spans in [start, end) its monitor ran, merged and oldest first (an
    open end: the run is alive now); None for a link with no provider-side target. Two queries
    whatever the number of links and runs."""
    return watched_spans_of([link.pk for link in links], start=start, end=end, now=now)


def watched_spans_of(
    ids: Sequence[int], *, start: datetime, end: datetime, now: datetime | None = None
) -> dict[int, list[Span] | None]:
    """`watched_spans` of the links with these ids (the status board's day bars)."""
    now = now or timezone.now()
    targets: dict[int, list[int]] = defaultdict(list)
    since: dict[int, datetime] = {}
    rows = Target.objects.filter(link_id__in=ids, role__in=PROVIDER_SIDE_ROLES).values_list(
        "link_id", "pk", "created_at"
    )
    for link_id, pk, created_at in rows:
        targets[link_id].append(pk)
        since[link_id] = min(created_at, since.get(link_id, created_at))
    if not targets:
        return {pk: None for pk in ids}
    alive = now - timedelta(seconds=ALIVE_BEATS * settings.SILAJAR_MONITOR_HEARTBEAT_SECONDS)
    runs = list(
        MonitorRun.objects.filter(started_at__lt=end)
        .filter(Q(ended_at__gt=start) | Q(ended_at__isnull=True, beat_at__gt=start))
        .values_list("shard", "shards", "started_at", "beat_at", "ended_at")
    )
    out: dict[int, list[Span] | None] = {}
    for link_id in ids:
        mine = targets.get(link_id)
        if not mine:
            out[link_id] = None
            continue
        spans: list[Span] = []
        for shard, shards, started_at, beat_at, ended_at in runs:
            if not any(shard_of(pk, shards) == shard for pk in mine):
                continue
            first = max(started_at, start, since[link_id])
            last: datetime | None = ended_at or beat_at
            if ended_at is None and beat_at >= alive:
                last = None if end > now else end
            if last is not None:
                last = min(last, end)
            if last is None or last > first:
                spans.append((first, last))
        out[link_id] = _merged(spans)
    return out
