"""Factories of the monitor: targets (TCP on a link by default), downtimes, a minute of probes,
roll-ups and monitor runs."""

from datetime import timedelta

import factory
from django.utils import timezone

from silajar.monitoring.models import (
    LatencyRollup,
    MonitorRun,
    ProbeMinute,
    Target,
    TargetDowntime,
)
from silajar.providers.tests.factories import LinkFactory


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    name = factory.Sequence(lambda n: f"CPE penyedia {n}")
    kind = "tcp"
    host = "127.0.0.1"
    port = 9
    role = "provider"
    link = factory.SubFactory(LinkFactory)
    interval_seconds = 60
    timeout_seconds = 5
    failures_to_down = 3
    successes_to_up = 2


class TargetDowntimeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetDowntime

    target = factory.SubFactory(TargetFactory)
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=3))
    confirmed_at = factory.LazyAttribute(lambda d: d.started_at + timedelta(minutes=2))
    ended_at = factory.LazyAttribute(lambda d: d.started_at + timedelta(minutes=30))
    error = "connection refused"


class ProbeMinuteFactory(factory.django.DjangoModelFactory):
    """One minute of probes: two good ones by default ([second, latency in ms])."""

    class Meta:
        model = ProbeMinute

    target = factory.SubFactory(TargetFactory)
    minute = factory.LazyFunction(
        lambda: timezone.now().replace(second=0, microsecond=0) - timedelta(minutes=1)
    )
    probes = factory.LazyFunction(lambda: [[0, 12.5], [30, 14.5]])


class LatencyRollupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LatencyRollup

    target = factory.SubFactory(TargetFactory)
    period = "hour"
    start = factory.LazyFunction(
        lambda: timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=10)
    )
    probes = 60
    failures = 0
    min_ms = 10.0
    mean_ms = 15.0
    p95_ms = 25.0


class MonitorRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitorRun

    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    beat_at = factory.LazyFunction(timezone.now)
