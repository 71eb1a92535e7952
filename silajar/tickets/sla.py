"""Service-level clocks, recomputed from a ticket's history. Pure functions, no database.

A ticket's history is a list of snapshots: from `at` on, the ticket was in `state` with
`priority`, `category` and `pause_reason`. From it:

* the **response** clock runs from the first snapshot until the ticket first leaves `new`;
* the **resolution** clock runs while the ticket is open (not resolved, closed or cancelled);
  a reopen starts it again where it stopped, so time is never lost nor counted twice;
* both stop while the ticket waits for the provider or is paused with a reason;
* a clock that is still live (running or paused) is judged by the targets of the ticket's
  *current* priority and category, so changing the priority moves its due time without
  forgetting the time already spent; a clock that has stopped (the response once answered, the
  resolution while resolved or closed) keeps the targets in force when it stopped, so a met
  response stays met and a missed one stays missed whatever the priority becomes later;
* time is counted in the working hours of the calendar (or around the clock for 24×7).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from silajar.core.calendar import WorkingCalendar, add_working_minutes, working_minutes_between

RUNNING_RESOLUTION_STATES = frozenset({"new", "triage", "dispatched", "in_progress"})
PAUSED_STATES = frozenset({"waiting_provider"})
AT_RISK_SHARE = 0.25  # at risk when a quarter of the target or less is left


@dataclass(frozen=True)
class Snapshot:
    at: datetime
    state: str
    priority: str
    category_id: int | None
    pause_reason: str = ""


# (response minutes, resolution minutes) for a snapshot's priority and category
Targets = Callable[[Snapshot], tuple[float, float]]


@dataclass(frozen=True)
class Clock:
    target_minutes: float
    elapsed_minutes: float
    running: bool
    paused: bool
    finished: bool
    due_at: datetime | None  # when it will run out if it keeps running; None when not running

    @property
    def remaining_minutes(self) -> float:
        return self.target_minutes - self.elapsed_minutes

    @property
    def breached(self) -> bool:
        return self.elapsed_minutes > self.target_minutes

    @property
    def at_risk(self) -> bool:
        return (
            not self.breached
            and not self.finished
            and self.remaining_minutes <= self.target_minutes * AT_RISK_SHARE
        )


@dataclass(frozen=True)
class SlaResult:
    response: Clock
    resolution: Clock

    @property
    def status(self) -> str:
        """on_track, at_risk, breached, paused or met (the codes of choices.SlaStatus)."""
        if self.response.breached or self.resolution.breached:
            return "breached"
        if self.resolution.finished:
            return "met"
        if self.resolution.paused:
            return "paused"
        if self.response.at_risk or self.resolution.at_risk:
            return "at_risk"
        return "on_track"


def _intervals(history: Sequence[Snapshot], now: datetime):
    """(start, end, snapshot) for each stretch of the history, the last one up to `now`."""
    for index, snap in enumerate(history):
        end = history[index + 1].at if index + 1 < len(history) else now
        if end > snap.at:
            yield snap.at, end, snap


def _clock(
    calendar: WorkingCalendar,
    history: Sequence[Snapshot],
    now: datetime,
    target_of: Callable[[Snapshot], float],
    counts,  # snapshot -> "run" | "pause" | "stop"
    stop_forever,  # snapshot -> bool: the clock ends for good (response answered)
) -> Clock:
    elapsed = 0.0
    for index, snap in enumerate(history):
        if stop_forever(snap):  # also a snapshot of no duration: it carries the stop's targets
            return Clock(target_of(snap), elapsed, False, False, True, None)
        end = history[index + 1].at if index + 1 < len(history) else now
        if counts(snap) == "run" and end > snap.at:
            elapsed += working_minutes_between(calendar, snap.at, end)
    last = history[-1]
    mode = counts(last)
    if mode == "stop":  # judged by the targets in force when it stopped
        return Clock(target_of(_stopped_at(history, counts)), elapsed, False, False, True, None)
    target = target_of(last)  # a live clock: the current targets
    if mode == "run":
        remaining = max(0.0, target - elapsed)
        due = add_working_minutes(calendar, now, remaining) if remaining else None
        if due is None:
            # already over: the moment it ran out is in the past; report it from the history
            due = _moment_reached(calendar, history, now, target, counts)
        return Clock(target, elapsed, True, False, False, due)
    return Clock(target, elapsed, False, True, False, None)


def _stopped_at(history: Sequence[Snapshot], counts) -> Snapshot:
    """The snapshot that stopped the clock, for a history that ends stopped."""
    stopped = history[-1]
    for snap in reversed(history):
        if counts(snap) != "stop":
            break
        stopped = snap
    return stopped


def _moment_reached(calendar, history, now, target, counts) -> datetime | None:
    """The moment the running clock reached `target` (for an already breached clock)."""
    elapsed = 0.0
    for start, end, snap in _intervals(history, now):
        if counts(snap) != "run":
            continue
        span = working_minutes_between(calendar, start, end)
        if elapsed + span >= target:
            return add_working_minutes(calendar, start, target - elapsed)
        elapsed += span
    return now


def compute_sla(
    *,
    history: Sequence[Snapshot],
    calendar: WorkingCalendar,
    targets: Targets,
    now: datetime,
) -> SlaResult:
    """Both clocks of one ticket at `now`. `history` is ordered by time and not empty;
    `targets` gives the (response, resolution) minutes of a snapshot's priority and category."""
    if not history:
        raise ValueError("a ticket's history has at least its creation")

    def paused(snap: Snapshot) -> bool:
        return bool(snap.pause_reason) or snap.state in PAUSED_STATES

    def response_mode(snap: Snapshot) -> str:
        return "pause" if paused(snap) else "run"

    def resolution_mode(snap: Snapshot) -> str:
        if snap.state in RUNNING_RESOLUTION_STATES:
            return "pause" if paused(snap) else "run"
        if snap.state in PAUSED_STATES:
            return "pause"
        return "stop"

    response = _clock(
        calendar,
        history,
        now,
        lambda snap: targets(snap)[0],
        response_mode,
        stop_forever=lambda snap: snap.state != "new" and snap.state not in PAUSED_STATES,
    )
    resolution = _clock(
        calendar,
        history,
        now,
        lambda snap: targets(snap)[1],
        resolution_mode,
        stop_forever=lambda snap: False,
    )
    return SlaResult(response, resolution)
