"""Every request of the day: its kind, status and time; errors with a sample of what went wrong;
the outcome of every task."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict

from common import percentile


class Recorder:
    """Every request: its kind, status and time; errors with a sample of what went wrong."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.measuring = False
        self.times: dict[str, list[float]] = defaultdict(list)
        self.counts: Counter = Counter()
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.errors: Counter = Counter()
        self.conflicts: Counter = Counter()
        self.error_samples: list[dict] = []
        self.tasks: dict[str, Counter] = defaultdict(Counter)

    def add(
        self, kind: str, status: int, ms: float, error: str = "", conflict: bool = False
    ) -> None:
        with self.lock:
            self.counts[kind] += 1
            self.statuses[kind][status] += 1
            if self.measuring:
                self.times[kind].append(ms)
            if conflict:
                self.conflicts[kind] += 1
            elif error:
                self.errors[kind] += 1
                if len(self.error_samples) < 50:
                    self.error_samples.append({"kind": kind, "status": status, "error": error})

    def task_done(self, role: str, task: str, outcome: str) -> None:
        with self.lock:
            self.tasks[role][f"{task}:{outcome}"] += 1

    def kinds(self) -> dict:
        result = {}
        for kind in sorted(self.counts):
            values = self.times.get(kind) or []
            result[kind] = {
                "requests": self.counts[kind],
                "errors": self.errors[kind],
                "conflicts": self.conflicts[kind],
                "statuses": {str(k): v for k, v in sorted(self.statuses[kind].items())},
                "measured": len(values),
                "p50_ms": round(percentile(values, 0.5), 1) if values else None,
                "p95_ms": round(percentile(values, 0.95), 1) if values else None,
                "p99_ms": round(percentile(values, 0.99), 1) if values else None,
                "max_ms": round(max(values), 1) if values else None,
            }
        return result
