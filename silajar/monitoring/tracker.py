"""The state machine of one target: consecutive probe results become a confirmed state.

A target is *unknown* until a threshold is met. `failures_to_down` failed probes in a row
confirm it down, and the downtime starts at the **first** failed probe of that run (not at the
confirming one; the monitor probes a failing target again at its retry interval, so the
failures confirm it sooner than `failures_to_down` intervals); `successes_to_up` good probes
in a row confirm it up, from the first good probe of that run. A run broken before its
threshold confirms nothing, so a target that flaps (down, up, down, … every probe) with
thresholds above 1 never changes state. Pure: no database, no clock; the engine feeds it and
writes the changes it answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from silajar.monitoring.choices import TargetState


@dataclass(frozen=True, slots=True)
class Change:
    """A confirmed change: to `state` from the first probe of the run (`since`), confirmed by
    the probe at `at`; `error` is the confirming probe's (empty for up)."""

    state: str  # up | down
    since: datetime
    at: datetime
    error: str = ""


class Tracker:
    """The confirmed state of one target and the run of equal results that follows it."""

    __slots__ = ("state", "_ok", "_length", "_since")

    def __init__(self, state: str = TargetState.UNKNOWN) -> None:
        self.state = state if state in (TargetState.UP, TargetState.DOWN) else TargetState.UNKNOWN
        self._ok: bool | None = None
        self._length = 0
        self._since: datetime | None = None

    def restart(self) -> None:
        """Forget the current run (the target's probe changed): its state stays."""
        self._ok, self._length, self._since = None, 0, None

    def observe(
        self,
        ok: bool,
        at: datetime,
        *,
        failures_to_down: int,
        successes_to_up: int,
        error: str = "",
    ) -> Change | None:
        """Count the probe made at `at`; the change it confirms, if any. The caller applies a
        change (`confirm`) once it is recorded: until then the next probes confirm it again."""
        if ok is not self._ok:
            self._ok, self._length, self._since = ok, 0, at
        self._length += 1
        wanted = TargetState.UP if ok else TargetState.DOWN
        needed = successes_to_up if ok else failures_to_down
        if self.state != wanted and self._length >= needed:
            since = self._since or at  # always set with the run
            return Change(state=wanted, since=since, at=at, error="" if ok else error)
        return None

    @property
    def failing(self) -> bool:
        """Whether the last probes failed and the target is not confirmed down yet (the
        monitor probes it again at its retry interval)."""
        return self._ok is False and self.state != TargetState.DOWN

    def confirm(self, change: Change) -> None:
        self.state = change.state
