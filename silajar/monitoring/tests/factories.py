"""Factories of the monitor: targets (a TCP port on 127.0.0.1 of a link, by default)."""

import factory

from silajar.monitoring.models import Target
from silajar.providers.tests.factories import LinkFactory


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    name = factory.Sequence(lambda n: f"Target uji {n}")
    kind = "tcp"
    host = "127.0.0.1"
    port = 9
    role = "provider"
    link = factory.SubFactory(LinkFactory)
    interval_seconds = 1
    timeout_seconds = 1
    failures_to_down = 3
    successes_to_up = 2
