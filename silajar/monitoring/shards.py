"""Which monitor probes which target, and what a monitor reads of its targets.

`monitor --shard i/n` probes the targets whose id falls in shard i of n: **`id % n + 1 == i`**.
The rule is stable (a target stays in its shard for as long as n stays the same), needs no
table, and splits a growing set of targets evenly. A target's shard is also what the SLA's
watched time looks for (`monitoring.watch`): a link is watched while a run of a shard holding
one of its provider-side targets is alive. A monitor may also take only the targets of one
vantage (`monitor --vantage outside` on a host outside our network, for the CPEs' public
addresses; `--vantage inside` for the rest)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max
from django.db.models.functions import Mod

from silajar.monitoring.choices import TargetState
from silajar.monitoring.models import (
    PROBE_FIELDS,
    Target,
    TargetDowntime,
    default_retry_interval,
)
from silajar.monitoring.probes import ProbeSpec

SHARD_FORMAT = re.compile(r"^(\d+)/(\d+)$")


def shard_of(target_id: int, shards: int) -> int:
    """The shard (1..shards) that probes the target `target_id`."""
    return target_id % shards + 1


def parse_shard(text: str) -> tuple[int, int]:
    """`"i/n"` as (i, n), with 1 <= i <= n; ValueError otherwise."""
    match = SHARD_FORMAT.match(text.strip())
    if not match:
        raise ValueError(f"a shard is written i/n, e.g. 1/4 (not {text!r})")
    shard, shards = int(match.group(1)), int(match.group(2))
    if not 1 <= shard <= shards:
        raise ValueError(f"the shard must be between 1 and {shards} (not {shard})")
    return shard, shards


@dataclass(frozen=True, slots=True)
class Watched:
    """A target as its monitor holds it: what to probe, how often, and its recorded state."""

    pk: int
    probe: ProbeSpec
    interval: float
    retry: float  # the seconds to the next probe after a failure, until down is confirmed
    failures_to_down: int
    successes_to_up: int
    paused: bool
    state: str  # as recorded: up | down | unknown | paused
    last_error: str

    def schedule(self) -> tuple:
        """What the probing depends on: a change of any of it restarts the target's count."""
        return (self.probe, self.interval, self.retry, self.failures_to_down, self.successes_to_up)


FIELDS = ("pk", *PROBE_FIELDS, "paused", "state", "last_error")


def shard_targets(shard: int, shards: int, vantage: str = "") -> list[Watched]:
    """The targets of shard `shard` of `shards` (probed from `vantage` only, when it names
    one), paused ones included (two queries). A target with an open downtime is down, whatever
    its state column says."""
    rows = Target.objects.annotate(remainder=Mod("pk", shards)).filter(remainder=shard - 1)
    if vantage:
        rows = rows.filter(vantage=vantage)
    rows = rows.order_by("pk").values_list(*FIELDS)
    down = set(
        TargetDowntime.objects.filter(ended_at__isnull=True).values_list("target_id", flat=True)
    )
    found = []
    for row in rows.iterator(chunk_size=2000):
        values = dict(zip(FIELDS, row, strict=True))
        pk = values["pk"]
        found.append(
            Watched(
                pk=pk,
                probe=ProbeSpec(
                    kind=values["kind"],
                    host=values["host"],
                    port=values["port"],
                    url=values["url"],
                    expected_status=values["expected_status"],
                    expected_text=values["expected_text"],
                    expected_address=values["expected_address"],
                    resolver=values["resolver"],
                    timeout=float(values["timeout_seconds"]),
                ),
                interval=float(values["interval_seconds"]),
                retry=float(
                    values["retry_interval_seconds"]
                    or default_retry_interval(values["interval_seconds"])
                ),
                failures_to_down=values["failures_to_down"],
                successes_to_up=values["successes_to_up"],
                paused=values["paused"],
                state=TargetState.DOWN if pk in down else values["state"],
                last_error=values["last_error"],
            )
        )
    return found


def targets_fingerprint() -> tuple[int, datetime | None]:
    """(how many targets, the latest change of one): what a monitor polls to notice a target
    added, changed, paused or removed (the monitor's own writes do not move `updated_at`)."""
    row = Target.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))
    return row["count"], row["latest"]
