"""The demo monitoring (`monitoring.demo.seed`, after the providers'): targets on 127.0.0.1
— the web server's port (PORT) by TCP and its /healthz by HTTP, localhost by DNS, a closed
port, a place's gateway — over two demo links and a place, with history for the charts and
bars; seeding again adds nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from silajar.accounts import demo as accounts_demo
from silajar.monitoring import demo as monitoring_demo
from silajar.monitoring import selectors
from silajar.monitoring.models import LatencyRollup, MonitorRun, ProbeMinute, Target
from silajar.organizations import demo as organizations_demo
from silajar.providers import demo as providers_demo
from silajar.providers.models import Outage

pytestmark = pytest.mark.django_db


def test_the_demo_targets_and_their_history(admin_user, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    for module in (organizations_demo, accounts_demo, providers_demo):
        module.seed(actor=admin_user, password="rahasia-demo-123", options={})
    report = monitoring_demo.seed(actor=admin_user, password="x", options={})
    assert "5 targets" in report
    targets = {t.name: t for t in Target.objects.all()}
    assert targets["Server SiLaJar (TCP)"].port == 8123
    assert targets["Server SiLaJar (HTTP /healthz)"].url == "http://127.0.0.1:8123/healthz"
    assert targets["Port tertutup (selalu mati)"].port == 9
    assert targets["DNS localhost"].host == "localhost"
    gateway = targets["Gateway gedung (TCP)"]
    assert gateway.link is None and gateway.role == "gateway"
    assert {t.link.provider.short_name for t in targets.values() if t.link} == {
        "TELKOM",
        "LINTASARTA",
    }
    assert all(
        t.host.startswith("127.0.0.1") or t.host == "localhost" or t.url for t in targets.values()
    )
    assert ProbeMinute.objects.count() == 5 * 180
    assert LatencyRollup.objects.exists() and MonitorRun.objects.count() == 2
    assert (
        Outage.objects.filter(proposed_exclusion="customer_side", source="monitoring").count() == 1
    )
    tcp = targets["Server SiLaJar (TCP)"]
    assert tcp.downtimes.get().outage.link == tcp.link
    found = selectors.samples(tcp, start=timezone.now() - timedelta(days=30), end=timezone.now())
    assert {s.kind for s in found} == {"raw", "hour"}

    assert monitoring_demo.seed(actor=admin_user, password="x", options={}) is None
    assert Target.objects.count() == 5
