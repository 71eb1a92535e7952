"""The monitor's own record: a run per process, its heartbeat, its clean end.

A run covers its shard's targets from `started_at` to `ended_at` (a clean stop) or, when the
process was killed, to its last heartbeat `beat_at`: the time after that is unmonitored until
the next run starts (`monitoring.watch`). Heartbeats are plain updates, not audited: they are
the monitor's pulse, not a change anyone made."""

from __future__ import annotations

from datetime import datetime

from silajar.monitoring.models import MonitorRun


def run_start(
    *, shard: int, shards: int, host: str, pid: int, at: datetime, vantage: str = ""
) -> MonitorRun:
    """Record the start of a monitor process over shard `shard` of `shards` (of the targets
    probed from `vantage` only, when it names one)."""
    return MonitorRun.objects.create(
        shard=shard,
        shards=shards,
        vantage=vantage,
        host=host[:100],
        pid=pid,
        started_at=at,
        beat_at=at,
    )


def run_beat(*, run_id: int, at: datetime) -> None:
    """The run is alive at `at`."""
    MonitorRun.objects.filter(pk=run_id, ended_at__isnull=True).update(beat_at=at)


def run_end(*, run_id: int, at: datetime) -> None:
    """The run stopped cleanly at `at`."""
    MonitorRun.objects.filter(pk=run_id, ended_at__isnull=True).update(beat_at=at, ended_at=at)
