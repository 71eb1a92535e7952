"""When the monitor watched a link: the SLA's *observed* time (`contracts.report` asks here).

A link is watched while a monitor run is alive over a shard that holds one of the link's
provider-side targets (`provider`, `upstream`; `shards.shard_of`; a run of one vantage holds
only the targets probed from there), from the creation of that
target on and while that target is not paused (`TargetPause`): a link whose only
provider-side target is paused is not watched. A run is alive from `started_at` to `ended_at`
(a clean stop) or, when it was killed, to its last heartbeat `beat_at`; a run still beating
(its last beat within three heartbeats) is alive up to now. The time between a killed run's
last beat and the next start is *unmonitored*: never up, never down. Overlapping runs (two
monitors of the same shard, a restart) are merged, so no time is counted twice. A link with no
provider-side target has no monitoring (None: all its active time is observed)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from silajar.monitoring.choices import PROVIDER_SIDE_ROLES
from silajar.monitoring.models import MonitorRun, Target, TargetPause
from silajar.monitoring.shards import shard_of
from silajar.providers.models import Link

Span = tuple[datetime, datetime | None]
ALIVE_BEATS = 3  # a run whose last beat is this many heartbeats old or less is running now
OPEN = datetime.max.replace(tzinfo=UTC)  # the end of a span that lasts


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
    open end: the run is alive now); None for a link with no provider-side target. Three
    queries whatever the number of links and runs."""
    return watched_spans_of([link.pk for link in links], start=start, end=end, now=now)


def spans_minus(spans: list[tuple[datetime, datetime]], holes: list[tuple[datetime, datetime]]):
    """`spans` without the time of `holes` (both sorted by start; the holes may overlap)."""
    found = []
    for start, end in spans:
        for hole_start, hole_end in holes:
            if hole_end <= start or hole_start >= end:
                continue
            if hole_start > start:
                found.append((start, hole_start))
            start = max(start, hole_end)
            if start >= end:
                break
        if start < end:
            found.append((start, end))
    return found


def watched_spans_of(
    ids: Sequence[int], *, start: datetime, end: datetime, now: datetime | None = None
) -> dict[int, list[Span] | None]:
    """`watched_spans` of the links with these ids (the status board's day bars). A link is
    watched through each of its provider-side targets from the target's creation, while a run
    of the target's shard is alive and the target is not paused; the union over its targets.
    Three queries whatever the number of links, targets and runs."""
    now = now or timezone.now()
    targets: dict[int, list[tuple[int, datetime, str]]] = defaultdict(list)
    rows = Target.objects.filter(link_id__in=ids, role__in=PROVIDER_SIDE_ROLES).values_list(
        "link_id", "pk", "created_at", "vantage"
    )
    for link_id, pk, created_at, vantage in rows:
        targets[link_id].append((pk, created_at, vantage))
    if not targets:
        return {pk: None for pk in ids}
    alive = now - timedelta(seconds=ALIVE_BEATS * settings.SILAJAR_MONITOR_HEARTBEAT_SECONDS)
    runs = list(
        MonitorRun.objects.filter(started_at__lt=end)
        .filter(Q(ended_at__gt=start) | Q(ended_at__isnull=True, beat_at__gt=start))
        .values_list("shard", "shards", "vantage", "started_at", "beat_at", "ended_at")
    )
    pauses: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    paused_rows = (
        TargetPause.objects.filter(
            target__link_id__in=ids, target__role__in=PROVIDER_SIDE_ROLES, started_at__lt=end
        )
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=start))
        .order_by("started_at")
        .values_list("target_id", "started_at", "ended_at")
    )
    for target_id, paused_at, resumed_at in paused_rows:
        pauses[target_id].append((paused_at, resumed_at or OPEN))
    out: dict[int, list[Span] | None] = {}
    for link_id in ids:
        mine = targets.get(link_id)
        if not mine:
            out[link_id] = None
            continue
        spans: list[Span] = []
        for pk, created_at, vantage in mine:
            through: list[tuple[datetime, datetime]] = []
            for shard, shards, of_vantage, started_at, beat_at, ended_at in runs:
                if shard_of(pk, shards) != shard or of_vantage not in ("", vantage):
                    continue
                first = max(started_at, start, created_at)
                last: datetime = min(ended_at or beat_at, end)
                if ended_at is None and beat_at >= alive:
                    last = OPEN if end > now else end
                if last > first:
                    through.append((first, last))
            through.sort()
            for first, last in spans_minus(through, pauses.get(pk, [])):
                spans.append((first, None if last == OPEN else last))
        out[link_id] = _merged(spans)
    return out
