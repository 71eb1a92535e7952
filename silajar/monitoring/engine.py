"""The monitor: one asyncio process probing its shard of the targets (docs/monitoring.md).

Every target has its own task on the event loop: it probes (`probes.probe`) every
`interval_seconds`, the first probe at a phase of the interval fixed by the target's id (so a
thousand targets do not all fire at once), and feeds the result to the target's `Tracker`;
after a failed probe, until the target is confirmed down, it probes again at the target's
retry interval (`retry_interval_seconds`, a sixth of the interval by default). The
database is touched only from one worker thread (the ORM is synchronous; a slow query never
delays a probe), and only for:

* a **confirmed state change** (`services.target_down` / `target_up` / `target_paused` /
  `target_unknown`), with what follows on the providers' side;
* the **latency samples**, kept in memory per target and minute and written as `ProbeMinute`
  rows in one bulk insert per minute (a minute is written once its probes are all in: its end
  plus the longest timeout);
* the **heartbeat** of its `MonitorRun` every `heartbeat` seconds, with the escalation of long
  outages (`services.outages_escalate`);
* a cheap poll every `reload` seconds, or the shortest interval of its targets when shorter
  (`shards.targets_fingerprint`: how many targets and the latest change), that reloads the
  shard's targets when anything was added, changed, paused or removed.

On start the state comes from the database (an open downtime stays open until the first good
probe of a confirming run). `stop()` ends cleanly (the samples written, the run's `ended_at`);
`kill()` drops everything like a killed process would, for tests."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import socket
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.utils import timezone

from silajar.monitoring import services
from silajar.monitoring.choices import TargetState
from silajar.monitoring.probes import Result, probe
from silajar.monitoring.shards import Watched, shard_targets, targets_fingerprint
from silajar.monitoring.tracker import Tracker

log = logging.getLogger(__name__)
GOLDEN = 0.6180339887498949  # spreads the targets' phases evenly over the interval


def _in_thread(function: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
    try:
        return function(**kwargs)
    except (OperationalError, InterfaceError):
        connection.close()  # a broken connection is opened again on the next call
        raise


def _close_connection() -> None:
    connection.close()  # the database thread's own connection


class Engine:
    """The monitor of shard `shard` of `shards` (of the targets probed from `vantage` only,
    when it names one). `interval_scale` multiplies every interval
    (tests and the benchmark run the schedule faster); `heartbeat` and `reload` default to the
    settings."""

    def __init__(
        self,
        *,
        shard: int = 1,
        shards: int = 1,
        heartbeat: float | None = None,
        reload: float | None = None,
        interval_scale: float = 1.0,
        vantage: str = "",
    ) -> None:
        self.shard, self.shards, self.vantage = shard, shards, vantage
        self.heartbeat = heartbeat or settings.SILAJAR_MONITOR_HEARTBEAT_SECONDS
        self.reload = reload or settings.SILAJAR_MONITOR_RELOAD_SECONDS
        self.interval_scale = interval_scale
        self.run_id: int | None = None
        self.targets: dict[int, Watched] = {}
        self.trackers: dict[int, Tracker] = {}
        self.errors: dict[int, str] = {}  # the last error written of each target not probeable
        self.samples: dict[tuple[int, datetime], list[list]] = defaultdict(list)
        self.probes_made = 0
        self._tasks: dict[int, asyncio.Task] = {}
        self._told: set[int] = set()  # outages this run told the administrators about
        self._fingerprint: tuple | None = None
        self._stop: asyncio.Event | None = None
        self._clean = True
        self._db: ThreadPoolExecutor | None = None

    # --- the database, from its one thread ------------------------------------------------------

    def thread_started(self) -> None:
        """Runs in the database thread when it starts (the benchmark counts its statements)."""

    async def db(self, function: Callable[..., Any], /, **kwargs: Any) -> Any:
        """`function(**kwargs)` in the database thread (started with the first call)."""
        if self._db is None:
            self._db = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="monitor-db", initializer=self.thread_started
            )
        loop = asyncio.get_running_loop()
        call = functools.partial(_in_thread, function, kwargs)
        return await loop.run_in_executor(self._db, call)

    # --- running --------------------------------------------------------------------------------

    def stop(self) -> None:
        """End cleanly (a signal handler may call it)."""
        if self._stop is not None:
            self._stop.set()

    def kill(self) -> None:
        """End as a killed process would: no last samples, no end of the run."""
        self._clean = False
        self.stop()

    async def run(self, *, seconds: float | None = None) -> None:
        """Monitor until `stop()` (or for `seconds`)."""
        loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        keeper = None
        try:
            run = await self.db(
                services.run_start,
                shard=self.shard,
                shards=self.shards,
                vantage=self.vantage,
                host=socket.gethostname(),
                pid=os.getpid(),
                at=timezone.now(),
            )
            self.run_id = run.pk
            await self._reload(force=True)
            keeper = asyncio.create_task(self._keep())
            if seconds is not None:
                loop.call_later(seconds, self.stop)
            await self._stop.wait()
        finally:
            tasks = [*self._tasks.values(), *([keeper] if keeper else [])]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self._tasks.clear()
            if self._clean and self.run_id is not None:
                with contextlib.suppress(Exception):
                    await self._flush(everything=True)
                await self.db(services.run_end, run_id=self.run_id, at=timezone.now())
            await self.db(_close_connection)
            if self._db is not None:
                self._db.shutdown(wait=True)
                self._db = None

    async def _keep(self) -> None:
        """The heartbeat (with the samples' flush and the escalation) and the reload poll."""
        loop = asyncio.get_running_loop()
        next_beat = loop.time() + self.heartbeat
        next_reload = loop.time() + self.reload
        while True:
            await asyncio.sleep(max(0.0, min(next_beat, next_reload) - loop.time()))
            try:
                if loop.time() >= next_reload:
                    next_reload = loop.time() + self.reload_period()
                    await self._reload()
                if loop.time() >= next_beat:
                    next_beat = loop.time() + self.heartbeat
                    await self.beat()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("monitor: the database could not be reached; trying again")

    def reload_period(self) -> float:
        """`reload` seconds, or the shortest interval of the shard's targets when shorter."""
        intervals = (row.interval * self.interval_scale for row in self.targets.values())
        return min(self.reload, min(intervals, default=self.reload))

    async def beat(self) -> None:
        now = timezone.now()
        await self.db(services.run_beat, run_id=self.run_id, at=now)
        await self._flush()
        told = await self.db(services.outages_escalate, now=now, skip=frozenset(self._told))
        self._told.update(told)

    # --- the targets ----------------------------------------------------------------------------

    async def _reload(self, *, force: bool = False) -> None:
        fingerprint = await self.db(targets_fingerprint)
        if not force and fingerprint == self._fingerprint:
            return
        rows = await self.db(
            shard_targets, shard=self.shard, shards=self.shards, vantage=self.vantage
        )
        await self._apply(rows)
        self._fingerprint = fingerprint

    async def _apply(self, rows: list[Watched]) -> None:
        now = timezone.now()
        seen = {row.pk: row for row in rows}
        for pk in set(self.targets) - set(seen):
            self._forget(pk)
        for row in rows:
            old = self.targets.get(row.pk)
            self.targets[row.pk] = row
            if row.paused:
                self._forget(row.pk, keep_row=True)
                if row.state != TargetState.PAUSED:
                    await self.db(services.target_paused, target_id=row.pk, at=now)
                continue
            if old is not None and not old.paused and old.schedule() == row.schedule():
                continue
            tracker = self.trackers.get(row.pk)
            if tracker is None or old is None or old.paused:
                tracker = Tracker(row.state)
                self.errors[row.pk] = row.last_error if row.state == TargetState.UNKNOWN else ""
                if row.state == TargetState.PAUSED:  # resumed
                    await self.db(services.target_unknown, target_id=row.pk, at=now)
            else:
                tracker.restart()  # its probe changed: the count starts again
            self.trackers[row.pk] = tracker
            self._start(row)

    def _start(self, row: Watched) -> None:
        task = self._tasks.pop(row.pk, None)
        if task is not None:
            task.cancel()
        self._tasks[row.pk] = asyncio.create_task(self._probe_loop(row), name=f"target-{row.pk}")

    def _forget(self, pk: int, *, keep_row: bool = False) -> None:
        task = self._tasks.pop(pk, None)
        if task is not None:
            task.cancel()
        self.trackers.pop(pk, None)
        if not keep_row:
            self.targets.pop(pk, None)

    async def _probe_loop(self, row: Watched) -> None:
        """Probe `row` every interval; after a failed probe, while the target is not confirmed
        down, at its retry interval (down is confirmed sooner, recovery is not hurried)."""
        loop = asyncio.get_running_loop()
        interval = row.interval * self.interval_scale
        retry = min(row.retry, row.interval) * self.interval_scale
        due = loop.time() + (row.pk * GOLDEN) % 1.0 * interval
        while True:
            await asyncio.sleep(max(0.0, due - loop.time()))
            at = timezone.now()
            try:
                result = await probe(row.probe)
            except Exception as error:  # a bug of a probe is no outage of the target
                log.exception("monitor: the probe of target %s failed", row.pk)
                result = Result(False, error=f"the probe failed: {error!r}"[:255], probeable=False)
            await self.record(row, at, result)
            tracker = self.trackers.get(row.pk)
            due += retry if tracker is not None and tracker.failing else interval
            if due < loop.time():  # a probe longer than the interval: the next one now
                due = loop.time()

    async def record(self, row: Watched, at: datetime, result: Result) -> None:
        """Count one probe's result: a sample, and the state change it confirms, if any."""
        tracker = self.trackers.get(row.pk)
        if tracker is None:
            return
        self.probes_made += 1
        if not result.probeable:
            if self.errors.get(row.pk) != result.error or tracker.state != TargetState.UNKNOWN:
                await self.db(services.target_unknown, target_id=row.pk, at=at, error=result.error)
                self.errors[row.pk] = result.error
                self.trackers[row.pk] = Tracker()
            return
        self.errors[row.pk] = ""
        minute = at.replace(second=0, microsecond=0)
        latency = round(result.latency_ms, 2) if result.latency_ms is not None else None
        self.samples[(row.pk, minute)].append([at.second, latency])
        change = tracker.observe(
            result.ok,
            at,
            failures_to_down=row.failures_to_down,
            successes_to_up=row.successes_to_up,
            error=result.error,
        )
        if change is None:
            return
        try:
            if change.state == TargetState.DOWN:
                await self.db(
                    services.target_down,
                    target_id=row.pk,
                    started_at=change.since,
                    confirmed_at=change.at,
                    error=change.error,
                )
            else:
                await self.db(services.target_up, target_id=row.pk, since=change.since)
        except Exception:
            log.exception("monitor: the change of target %s was not recorded", row.pk)
            return  # the next probe confirms it again
        tracker.confirm(change)

    # --- the samples ----------------------------------------------------------------------------

    async def _flush(self, *, everything: bool = False) -> None:
        """Write the samples of the minutes whose probes are all in (all of them at the end)."""
        longest = max((row.probe.timeout for row in self.targets.values()), default=0.0)
        horizon = timezone.now() - timedelta(seconds=61 + longest)
        ready = [key for key in self.samples if everything or key[1] <= horizon]
        if not ready:
            return
        rows = [(pk, minute, self.samples.pop((pk, minute))) for pk, minute in ready]
        try:
            await self.db(services.samples_flush, rows=rows)
        except Exception:
            for pk, minute, probes in rows:  # kept for the next flush
                self.samples[(pk, minute)][:0] = probes
            raise
