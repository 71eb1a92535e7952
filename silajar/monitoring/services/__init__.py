"""The monitor's writes: its runs, the targets' state changes and what follows from them on the
providers' side (outages, incidents), and the latency samples with their roll-ups."""

from silajar.monitoring.services.outages import maintenance_under_way, outages_escalate
from silajar.monitoring.services.runs import run_beat, run_end, run_start
from silajar.monitoring.services.samples import (
    rollup_days,
    rollup_hours,
    samples_flush,
    samples_keep,
    samples_prune,
)
from silajar.monitoring.services.states import (
    target_down,
    target_paused,
    target_unknown,
    target_up,
)

__all__ = [
    "maintenance_under_way",
    "outages_escalate",
    "rollup_days",
    "rollup_hours",
    "run_beat",
    "run_end",
    "run_start",
    "samples_flush",
    "samples_keep",
    "samples_prune",
    "target_down",
    "target_paused",
    "target_unknown",
    "target_up",
]
