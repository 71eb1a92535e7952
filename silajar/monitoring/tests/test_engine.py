"""The monitor in-process against real sockets on 127.0.0.1: intervals of 1 s run 10× faster
(`interval_scale=0.1`), heartbeats every 0.2 s. The database is committed for real
(`transaction=True`): the engine writes from its own thread."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import UserFactory
from silajar.contracts.report import sla_report
from silajar.monitoring import services
from silajar.monitoring.choices import TargetState
from silajar.monitoring.engine import Engine
from silajar.monitoring.models import MonitorRun, ProbeMinute, Target, TargetDowntime
from silajar.monitoring.tests.factories import TargetFactory
from silajar.monitoring.tests.probe_servers import (
    dns_stub,
    http_server,
    port_of,
    run_async,
    silent_server,
    tcp_server,
)
from silajar.monitoring.tracker import Tracker
from silajar.notifications.models import Notification
from silajar.organizations.tests.factories import LocationFactory
from silajar.providers.models import Outage
from silajar.providers.tests.factories import LinkFactory

pytestmark = pytest.mark.django_db(transaction=True)
FAST = {"heartbeat": 0.2, "reload": 0.1, "interval_scale": 0.1}
INTERVAL = 0.1  # what a target of 1 s runs at here


class FastTargetFactory(TargetFactory):
    """A target probed every second, as the engine's tests need."""

    interval_seconds = 1
    timeout_seconds = 1


def this_years_link(**kwargs):
    """A link active all this year, under a contract of this year."""
    first = date(timezone.localdate().year, 1, 1)
    return LinkFactory(
        contract__period_start=first,
        contract__period_end=first.replace(month=12, day=31),
        active_from=first,
        **kwargs,
    )


