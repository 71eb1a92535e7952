"""The status board's reads: every visible target grouped by link and by place, a page of
groups at a time in the board's order, with the count of groups in each state over all pages,
each group's 90-day bars, and the token of what a poll has seen (`board_seen`)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.utils import timezone

from silajar.core.access import visible
from silajar.core.paging import page_number
from silajar.monitoring.choices import PROVIDER_SIDE_ROLES, TargetState
from silajar.monitoring.models import Target
from silajar.monitoring.selectors import (
    Day,
    availability_days,
    effective_state,
    filtered,
    given,
    last_hour,
    latest_latency,
    target_list,
)
from silajar.providers.models import Link

BOARD_PAGE_SIZE = 24  # groups a page of the status board (two or three columns, evenly)


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
    rows = filtered(visible(user, Target), {**filters, "state": None}).values_list(
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
    rows = filtered(visible(user, Target), {**filters, "state": None}).order_by("pk")
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
    group_state_filter = given(filters, "state")
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
