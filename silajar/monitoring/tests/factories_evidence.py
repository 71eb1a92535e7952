"""Recorded monitoring data for the evidence's tests: targets, their downtimes, the monitor's
runs and raw probes, written directly (no monitor runs here)."""

from __future__ import annotations

from datetime import datetime, timedelta

import factory
from django.utils import timezone

from silajar.monitoring.models import MonitorRun, ProbeMinute, Target, TargetDowntime
from silajar.organizations.tests.factories import LocationFactory


class EvidenceTargetFactory(factory.django.DjangoModelFactory):
    """A TCP target of a place, up since a day ago (its row dated two days back)."""

    class Meta:
        model = Target
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Perangkat uji {n}")
    kind = "tcp"
    host = "10.20.0.1"
    port = 443
    role = "gateway"
    location = factory.SubFactory(LocationFactory)
    state = "up"
    state_since = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    @factory.post_generation
    def created(self, create, extracted, **kwargs):
        """`created=<datetime>` dates the row (default: two days ago)."""
        if create:
            moment = extracted or timezone.now() - timedelta(days=2)
            Target.objects.filter(pk=self.pk).update(created_at=moment)
            self.created_at = moment


class DowntimeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetDowntime

    target = factory.SubFactory(EvidenceTargetFactory)
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=30))
    confirmed_at = factory.LazyAttribute(lambda d: d.started_at + timedelta(minutes=2))
    ended_at = None
    error = "connection refused"


class MonitorRunFactory(factory.django.DjangoModelFactory):
    """A run of the monitor from two days ago, still beating now."""

    class Meta:
        model = MonitorRun

    shard = 1
    shards = 1
    host = "monitor-uji"
    pid = 4242
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))
    beat_at = factory.LazyFunction(timezone.now)
    ended_at = None


def probes(target: Target, minute: datetime, latencies: list[float | None]) -> ProbeMinute:
    """The probes of `target` in the minute holding `minute`, one every 10 seconds."""
    start = minute.replace(second=0, microsecond=0)
    return ProbeMinute.objects.create(
        target=target,
        minute=start,
        probes=[[10 * i, latency] for i, latency in enumerate(latencies)],
    )
