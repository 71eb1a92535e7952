"""Demo monitoring: targets on 127.0.0.1 that `make run`'s monitor finds at once — the web
server's own port (`PORT`, 8000 by default) by TCP and its `/healthz` by HTTP, the name
`localhost` by DNS, a place's gateway — and one closed port (9) that shows as down, spread over
two demo links (their provider's side) and one place (our side). With a little history so the
charts and bars are not empty: the last hours of raw probes, three weeks of hourly roll-ups
before the raw retention, two ended downtimes with their outage (one of them with the
`customer_side` exclusion proposed for the network administrator to decide) and two monitor
runs with a gap between them (unmonitored time).

Seeded after the providers' demo (whose links it uses). Idempotent: once its targets exist,
nothing is added."""

from __future__ import annotations

import os
import random
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from silajar.accounts.models import User
from silajar.monitoring import services
from silajar.monitoring.models import LatencyRollup, MonitorRun, ProbeMinute, Target, TargetDowntime
from silajar.organizations.models import Location
from silajar.providers import services as provider_services
from silajar.providers.models import Link, Outage

DEMO_SEED = 12
RAW_HOURS = 3  # raw probes of the last hours (a minute each)
ROLLUP_DAYS = (8, 29)  # hourly roll-ups from the 8th to the 29th day back
PROVIDER_LINK = "TLK-PTK-DINKES-01"
SECOND_LINK = "LA-PTK-INSPEKTORAT-01"
PLACE_OF = "DISKOMINFO"  # the agency whose first place has our-side targets


def _port() -> int:
    try:
        return int(os.environ.get("PORT", "8000"))
    except ValueError:
        return 8000


def _plan(first: Link | None, second: Link | None, place: Location | None) -> list[dict]:
    """The demo targets: each dict is a target's data for `target_create`."""
    port = _port()
    common = {"interval_seconds": 10, "timeout_seconds": 2}
    plan = []
    if first is not None:
        plan += [
            {
                "name": "Server SiLaJar (TCP)",
                "kind": "tcp",
                "host": "127.0.0.1",
                "port": port,
                "role": "provider",
                "link": first,
            },
            {
                "name": "Server SiLaJar (HTTP /healthz)",
                "kind": "http",
                "url": f"http://127.0.0.1:{port}{reverse('healthz')}",
                "expected_status": 200,
                "role": "upstream",
                "link": first,
            },
        ]
    if second is not None:
        plan += [
            {
                "name": "DNS localhost",
                "kind": "dns",
                "host": "localhost",
                "expected_address": "127.0.0.1",
                "role": "upstream",
                "link": second,
            },
            {
                "name": "Port tertutup (selalu mati)",
                "kind": "tcp",
                "host": "127.0.0.1",
                "port": 9,
                "role": "provider",
                "link": second,
            },
        ]
    if place is not None:
        plan.append(
            {
                "name": "Gateway gedung (TCP)",
                "kind": "tcp",
                "host": "127.0.0.1",
                "port": port,
                "role": "gateway",
                "location": place,
            }
        )
    return [{**common, **item} for item in plan]


def _probes(rng: random.Random, *, closed: bool, interval: int = 10) -> list[list]:
    """One minute of probes every `interval` seconds: refused on a closed port, else a local
    latency with a failure now and then."""
    found: list[list] = []
    for second in range(0, 60, interval):
        failed = closed or rng.random() < 0.01
        found.append([second, None if failed else round(rng.uniform(0.2, 2.5), 2)])
    return found


def _history(targets: list[Target], rng: random.Random, now: datetime) -> int:
    minute = now.replace(second=0, microsecond=0)
    rows = [
        ProbeMinute(
            target=target,
            minute=minute - timedelta(minutes=back),
            probes=_probes(rng, closed=target.port == 9),
        )
        for target in targets
        for back in range(RAW_HOURS * 60, 0, -1)
    ]
    hour = now.replace(minute=0, second=0, microsecond=0)
    first, last = ROLLUP_DAYS
    rollups = []
    for target in targets:
        closed = target.port == 9
        for back in range(first * 24, last * 24):
            failures = 360 if closed else rng.choice([0, 0, 0, 1, 2])
            mean = None if closed else round(rng.uniform(0.5, 2.0), 2)
            rollups.append(
                LatencyRollup(
                    target=target,
                    period="hour",
                    start=hour - timedelta(hours=back),
                    probes=360,
                    failures=failures,
                    min_ms=None if mean is None else round(mean / 2, 2),
                    mean_ms=mean,
                    p95_ms=None if mean is None else round(mean * 2, 2),
                )
            )
    ProbeMinute.objects.bulk_create(rows)
    LatencyRollup.objects.bulk_create(rollups)
    return len(rows) + len(rollups)


def _downtimes(actor, targets: list[Target], now: datetime) -> int:
    """Two ended downtimes of provider-side targets, each with the outage of its link; the
    second one proposed as `customer_side` (as the monitor does when our side was down)."""
    added = 0
    linked = [(t, t.link) for t in targets if t.link is not None and t.port != 9]
    for back, (target, link) in zip((30, 6), linked, strict=False):
        start = now - timedelta(hours=back)
        end = start + timedelta(minutes=25)
        outage = provider_services.outage_record(
            actor=actor,
            link=link,
            started_at=start,
            ended_at=end,
            source="monitoring",
            cause="Terdeteksi oleh pemantauan",
        )
        TargetDowntime.objects.create(
            target=target,
            started_at=start,
            confirmed_at=start + timedelta(seconds=30),
            ended_at=end,
            error="connection refused",
            outage=outage,
        )
        added += 1
        if back == 6:
            # what the monitor writes itself when only our side was down
            Outage.objects.filter(pk=outage.pk).update(proposed_exclusion="customer_side")
    return added


def _runs(now: datetime) -> None:
    """Two past runs of the monitor with a gap of an hour (killed, then restarted)."""
    MonitorRun.objects.create(
        started_at=now - timedelta(days=2),
        beat_at=now - timedelta(hours=20),
        host="demo",
    )
    MonitorRun.objects.create(
        started_at=now - timedelta(hours=19),
        beat_at=now - timedelta(minutes=5),
        ended_at=now - timedelta(minutes=5),
        host="demo",
    )


@transaction.atomic
def seed(*, actor: User, password: str, options: Mapping[str, Any]) -> str | None:
    """The demo targets on 127.0.0.1 and a little history."""
    if Target.objects.exists():
        return None
    now = timezone.now()
    rng = random.Random(DEMO_SEED)  # noqa: S311 — demo data, not secrets
    links = {
        link.circuit_id: link
        for link in Link.objects.filter(circuit_id__in=[PROVIDER_LINK, SECOND_LINK])
    }
    place = (
        Location.objects.filter(organization__short_name=PLACE_OF).order_by("pk").first()
        or Location.objects.order_by("pk").first()
    )
    plan = _plan(links.get(PROVIDER_LINK), links.get(SECOND_LINK), place)
    targets = [services.target_create(actor=actor, data=data) for data in plan]
    rows = _history(targets, rng, now)
    downtimes = _downtimes(actor, targets, now)
    _runs(now)
    return (
        f"Demo monitoring: {len(targets)} targets on 127.0.0.1 (port {_port()}; port 9 is "
        f"closed), {rows} rows of latency, {downtimes} downtimes."
    )