async def until(engine: Engine, check, *, timeout: float = 6.0, what: str = "") -> None:
    """Wait until `check()` (run in the engine's database thread) is true."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if await engine.db(check):
            return
        await asyncio.sleep(0.03)
    raise AssertionError(f"not within {timeout} s: {what or check}")


def run_scenario(scenario):
    """Run the coroutine function `scenario` on a new event loop. Rows made in it (the test's
    own, in the loop's thread) use a connection of their own there (Django keeps one per
    asyncio context): it is closed at the end."""

    async def closing():
        try:
            return await scenario()
        finally:
            connection.close()

    return run_async(closing())


def state(pk: int) -> str:
    return Target.objects.get(pk=pk).state


def test_a_port_closed_then_back_is_one_outage_its_incident_and_its_sla(settings):
    settings.SILAJAR_MONITOR_INCIDENT_AFTER_MINUTES = 0.01  # 0.6 s
    admin = UserFactory(roles=[Role.NETWORK_ADMIN])
    place = LocationFactory()
    link = this_years_link(location=place)
    marks = {}

    async def scenario():
        cpe_server, gateway_server = await tcp_server(), await tcp_server()
        port = port_of(cpe_server)
        cpe = FastTargetFactory(link=link, port=port, role="provider")
        gateway = FastTargetFactory(
            link=None, location=place, port=port_of(gateway_server), role="gateway"
        )
        engine = Engine(**FAST)
        running = asyncio.create_task(engine.run())
        await until(engine, lambda: state(cpe.pk) == state(gateway.pk) == "up", what="both up")
        marks["closed"] = timezone.now()
        cpe_server.close()
        await cpe_server.wait_closed()
        await until(
            engine,
            lambda: Outage.objects.filter(link=link, incident__isnull=False).exists(),
            what="the outage's incident",
        )
        await asyncio.sleep(0.3)
        marks["back"] = timezone.now()
        back = await tcp_server(port)
        await until(
            engine,
            lambda: Outage.objects.filter(link=link, ended_at__isnull=False).exists(),
            what="the outage's end",
        )
        engine.stop()
        await running
        back.close()
        gateway_server.close()
        return cpe, gateway

    cpe, gateway = run_scenario(scenario)
    downtime = TargetDowntime.objects.get(target=cpe)
    outage = Outage.objects.get(link=link)
    # the outage starts at the first failed probe, not at the confirmation (3 failures)
    assert marks["closed"] <= downtime.started_at <= marks["closed"] + timedelta(seconds=0.2)
    confirming = downtime.confirmed_at - downtime.started_at
    assert timedelta(seconds=2 * INTERVAL * 0.9) <= confirming <= timedelta(seconds=0.5)
    # it ends at the first good probe (2 needed to confirm)
    assert marks["back"] <= downtime.ended_at <= marks["back"] + timedelta(seconds=0.2)
    assert (outage.started_at, outage.ended_at) == (downtime.started_at, downtime.ended_at)
    assert outage.source == "monitoring" and downtime.outage_id == outage.pk
    assert outage.proposed_exclusion == "" and outage.exclusion == ""
    assert outage.incident.source == "monitoring"
    assert list(outage.incident.links.all()) == [link]
    cpe.refresh_from_db()
    assert cpe.state == "up" and cpe.state_since == downtime.ended_at and cpe.last_error == ""
    assert Target.objects.get(pk=gateway.pk).state == "up"
    assert not TargetDowntime.objects.filter(target=gateway).exists()
    kinds = sorted(Notification.objects.filter(recipient=admin).values_list("kind", flat=True))
    assert kinds == ["monitoring.down", "monitoring.up"]
    # the SLA of that month: exactly that downtime, within the monitor's one run
    run = MonitorRun.objects.get()
    today = timezone.localdate()
    report = sla_report(contract=link.contract, year=today.year, month=today.month)
    month = report.links[0].month
    assert month.downtime == outage.ended_at - outage.started_at
    assert month.observed == run.ended_at - run.started_at
    # and the raw samples were written: probes of both targets, failures among the CPE's
    probes = [p for row in ProbeMinute.objects.filter(target=cpe) for p in row.probes]
    assert any(latency is None for _s, latency in probes)
    assert ProbeMinute.objects.filter(target=gateway).exists()


def test_http_500_a_name_that_does_not_resolve_a_silent_port_and_icmp(settings):
    place = LocationFactory()

    async def scenario():
        failing, silent = await http_server(500, b"oops"), await silent_server()
        async with dns_stub({"portal.kalbarprov.go.id": "10.1.2.3"}) as resolver:
            common = {"link": None, "location": place, "role": "lan", "port": None}
            targets = {
                "http500": FastTargetFactory(
                    kind="http", url=f"http://127.0.0.1:{port_of(failing)}/", **common
                ),
                "silent": FastTargetFactory(
                    kind="http",
                    url=f"http://127.0.0.1:{port_of(silent)}/",
                    timeout_seconds="0.3",
                    **common,
                ),
                "nxdomain": FastTargetFactory(
                    kind="dns", host="tidak-ada.kalbarprov.go.id", resolver=resolver, **common
                ),
                "resolves": FastTargetFactory(
                    kind="dns", host="portal.kalbarprov.go.id", resolver=resolver, **common
                ),
                "icmp": FastTargetFactory(kind="icmp", host="127.0.0.1", **common),
            }
            engine = Engine(**FAST)
            running = asyncio.create_task(engine.run())
            pks = [t.pk for name, t in targets.items() if name != "icmp"]
            await until(
                engine,
                lambda: not Target.objects.filter(pk__in=pks, state="unknown").exists(),
                what="every state known",
            )
            await until(
                engine,
                lambda: (
                    state(targets["icmp"].pk) == "up"
                    or Target.objects.get(pk=targets["icmp"].pk).last_error != ""
                ),
                what="the ICMP target's state or error",
            )
            engine.stop()
            await running
        failing.close()
        silent.close()
        return targets

    targets = run_scenario(scenario)
    found = {name: Target.objects.get(pk=t.pk) for name, t in targets.items()}
    assert (found["http500"].state, found["http500"].last_error) == (
        "down",
        "HTTP 500 (expected 200)",
    )
    assert (found["silent"].state, found["silent"].last_error) == (
        "down",
        "no answer within 0.3 s",
    )
    assert (found["nxdomain"].state, found["nxdomain"].last_error) == (
        "down",
        "the name does not exist (NXDOMAIN)",
    )
    assert found["resolves"].state == "up"
    icmp = found["icmp"]
    if icmp.state != "up":  # the system refuses unprivileged ICMP: unknown, and why
        assert icmp.state == "unknown"
        assert icmp.last_error.startswith("ICMP is not allowed for this process: ")
        assert not TargetDowntime.objects.filter(target=icmp).exists()
    # our side's targets open no outage
    assert not Outage.objects.exists()


def test_a_killed_monitor_leaves_its_gap_unmonitored_and_nothing_twice(settings):
    settings.SILAJAR_MONITOR_INCIDENT_AFTER_MINUTES = 60
    settings.SILAJAR_MONITOR_HEARTBEAT_SECONDS = FAST["heartbeat"]  # when a run looks alive
    link = this_years_link()
    marks = {}

    async def scenario():
        server = await tcp_server()
        port = port_of(server)
        server.close()
        await server.wait_closed()  # down from the start
        target = FastTargetFactory(link=link, port=port)
        first = Engine(**FAST)
        running = asyncio.create_task(first.run())
        await until(first, lambda: state(target.pk) == "down", what="down")
        await asyncio.sleep(0.3)  # a heartbeat after the downtime's start
        first.kill()  # no clean stop: no end, the last beat is what is known
        await running
        marks["killed"] = timezone.now()
        await asyncio.sleep(1.0)  # the gap
        second = Engine(**FAST)
        running = asyncio.create_task(second.run())
        await asyncio.sleep(0.5)  # still down: the open downtime stays open
        marks["back"] = timezone.now()
        back = await tcp_server(port)
        await until(second, lambda: state(target.pk) == "up", what="up again")
        second.stop()
        await running
        back.close()
        return target

    target = run_scenario(scenario)
    killed, restarted = MonitorRun.objects.order_by("started_at")
    assert killed.ended_at is None and killed.beat_at <= marks["killed"]
    assert restarted.ended_at is not None
    gap = restarted.started_at - killed.beat_at
    assert gap >= timedelta(seconds=1)
    downtime = TargetDowntime.objects.get(target=target)  # one downtime across the restart
    outage = Outage.objects.get(link=link)  # and one outage
    assert (outage.started_at, outage.ended_at) == (downtime.started_at, downtime.ended_at)
    assert marks["back"] <= outage.ended_at
    today = timezone.localdate()
    month = sla_report(contract=link.contract, year=today.year, month=today.month).links[0].month
    watched = (killed.beat_at - killed.started_at) + (restarted.ended_at - restarted.started_at)
    assert month.observed == watched  # the gap is not up
    # the outage counts only where it was watched: its part in the gap is unmonitored
    assert month.downtime == (killed.beat_at - outage.started_at) + (
        outage.ended_at - restarted.started_at
    )
    assert month.unmonitored >= gap


def test_flapping_confirms_nothing(monkeypatch):
    """A target that fails every other probe never goes down (3 failures needed) nor up from
    down (2 successes needed): no downtime, no outage, no incident."""
    link = this_years_link()
    flapping = FastTargetFactory(link=link, port=9, failures_to_down=2, successes_to_up=2)
    was_up = FastTargetFactory(
        link=link, port=10, failures_to_down=2, successes_to_up=2, state="up"
    )
    flips = {}

    async def alternating(spec):
        from silajar.monitoring.probes import Result

        flips[spec] = not flips.get(spec, False)
        return Result(True, latency_ms=1.0) if flips[spec] else Result(False, error="refused")

    monkeypatch.setattr("silajar.monitoring.engine.probe", alternating)

    async def scenario():
        engine = Engine(**FAST)
        await engine.run(seconds=1.2)
        return engine.probes_made

    made = run_scenario(scenario)
    assert made >= 16
    assert Target.objects.get(pk=flapping.pk).state == "unknown"
    assert Target.objects.get(pk=was_up.pk).state == "up"
    assert not TargetDowntime.objects.exists() and not Outage.objects.exists()


def test_two_shards_split_the_targets_without_overlap():
    place = LocationFactory()

    async def scenario():
        server = await tcp_server()
        targets = [
            FastTargetFactory(link=None, location=place, role="lan", port=port_of(server))
            for _ in range(6)
        ]
        one, two = Engine(shard=1, shards=2, **FAST), Engine(shard=2, shards=2, **FAST)
        running = [asyncio.create_task(one.run()), asyncio.create_task(two.run())]
        await until(one, lambda: Target.objects.filter(state="up").count() == 6, what="all six up")
        one.stop()
        two.stop()
        await asyncio.gather(*running)
        server.close()
        return targets, one, two

    targets, one, two = run_scenario(scenario)
    assert set(one.targets).isdisjoint(two.targets)
    assert set(one.targets) | set(two.targets) == {t.pk for t in targets}
    assert {pk % 2 + 1 for pk in one.targets} == {1} and {pk % 2 + 1 for pk in two.targets} == {2}
    runs = MonitorRun.objects.order_by("shard").values_list("shard", "shards")
    assert list(runs) == [(1, 2), (2, 2)]


def test_paused_added_and_resumed_targets_are_picked_up_while_running():
    place = LocationFactory()

    async def scenario():
        server = await tcp_server()
        port = port_of(server)
        paused = FastTargetFactory(link=None, location=place, role="lan", port=port, paused=True)
        engine = Engine(**FAST)
        running = asyncio.create_task(engine.run())
        await until(engine, lambda: state(paused.pk) == "paused", what="paused")
        added = FastTargetFactory(link=None, location=place, role="lan", port=port)
        await until(engine, lambda: state(added.pk) == "up", timeout=2, what="the new one up")
        assert paused.pk not in engine.trackers
        paused.paused = False
        paused.save()
        await until(engine, lambda: state(paused.pk) == "up", timeout=2, what="resumed, up")
        engine.stop()
        await running
        server.close()
        return paused, added

    paused, added = run_scenario(scenario)
    assert ProbeMinute.objects.filter(target=added).exists()
    assert Target.objects.get(pk=paused.pk).state == TargetState.UP


def test_the_administrators_pause_ends_the_downtime_and_the_outage():
    admin = UserFactory(roles=[Role.NETWORK_ADMIN])
    link = this_years_link()

    async def scenario():
        server = await tcp_server()
        cpe = FastTargetFactory(link=link, port=port_of(server), role="provider")
        engine = Engine(**FAST)
        running = asyncio.create_task(engine.run())
        await until(engine, lambda: state(cpe.pk) == "up", what="up")
        server.close()
        await server.wait_closed()
        await until(engine, lambda: Outage.objects.filter(link=link).exists(), what="outage")
        await engine.db(
            lambda: services.target_set_paused(
                actor=admin, target=Target.objects.get(pk=cpe.pk), paused=True
            )
        )
        await until(
            engine,
            lambda: not TargetDowntime.objects.filter(target=cpe, ended_at=None).exists(),
            what="the downtime ended",
        )
        engine.stop()
        await running
        return cpe

    cpe = run_scenario(scenario)
    assert Target.objects.get(pk=cpe.pk).state == TargetState.PAUSED
    assert Outage.objects.get(link=link).ended_at is not None


def test_a_failing_target_is_probed_again_at_its_retry_interval_until_down():
    """Every 6 s (0.6 s here), the default retry interval a sixth of it (1 s, 0.1 s here): the
    3 failures come 0.1 s apart, so the port closed is confirmed down well within two
    intervals of the stop; once down, the probes are back to the interval."""

    async def scenario():
        server = await tcp_server()
        target = TargetFactory(
            port=port_of(server), interval_seconds=6, timeout_seconds=1, failures_to_down=3
        )
        engine = Engine(**FAST)
        running = asyncio.create_task(engine.run())
        await until(engine, lambda: state(target.pk) == "up", what="up")
        closed = timezone.now()
        server.close()
        await server.wait_closed()
        await until(engine, lambda: state(target.pk) == "down", what="down")
        confirmed = timezone.now()
        probes = engine.probes_made
        await asyncio.sleep(1.25)  # two intervals once down
        after_down = engine.probes_made - probes
        engine.stop()
        await running
        return target, closed, confirmed, after_down

    target, closed, confirmed, after_down = run_scenario(scenario)
    assert target.retry_interval == 1
    downtime = TargetDowntime.objects.get(target=target)
    # the first failure within one interval of the stop, two retries after it
    assert closed <= downtime.started_at <= closed + timedelta(seconds=0.6 + 0.1)
    assert (
        timedelta(seconds=0.15)
        <= downtime.confirmed_at - downtime.started_at
        <= timedelta(seconds=0.45)
    )
    assert confirmed - closed <= timedelta(seconds=2 * 0.6)
    assert after_down <= 3  # every interval (2 in 1.25 s), not every retry (12)


def test_a_target_s_own_retry_interval_and_no_hurry_while_recovering():
    """A retry interval of its own is used; a target that fails once and recovers is back to
    its interval: only a failing run not yet confirmed down is hurried."""
    target = TargetFactory.build(interval_seconds=60, retry_interval_seconds=20)
    assert target.retry_interval == 20
    assert TargetFactory.build(interval_seconds=3).retry_interval == 1
    tracker = Tracker(TargetState.UP)
    now = timezone.now()
    assert tracker.observe(False, now, failures_to_down=3, successes_to_up=2) is None
    assert tracker.failing
    assert tracker.observe(True, now, failures_to_down=3, successes_to_up=2) is None
    assert not tracker.failing  # up again at the interval
    down = Tracker(TargetState.DOWN)
    down.observe(False, now, failures_to_down=3, successes_to_up=2)
    assert not down.failing  # already down: no retries
