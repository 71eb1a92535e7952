"""Reading the monitor: what a user may see (always from `core.access.visible`), the status of
every visible target with its latest latency (one query however many targets), the last hour's
latency of many targets, a target's samples (raw probes within the raw retention, roll-ups
beyond it), and each link's availability day by day (its outages,
down or excluded, and the time the monitor watched)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from silajar.core.access import visible
from silajar.core.calendar import local_day_start
from silajar.core.paging import Sorts
from silajar.core.search import text_match
from silajar.monitoring.choices import (
    RollupPeriod,
    TargetState,
)
from silajar.monitoring.models import LatencyRollup, ProbeMinute, Target, TargetDowntime
from silajar.monitoring.watch import spans_minus, watched_spans_of
from silajar.providers.models import Outage

TARGET_SORTS = Sorts(
    {"name": ("name",), "-name": ("-name",)}, default="name", salt="silajar.targets.cursor"
)
DOWNTIME_SORTS = Sorts(
    {"-started": ("-started_at",), "started": ("started_at",)},
    default="-started",
    salt="silajar.downtimes.cursor",
)
DAILY_BEYOND = timedelta(days=60)  # a longer range of samples is answered day by day
BOARD_DAYS = 90
HOUR_CACHE = 120  # seconds a target's last hour stays cached (its minute is over by then)
Span = tuple[datetime, datetime]


def raw_retention() -> timedelta:
    """How long raw probes are kept (`SILAJAR_MONITOR_RAW_DAYS`, 7 days by default)."""
    return timedelta(days=getattr(settings, "SILAJAR_MONITOR_RAW_DAYS", 7))


def given(filters: dict[str, Any], name: str) -> Any:
    value = filters.get(name)
    return None if value in (None, "") else value


def effective_state(target: Target) -> str:
    """The state shown for `target`: `paused` while paused, else the monitor's."""
    return TargetState.PAUSED if target.paused else target.state


def target_list(*, user, filters: dict[str, Any]) -> QuerySet[Target]:
    """The targets `user` sees, with their link, place and the probes of their newest minute
    (`latest_probes`); filters `q` (name, host, URL), `provider`, `organization` (the agency
    of the link or of the place), `link`, `location`, `role`, `kind`, `state` (`paused`: the
    paused ones; another state: the unpaused ones in it)."""
    newest = ProbeMinute.objects.filter(target=OuterRef("pk")).order_by("-minute")
    targets = (
        filtered(visible(user, Target), filters)
        .select_related(
            "link__provider", "link__organization", "location__organization", "link__location"
        )
        .annotate(latest_probes=Subquery(newest.values("probes")[:1]))
    )
    return targets.order_by(*TARGET_SORTS.order_by(filters.get("sort")))


def filtered(targets: QuerySet[Target], filters: dict[str, Any]) -> QuerySet[Target]:
    """`targets` with the filters of `target_list`."""
    if q := (filters.get("q") or "").strip():
        targets = targets.filter(text_match(q, ("name", "host", "url")))
    if given(filters, "provider") is not None:
        targets = targets.filter(link__provider_id=filters["provider"])
    if given(filters, "organization") is not None:
        agency = filters["organization"]
        targets = targets.filter(
            Q(link__organization_id=agency) | Q(location__organization_id=agency)
        )
    for name in ("link", "location"):
        if given(filters, name) is not None:
            targets = targets.filter(**{f"{name}_id": filters[name]})
    for name in ("role", "kind"):
        if given(filters, name) is not None:
            targets = targets.filter(**{name: filters[name]})
    state = given(filters, "state")
    if state == TargetState.PAUSED:
        targets = targets.filter(paused=True)
    elif state is not None:
        targets = targets.filter(paused=False, state=state)
    return targets


def latest_latency(probes: Any) -> float | None:
    """The latency (ms) of the last probe of a minute's `probes` (None: failed or none)."""
    if not probes:
        return None
    last = probes[-1]
    return float(last[1]) if isinstance(last, list | tuple) and last[1] is not None else None


