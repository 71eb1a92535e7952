"""The RSS of gunicorn's master and workers, sampled from /proc, and whether it stayed flat."""

from __future__ import annotations

import statistics
import threading
import time
from collections import defaultdict
from pathlib import Path


def process_tree_rss(root: int) -> dict[int, int]:
    """pid → RSS in KiB of `root` and its children (gunicorn's master and workers)."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children[int(fields[1])].append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    rss = {}
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss[pid] = int(line.split()[1])
        except OSError:
            continue
    return rss


class MemorySampler(threading.Thread):
    def __init__(self, pid: int, every: float, stop: threading.Event, clock_zero: float):
        super().__init__(daemon=True)
        self.pid, self.every, self.stop, self.zero = pid, every, stop, clock_zero
        self.samples: list[dict] = []

    def run(self) -> None:
        while True:
            rss = process_tree_rss(self.pid)
            self.samples.append(
                {
                    "t": round(time.monotonic() - self.zero, 1),
                    "kib": sum(rss.values()),
                    "pids": sorted(rss),
                }  # fmt: skip
            )
            if self.stop.wait(self.every):
                return


def memory_report(samples: list[dict], run_start: float, run_end: float, max_growth: float) -> dict:
    """Start/middle/end and the growth over the last two thirds of the measured run."""
    measured = [s for s in samples if run_start <= s["t"] <= run_end + 1] or samples
    third = run_start + (run_end - run_start) / 3
    late = [s for s in measured if s["t"] >= third] or measured[-1:]
    base = statistics.median(s["kib"] for s in late[:3])
    end = statistics.median(s["kib"] for s in late[-3:])
    growth = end / base - 1 if base else 0.0
    slope = 0.0
    if len(late) >= 2:
        ts = [s["t"] for s in late]
        mean_t, mean_m = statistics.fmean(ts), statistics.fmean(s["kib"] for s in late)
        var = sum((t - mean_t) ** 2 for t in ts)
        if var:
            slope = sum((s["t"] - mean_t) * (s["kib"] - mean_m) for s in late) / var
    middle = min(measured, key=lambda s: abs(s["t"] - (run_start + run_end) / 2))
    pid_sets = {tuple(s["pids"]) for s in samples if s["pids"]}
    return {
        "mib_first": round(samples[0]["kib"] / 1024, 1),
        "mib_run_start": round(measured[0]["kib"] / 1024, 1),
        "mib_middle": round(middle["kib"] / 1024, 1),
        "mib_end": round(measured[-1]["kib"] / 1024, 1),
        "mib_at_one_third": round(base / 1024, 1),
        "growth_last_two_thirds": round(growth, 4),
        "slope_mib_per_min": round(slope * 60 / 1024, 2),
        "max_growth": max_growth,
        "flat": growth < max_growth,
        "process_sets": len(pid_sets),  # > 1: a worker died and was replaced
        "samples": [{"t": s["t"], "mib": round(s["kib"] / 1024, 1)} for s in samples],
    }
