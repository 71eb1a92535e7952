"""Latency drawn on the server as inline SVG (no script, no library, no style attribute): a
target's chart over a day or a month, a sparkline of its last hour, and a link's availability
bar of 90 days. Each function answers the numbers a template puts in SVG attributes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from silajar.monitoring.selectors import Day, Sample

CHART_WIDTH, CHART_HEIGHT = 1000, 200
SPARK_WIDTH, SPARK_HEIGHT = 60, 20
FAILED = "#dc3545"  # a failed probe's mark
LINE = "#0d6efd"


@dataclass(frozen=True)
class Bucket:
    start: datetime
    latency_ms: float | None  # the mean of the good probes
    probes: int
    failures: int


def buckets(
    found: Sequence[Sample], *, start: datetime, end: datetime, step: timedelta
) -> list[Bucket]:
    """`found` gathered into buckets of `step` from `start` to `end` (a roll-up counts with
    its probes)."""
    count = max(int((end - start) / step), 1)
    sums = [0.0] * count
    good = [0] * count
    probes = [0] * count
    failures = [0] * count
    for sample in found:
        index = int((sample.at - start) / step)
        if not 0 <= index < count:
            continue
        probes[index] += sample.probes
        failures[index] += sample.failures
        ok = sample.probes - sample.failures
        if sample.latency_ms is not None and ok > 0:
            sums[index] += sample.latency_ms * ok
            good[index] += ok
    return [
        Bucket(start + step * i, sums[i] / good[i] if good[i] else None, probes[i], failures[i])
        for i in range(count)
    ]


def _lines(values: Sequence[float | None], *, width: int, height: int, top: float) -> list[str]:
    """SVG polyline `points` of the runs of known values (a gap breaks the line)."""
    step = width / max(len(values), 1)
    lines: list[str] = []
    current: list[str] = []
    for i, value in enumerate(values):
        if value is None:
            if current:
                lines.append(" ".join(current))
            current = []
            continue
        y = height - min(value / top, 1.0) * (height - 2) - 1
        current.append(f"{step * (i + 0.5):.1f},{y:.1f}")
    if current:
        lines.append(" ".join(current))
    return lines


def latency_chart(found: Sequence[Sample], *, start: datetime, end: datetime, step: timedelta):
    """The target page's chart: the mean latency per bucket as lines, and a red mark under
    each bucket with failed probes (its height the share that failed)."""
    rows = buckets(found, start=start, end=end, step=step)
    known = [b.latency_ms for b in rows if b.latency_ms is not None]
    top = max(max(known) * 1.1, 1.0) if known else 1.0
    width = CHART_WIDTH / len(rows)
    marks = [
        {
            "x": f"{width * i:.1f}",
            "width": f"{max(width, 1.0):.1f}",
            "height": f"{40 * b.failures / b.probes:.1f}",
            "y": f"{CHART_HEIGHT - 40 * b.failures / b.probes:.1f}",
            "title": _("%(time)s: %(failed)d of %(probes)d probes failed")
            % {"time": _moment(b.start), "failed": b.failures, "probes": b.probes},
        }
        for i, b in enumerate(rows)
        if b.failures
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "lines": _lines(
            [b.latency_ms for b in rows], width=CHART_WIDTH, height=CHART_HEIGHT, top=top
        ),
        "marks": marks,
        "top_ms": top,
        "mean_ms": sum(known) / len(known) if known else None,
        "probes": sum(b.probes for b in rows),
        "failures": sum(b.failures for b in rows),
        "start": start,
        "end": end,
        "colour": LINE,
        "failed_colour": FAILED,
    }


def sparkline(minutes: Sequence[tuple[datetime, float | None]], *, now: datetime) -> dict:
    """The last hour of a target, one point a minute: its line and its failed minutes."""
    start = now - timedelta(minutes=SPARK_WIDTH)
    values: list[float | None] = [None] * SPARK_WIDTH
    failed: list[int] = []
    for minute, latency in minutes:
        index = int((minute - start) / timedelta(minutes=1))
        if 0 <= index < SPARK_WIDTH:
            values[index] = latency
            if latency is None:
                failed.append(index)
    known = [v for v in values if v is not None]
    top = max(max(known) * 1.1, 1.0) if known else 1.0
    return {
        "width": SPARK_WIDTH,
        "height": SPARK_HEIGHT,
        "lines": _lines(values, width=SPARK_WIDTH, height=SPARK_HEIGHT, top=top),
        "failed": failed,
        "empty": not minutes,
        "colour": LINE,
        "failed_colour": FAILED,
    }


def day_bar(days: Sequence[Day]) -> list[dict]:
    """A link's days as SVG rects (x, width in a 0–900 box), each with its colour and title."""
    width = 900 / max(len(days), 1)
    return [
        {
            "x": f"{width * i:.2f}",
            "width": f"{width - 1:.2f}",
            "colour": day.colour,
            "title": _day_title(day),
        }
        for i, day in enumerate(days)
    ]


def _moment(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j M H.i")


def _day_title(day: Day) -> str:
    date = formats.date_format(timezone.localtime(day.start), "j M Y")
    percent = day.available_percent
    if percent is None and not day.excluded:
        return _("%(date)s: not monitored") % {"date": date}
    title = _("%(date)s: %(percent)s%% available, down %(down)d min, unmonitored %(gap)d min") % {
        "date": date,
        "percent": formats.number_format(percent if percent is not None else 100, 2),
        "down": round(day.down / 60),
        "gap": round(day.unmonitored / 60),
    }
    if not day.excluded:
        return title
    return _("%(title)s, excluded %(excluded)d min") % {
        "title": title,
        "excluded": round(day.excluded / 60),
    }