def status(*, user, filters: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target `user` sees (filtered as `target_list`) with its state, since when, and
    its latest latency: one query."""
    return [
        {
            "id": target.pk,
            "name": target.name,
            "role": target.role,
            "link": target.link_id,
            "location": target.location_id,
            "state": effective_state(target),
            "since": target.state_since,
            "latency_ms": latest_latency(getattr(target, "latest_probes", None)),
        }
        for target in target_list(user=user, filters=filters)
    ]


def downtime_list(*, user, target: Target) -> QuerySet[TargetDowntime]:
    """The downtimes of `target` that `user` sees, newest first, with their outage's link."""
    return (
        visible(user, TargetDowntime)
        .filter(target=target)
        .select_related("outage__link")
        .order_by(*DOWNTIME_SORTS.order_by(None))
    )


# --- latency --------------------------------------------------------------------------------


def minute_latencies(
    target_ids: Iterable[int], *, start: datetime, end: datetime
) -> dict[int, list[tuple[datetime, float | None]]]:
    """Each target's minutes in [start, end): the mean latency of its good probes, None when
    every probe of the minute failed (one query for all targets)."""
    found: dict[int, list[tuple[datetime, float | None]]] = defaultdict(list)
    rows = (
        ProbeMinute.objects.filter(
            target_id__in=list(target_ids), minute__gte=start, minute__lt=end
        )
        .order_by("target_id", "minute")
        .values_list("target_id", "minute", "probes")
    )
    for target_id, minute, probes in rows:
        good = [float(p[1]) for p in probes or () if p[1] is not None]
        if probes:
            found[target_id].append((minute, sum(good) / len(good) if good else None))
    return found


def last_hour(
    target_ids: Sequence[int], *, now: datetime
) -> dict[int, list[tuple[datetime, float | None]]]:
    """Each target's completed minutes of the last hour (`minute_latencies`), kept in the
    cache until the minute ends: the board's polls within a minute (for the same targets)
    read the cache, the first of the next minute the rows (one query)."""
    current = now.replace(second=0, microsecond=0)
    ids = ",".join(str(pk) for pk in sorted(target_ids))
    digest = hashlib.sha256(ids.encode()).hexdigest()[:32]
    key = f"monitoring:hour:{current:%Y%m%d%H%M}:{digest}"
    found = cache.get(key)
    if found is None:
        found = dict(minute_latencies(target_ids, start=current - timedelta(hours=1), end=current))
        cache.set(key, found, timeout=HOUR_CACHE)
    return found


@dataclass(frozen=True)
class Sample:
    """One point of a target's latency: a raw probe or a roll-up of an hour or a day."""

    at: datetime
    kind: str  # "raw", "hour", "day"
    latency_ms: float | None  # a raw probe's latency, a roll-up's mean (None: all failed)
    probes: int
    failures: int
    min_ms: float | None = None
    p95_ms: float | None = None

    @property
    def loss(self) -> float:
        return self.failures / self.probes if self.probes else 0.0

    @property
    def raw(self) -> bool:
        return self.kind == "raw"


def samples(target: Target, *, start: datetime, end: datetime) -> list[Sample]:
    """The latency of `target` in [start, end), oldest first: raw probes within the raw
    retention, hourly roll-ups before it, daily roll-ups for the whole range when it is longer
    than DAILY_BEYOND."""
    if end - start > DAILY_BEYOND:
        return _rollups(target, RollupPeriod.DAY, start=start, end=end)
    raw_from = max(start, timezone.now() - raw_retention())
    found = (
        _rollups(target, RollupPeriod.HOUR, start=start, end=raw_from) if start < raw_from else []
    )
    rows = (
        ProbeMinute.objects.filter(target=target, minute__gte=raw_from - timedelta(minutes=1))
        .filter(minute__lt=end)
        .order_by("minute")
        .values_list("minute", "probes")
    )
    for minute, probes in rows:
        for second, latency in probes or ():
            at = minute + timedelta(seconds=second)
            if raw_from <= at < end:
                ok = latency is not None
                found.append(Sample(at, "raw", float(latency) if ok else None, 1, 0 if ok else 1))
    return found


def _rollups(target: Target, period: str, *, start: datetime, end: datetime) -> list[Sample]:
    rows = LatencyRollup.objects.filter(
        target=target, period=period, start__gte=start, start__lt=end
    ).order_by("start")
    return [
        Sample(
            at=row.start,
            kind=period,
            latency_ms=row.mean_ms,
            probes=row.probes,
            failures=row.failures,
            min_ms=row.min_ms,
            p95_ms=row.p95_ms,
        )
        for row in rows
    ]


# --- availability ---------------------------------------------------------------------------


def _union(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _intersection(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """The common time of two unions (sorted, disjoint spans)."""
    found, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            found.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return found


def _length(spans: Iterable[Span]) -> float:
    return sum((end - start).total_seconds() for start, end in spans)


@dataclass
class Day:
    """One WIB day of a link: seconds down (counted against the provider), excluded (an
    outage with an exclusion the link's contract honours), unmonitored, and up (the rest)."""

    start: datetime
    seconds: float
    down: float
    unmonitored: float
    excluded: float = 0.0

    @property
    def up(self) -> float:
        return max(self.seconds - self.down - self.excluded - self.unmonitored, 0.0)

    @property
    def available_percent(self) -> float | None:
        """Up ÷ (up + down) as the SLA counts it (excluded time is out of both), None when
        nothing of the day was observed but excluded time."""
        observed = self.up + self.down
        return 100.0 * self.up / observed if observed > 0 else None

    @property
    def colour(self) -> str:
        """An SVG fill: grey unmonitored, green all up, blue with excluded time and no other
        downtime, amber to red as it was down."""
        percent = self.available_percent
        if self.down <= 0 and self.excluded > 0:
            return "#0dcaf0"
        if percent is None:
            return "#adb5bd"
        if self.down <= 0:
            return "#198754"
        return "#ffc107" if percent >= 99 else "#fd7e14" if percent >= 95 else "#dc3545"


def availability_days(
    link_ids: Sequence[int], *, days: int = BOARD_DAYS, now: datetime | None = None
) -> dict[int, list[Day]]:
    """Each link's last `days` WIB days (today last, up to now): the time its outages cover,
    down or excluded as the SLA counts them (an exclusion the link's contract honours), and
    the time no monitor watched it — watched as the SLA counts it (`watch.watched_spans`);
    a link without provider-side targets is unmonitored but for its recorded outages. Three
    queries for all links."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    dates = [today - timedelta(days=back) for back in range(days - 1, -1, -1)]
    bounds = [
        (local_day_start(day), min(local_day_start(day + timedelta(days=1)), now)) for day in dates
    ]
    first, last = bounds[0][0], now
    outages: dict[int, list[Span]] = defaultdict(list)
    excluded: dict[int, list[Span]] = defaultdict(list)
    rows = (
        Outage.objects.filter(link_id__in=list(link_ids), started_at__lt=last)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=first))
        .values_list("link_id", "started_at", "ended_at", "exclusion", "link__contract__exclusions")
    )
    for link_id, started_at, ended_at, exclusion, honoured in rows:
        # the SLA's rule: excluded when its reason is one the contract honours (any reason
        # granted for a link without a contract)
        kept = excluded if exclusion and (honoured is None or exclusion in honoured) else outages
        kept[link_id].append((max(started_at, first), min(ended_at or now, now)))
    watched = watched_spans_of(link_ids, start=first, end=last, now=now)
    found: dict[int, list[Day]] = {}
    for link_id in link_ids:
        excluded_spans = _union(excluded.get(link_id, []))
        # a moment both excluded and down is excluded only
        down_spans = spans_minus(_union(outages.get(link_id, [])), excluded_spans)
        out_spans = _union([*down_spans, *excluded_spans])
        spans = watched.get(link_id)
        coverage = _union((begin, finish or last) for begin, finish in spans or [])
        row = []
        for bound in bounds:
            seconds = (bound[1] - bound[0]).total_seconds()
            out = _intersection(out_spans, [bound])
            covered = _intersection(coverage, [bound])
            seen = _length(covered) + _length(out) - _length(_intersection(covered, out))
            row.append(
                Day(
                    bound[0],
                    seconds,
                    down=_length(_intersection(down_spans, [bound])),
                    unmonitored=max(seconds - seen, 0.0),
                    excluded=_length(_intersection(excluded_spans, [bound])),
                )
            )
        found[link_id] = row
    return found
