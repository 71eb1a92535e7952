"""Reading the monitor: what a user may see (always from `core.access.visible`), the status of
every visible target with its latest latency (one query however many targets), the last hour's
latency of many targets, a target's samples (raw probes within the raw retention, roll-ups
beyond it), the status board grouped by link and by place a page of groups at a time (with
the token of what a poll has seen), and each link's availability day by day (its outages,
down or excluded, and the time the monitor watched)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from silajar.core.access import visible
from silajar.core.calendar import local_day_start
from silajar.core.paging import Sorts, page_number
from silajar.core.search import text_match
from silajar.monitoring.choices import (
    PROVIDER_SIDE_ROLES,
    RollupPeriod,
    TargetState,
)
from silajar.monitoring.models import LatencyRollup, ProbeMinute, Target, TargetDowntime
from silajar.monitoring.watch import spans_minus, watched_spans_of
from silajar.providers.models import Link, Outage

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
BOARD_PAGE_SIZE = 24  # groups a page of the status board (two or three columns, evenly)
HOUR_CACHE = 120  # seconds a target's last hour stays cached (its minute is over by then)
Span = tuple[datetime, datetime]


def raw_retention() -> timedelta:
    """How long raw probes are kept (`SILAJAR_MONITOR_RAW_DAYS`, 7 days by default)."""
    return timedelta(days=getattr(settings, "SILAJAR_MONITOR_RAW_DAYS", 7))


def _given(filters: dict[str, Any], name: str) -> Any:
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
        _filtered(visible(user, Target), filters)
        .select_related(
            "link__provider", "link__organization", "location__organization", "link__location"
        )
        .annotate(latest_probes=Subquery(newest.values("probes")[:1]))
    )
    return targets.order_by(*TARGET_SORTS.order_by(filters.get("sort")))


def _filtered(targets: QuerySet[Target], filters: dict[str, Any]) -> QuerySet[Target]:
    """`targets` with the filters of `target_list`."""
    if q := (filters.get("q") or "").strip():
        targets = targets.filter(text_match(q, ("name", "host", "url")))
    if _given(filters, "provider") is not None:
        targets = targets.filter(link__provider_id=filters["provider"])
    if _given(filters, "organization") is not None:
        agency = filters["organization"]
        targets = targets.filter(
            Q(link__organization_id=agency) | Q(location__organization_id=agency)
        )
    for name in ("link", "location"):
        if _given(filters, name) is not None:
            targets = targets.filter(**{f"{name}_id": filters[name]})
    for name in ("role", "kind"):
        if _given(filters, name) is not None:
            targets = targets.filter(**{name: filters[name]})
    state = _given(filters, "state")
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


# --- the board ------------------------------------------------------------------------------


@dataclass
class BoardTarget:
    target: Target
    state: str
    latency_ms: float | None
    hour: list[tuple[datetime, float | None]]

    @property
    def state_label(self) -> str:
        return str(TargetState(self.state).label)

    @property
    def state_badge(self) -> str:
        return TargetState.colour(self.state)

    @property
    def hour_mean(self) -> float | None:
        good = [latency for _minute, latency in self.hour if latency is not None]
        return sum(good) / len(good) if good else None


def group_state(targets: Iterable[tuple[str, str]]) -> str:
    """The state of a group of targets, each given as (role, state): down when a provider-side
    target is down (or, without any, every target is), up when every probed target is up,
    else unknown; paused when all are paused."""
    probed = [(role, state) for role, state in targets if state != TargetState.PAUSED]
    if not probed:
        return TargetState.PAUSED
    their_side = [item for item in probed if item[0] in PROVIDER_SIDE_ROLES] or probed
    if any(state == TargetState.DOWN for _role, state in their_side):
        return TargetState.DOWN
    if all(state == TargetState.UP for _role, state in probed):
        return TargetState.UP
    return TargetState.UNKNOWN


@dataclass
class BoardGroup:
    """The targets of one link, or of one place without a link."""

    link: Link | None
    location: Any
    targets: list[BoardTarget] = field(default_factory=list)
    days: list[Day] = field(default_factory=list)

    @property
    def state(self) -> str:
        """See `group_state`."""
        return group_state((t.target.role, t.state) for t in self.targets)

    @property
    def since(self) -> datetime | None:
        """Since when the group is in its state: the latest change among its targets in it."""
        moments = [
            t.target.state_since
            for t in self.targets
            if t.state == self.state and t.target.state_since is not None
        ]
        return max(moments) if moments else None

    @property
    def state_badge(self) -> str:
        return TargetState.colour(self.state)

    @property
    def state_label(self) -> str:
        return str(TargetState(self.state).label)


@dataclass
class Board:
    """One page of the status board: its groups, the page (`page.paginator` counts the
    groups that match) and how many groups of each state match the other filters."""

    groups: list[BoardGroup]
    page: Page
    states: dict[str, int]


def _group_key(link_id: int | None, location_id: int | None) -> tuple[str, int | None]:
    return ("link", link_id) if link_id else ("place", location_id)


def _board_index(user, filters: dict[str, Any]) -> tuple[list, dict, dict[str, int]]:
    """Every group the filters (but the state) let through, in the board's order, with its
    targets' ids and state, from one light query (no latency, no related rows): (group keys
    in order, {key: (state, target ids)}, {state: groups})."""
    rows = _filtered(visible(user, Target), {**filters, "state": None}).values_list(
        "pk",
        "link_id",
        "location_id",
        "role",
        "state",
        "paused",
        "link__provider__short_name",
        "link__circuit_id",
        "location__building",
        "location__floor",
        "location__room",
    )
    members: dict[tuple, list[tuple[int, str, str]]] = defaultdict(list)
    order: dict[tuple, tuple] = {}
    for pk, link_id, location_id, role, state, paused, *names in rows:
        key = _group_key(link_id, location_id)
        members[key].append((pk, role, TargetState.PAUSED if paused else state))
        if key not in order:
            provider, circuit, *place = names
            order[key] = (
                (False, provider or "", circuit or "", "", "", "", 0)
                if link_id
                else (True, "", "", *(part or "" for part in place), location_id or 0)
            )
    keys = sorted(members, key=order.__getitem__)
    found = {
        key: (group_state((role, state) for _pk, role, state in members[key]),
              [pk for pk, _role, _state in members[key]])
        for key in keys
    }  # fmt: skip
    states: dict[str, int] = defaultdict(int)
    for state, _ids in found.values():
        states[state] += 1
    return keys, found, dict(states)


def board_seen(*, user, filters: dict[str, Any], now: datetime) -> str:
    """What a poll of the board has seen, as a token: a digest of every target matching the
    filters (but the state) with its state, since when, pause and last edit, and the minute
    (the latencies change by the minute). A poll whose token has not moved has nothing new to
    show. One light query (no related rows, no latency)."""
    rows = _filtered(visible(user, Target), {**filters, "state": None}).order_by("pk")
    digest = hashlib.sha256(f"{now:%Y%m%d%H%M}".encode())
    for row in rows.values_list("pk", "state", "state_since", "paused", "updated_at"):
        digest.update(repr(row).encode())
    return digest.hexdigest()[:24]


def board(
    *,
    user,
    filters: dict[str, Any],
    now: datetime | None = None,
    with_days: bool = True,
    page: Any = 1,
    page_size: int | None = None,
) -> Board:
    """A page of the status board: the targets `user` sees (filtered as `target_list`;
    `state` filters the groups), grouped by link (by provider and circuit) then by place for
    targets without a link, `page_size` (BOARD_PAGE_SIZE) groups a page; with their last
    hour of latency and (`with_days`) each link's availability days. The groups of other
    pages cost one light query (their targets' ids and states), whatever their number; the
    page's groups are read in full."""
    now = now or timezone.now()
    keys, index, states = _board_index(user, filters)
    group_state_filter = _given(filters, "state")
    if group_state_filter is not None:
        keys = [key for key in keys if index[key][0] == group_state_filter]
    shown = Paginator(keys, page_size or BOARD_PAGE_SIZE).get_page(page_number(page) or 1)
    ids = [pk for key in shown for pk in index[key][1]]
    targets = target_list(user=user, filters={**filters, "state": None}).filter(pk__in=ids)
    hours = last_hour(ids, now=now)
    groups: dict[tuple[str, int | None], BoardGroup] = {}
    for target in targets:
        key = _group_key(target.link_id, target.location_id)
        group = groups.get(key)
        if group is None:
            group = groups[key] = BoardGroup(link=target.link, location=target.location)
        group.targets.append(
            BoardTarget(
                target=target,
                state=effective_state(target),
                latency_ms=latest_latency(getattr(target, "latest_probes", None)),
                hour=hours.get(target.pk, []),
            )
        )
    found = [groups[key] for key in shown if key in groups]
    if with_days:
        links = [g.link.pk for g in found if g.link is not None]
        days = availability_days(links, now=now)
        for group in found:
            if group.link is not None:
                group.days = days[group.link.pk]
    return Board(groups=found, page=shown, states=states)
