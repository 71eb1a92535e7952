"""The monitor's services from recorded data: watched time, outages (joined, maintenance, our
side), escalation, roll-ups and pruning; and the `monitor` command itself."""

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import UserFactory
from silajar.core.demo import clock_at
from silajar.monitoring import services
from silajar.monitoring.models import LatencyRollup, MonitorRun, ProbeMinute, Target
from silajar.monitoring.shards import shard_targets
from silajar.monitoring.tests.factories import TargetFactory
from silajar.monitoring.tests.probe_servers import in_own_thread
from silajar.monitoring.watch import watched_spans
from silajar.notifications.models import Notification
from silajar.organizations.tests.factories import LocationFactory
from silajar.providers.models import Outage
from silajar.providers.tests.factories import (
    IncidentFactory,
    LinkFactory,
    MaintenanceWindowFactory,
)

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 10, 1, 0, tzinfo=UTC)
M = timedelta(minutes=1)


def run(shard, shards, start, beat, end=None, vantage=""):
    return MonitorRun.objects.create(
        shard=shard, shards=shards, started_at=start, beat_at=beat, ended_at=end, vantage=vantage
    )


def down(target, at, *, error="connection refused"):
    return services.target_down(
        target_id=target.pk, started_at=at, confirmed_at=at + M, error=error
    )


# --- watched time --------------------------------------------------------------------------------


def test_watched_spans_follow_the_runs_of_the_shards_holding_the_links_targets(settings):
    settings.SILAJAR_MONITOR_HEARTBEAT_SECONDS = 15
    watched, unwatched, ours_only = LinkFactory(), LinkFactory(), LinkFactory()
    target = TargetFactory(link=watched, role="upstream")
    Target.objects.filter(pk=target.pk).update(created_at=T0 - timedelta(days=30))
    TargetFactory(link=ours_only, role="gateway")
    mine = target.pk % 2 + 1
    other = 3 - mine
    start, end = T0 - timedelta(days=9), T0 + timedelta(days=20)
    run(mine, 2, T0, T0 + 10 * M)  # killed: until its last beat
    run(mine, 2, T0 + 30 * M, T0 + 40 * M, T0 + 41 * M)  # stopped cleanly
    run(mine, 2, T0 + 35 * M, T0 + 50 * M, T0 + 50 * M)  # overlapping: merged
    run(other, 2, T0 + 60 * M, T0 + 90 * M, T0 + 90 * M)  # the other shard: not this link's
    run(1, 1, T0 - timedelta(days=10), T0 - timedelta(days=9, hours=23))  # before the month
    spans = watched_spans(
        [watched, unwatched, ours_only], start=start, end=end, now=T0 + 3 * 60 * M
    )
    assert spans[watched.pk] == [(T0, T0 + 10 * M), (T0 + 30 * M, T0 + 50 * M)]
    assert spans[unwatched.pk] is None and spans[ours_only.pk] is None
    # a run still beating is watched up to now; the link is watched from its first target on
    Target.objects.filter(pk=target.pk).update(created_at=T0 + 45 * M)
    run(mine, 2, T0 + 100 * M, T0 + 180 * M - timedelta(seconds=20))  # beat 20 s ago
    spans = watched_spans([watched], start=start, end=end, now=T0 + 180 * M)
    assert spans[watched.pk] == [(T0 + 45 * M, T0 + 50 * M), (T0 + 100 * M, None)]


def test_a_monitor_of_one_vantage_probes_and_watches_only_its_targets():
    """`monitor --vantage outside` (a host outside our network) takes the CPEs' public
    addresses; `--vantage inside` the rest; a link is watched through a target only by a run
    of its vantage (or of every vantage)."""
    from_inside, from_outside = LinkFactory(), LinkFactory()
    inside = TargetFactory(link=from_inside, role="provider")
    outside = TargetFactory(link=from_outside, role="provider", vantage="outside")
    Target.objects.update(created_at=T0 - timedelta(days=1))
    assert [t.pk for t in shard_targets(1, 1, "outside")] == [outside.pk]
    assert [t.pk for t in shard_targets(1, 1, "inside")] == [inside.pk]
    assert len(shard_targets(1, 1)) == 2
    run(1, 1, T0, T0 + 60 * M, T0 + 60 * M, vantage="outside")
    run(1, 1, T0 + 30 * M, T0 + 40 * M, T0 + 40 * M, vantage="inside")
    run(1, 1, T0 + 90 * M, T0 + 100 * M, T0 + 100 * M)  # every vantage
    spans = watched_spans(
        [from_inside, from_outside],
        start=T0 - timedelta(days=1),
        end=T0 + timedelta(days=1),
        now=T0 + 200 * M,
    )
    assert spans[from_inside.pk] == [(T0 + 30 * M, T0 + 40 * M), (T0 + 90 * M, T0 + 100 * M)]
    assert spans[from_outside.pk] == [(T0, T0 + 60 * M), (T0 + 90 * M, T0 + 100 * M)]


@contextmanager
def freeze(at):
    with clock_at() as moment:
        moment[0] = at
        yield


def test_the_paused_time_of_a_link_s_only_provider_side_target_is_unwatched(make_user):
    """Paused through the services (the page, the API): that target's pause is cut out of
    the link's watched time; another provider-side target still watching keeps it watched."""
    admin = make_user(Role.NETWORK_ADMIN)
    alone, pair = LinkFactory(), LinkFactory()
    cpe = TargetFactory(link=alone, role="provider")
    paused_one = TargetFactory(link=pair, role="provider")
    TargetFactory(link=pair, role="upstream")  # still watching
    Target.objects.update(created_at=T0 - timedelta(days=1))
    run(1, 1, T0, T0 + 60 * M, T0 + 60 * M)
    start, end = T0 - timedelta(days=1), T0 + timedelta(days=1)
    for target, (paused, resumed) in ((cpe, (10, 20)), (paused_one, (10, None))):
        with freeze(T0 + paused * M):
            target = services.target_set_paused(actor=admin, target=target, paused=True)
        if resumed:
            with freeze(T0 + resumed * M):
                services.target_set_paused(actor=admin, target=target, paused=False)
    spans = watched_spans([alone, pair], start=start, end=end, now=T0 + 120 * M)
    assert spans[alone.pk] == [(T0, T0 + 10 * M), (T0 + 20 * M, T0 + 60 * M)]
    assert spans[pair.pk] == [(T0, T0 + 60 * M)]
    # a target created paused is unwatched from its creation
    later = LinkFactory()
    with freeze(T0 + 5 * M):
        made = services.target_create(
            actor=admin,
            data={
                "name": "CPE",
                "kind": "tcp",
                "host": "10.0.0.1",
                "port": 80,
                "role": "provider",
                "link": later,
                "paused": True,
            },
        )
    assert made.pauses.get().started_at == T0 + 5 * M
    spans = watched_spans([later], start=start, end=end, now=T0 + 120 * M)
    assert spans[later.pk] == []


# --- outages -------------------------------------------------------------------------------------


def test_two_provider_side_targets_share_the_outage_until_the_later_recovery():
    link = LinkFactory()
    cpe, beyond = TargetFactory(link=link), TargetFactory(link=link, role="upstream")
    first, second = down(cpe, T0), down(beyond, T0 + 2 * M)
    outage = Outage.objects.get()
    assert first.outage == second.outage == outage and outage.started_at == T0
    services.target_up(target_id=beyond.pk, since=T0 + 20 * M)
    services.target_up(target_id=cpe.pk, since=T0 + 10 * M)  # recovered earlier, told later
    outage.refresh_from_db()
    assert outage.ended_at == T0 + 20 * M
    assert outage.source == "monitoring" and outage.recorded_by is None


def test_an_outage_inside_announced_maintenance_is_excluded_and_silent(settings):
    settings.SILAJAR_MONITOR_INCIDENT_AFTER_MINUTES = 1
    now = timezone.now()
    link = LinkFactory()
    MaintenanceWindowFactory(
        provider=link.provider, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )
    UserFactory(roles=[Role.NETWORK_ADMIN])
    target = TargetFactory(link=link)
    down(target, now - 30 * M)
    outage = Outage.objects.get()
    assert outage.exclusion == "maintenance"
    assert services.outages_escalate(now=now) == []
    outage.refresh_from_db()
    assert outage.incident is None and not Notification.objects.exists()
    # it ends inside the window: the exclusion stays
    services.target_up(target_id=target.pk, since=now - 10 * M)
    outage.refresh_from_db()
    assert (outage.ended_at, outage.exclusion) == (now - 10 * M, "maintenance")


def test_an_outage_outlasting_its_window_loses_the_exclusion():
    now = timezone.now()
    link = LinkFactory()
    # weekly, from three weeks ago: this week's occurrence ended 10 minutes ago
    MaintenanceWindowFactory(
        provider=link.provider,
        weekly=True,
        starts_at=now - timedelta(weeks=3, minutes=70),
        ends_at=now - timedelta(weeks=3, minutes=10),
    )
    target = TargetFactory(link=link)
    down(target, now - 60 * M)
    assert Outage.objects.get().exclusion == "maintenance"
    services.target_up(target_id=target.pk, since=now - 2 * M)
    assert Outage.objects.get().exclusion == ""


def test_maintenance_announced_too_late_is_no_exclusion_but_still_silences(settings):
    settings.SILAJAR_MONITOR_INCIDENT_AFTER_MINUTES = 1
    now = timezone.now()
    link = LinkFactory()  # its contract asks 72 hours' notice
    MaintenanceWindowFactory(
        provider=link.provider,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
        announced_at=now - timedelta(hours=2),
    )
    down(TargetFactory(link=link), now - 30 * M)
    outage = Outage.objects.get()
    assert outage.exclusion == ""
    assert services.outages_escalate(now=now) == []


def test_our_side_down_proposes_customer_side_and_opens_no_incident(
    settings, django_capture_on_commit_callbacks
):
    settings.SILAJAR_MONITOR_INCIDENT_AFTER_MINUTES = 5
    admin = UserFactory(roles=[Role.NETWORK_ADMIN])
    place = LocationFactory()
    link = LinkFactory(location=place)
    gateway = TargetFactory(link=None, location=place, role="gateway")
    cpe = TargetFactory(link=link)
    now = timezone.now()
    down(cpe, now - 20 * M)
    assert Outage.objects.get().proposed_exclusion == ""
    down(gateway, now - 19 * M)  # the gateway confirmed after the CPE: checked again
    outage = Outage.objects.get()
    assert outage.proposed_exclusion == "customer_side" and outage.exclusion == ""
    with django_capture_on_commit_callbacks(execute=True):
        assert services.outages_escalate(now=now) == [outage.pk]
    outage.refresh_from_db()
    assert outage.incident is None
    assert list(Notification.objects.values_list("recipient", "kind")) == [
        (admin.pk, "monitoring.site_down")
    ]


def test_every_target_of_a_site_down_at_once_is_our_side():
    place = LocationFactory()
    link = LinkFactory(location=place)
    lan = TargetFactory(link=None, location=place, role="lan")
    cpe = TargetFactory(link=link)
    down(lan, T0)
    down(cpe, T0 + M)
    assert Outage.objects.get().proposed_exclusion == "customer_side"


def test_the_cpe_down_from_inside_but_up_from_outside_is_our_side(settings):
    """The CPE unreachable through our network while its public address answers: our side.
    Checked when the inside one goes down after the outside one is up, and when the outside
    one comes up after the inside one went down; not while the outside one is down too."""
    settings.SILAJAR_MONITOR_INCIDENT_AFTER_MINUTES = 5
    link = LinkFactory()
    inside = TargetFactory(link=link, role="provider")
    outside = TargetFactory(link=link, role="provider", vantage="outside", host="203.0.113.9")
    services.target_up(target_id=outside.pk, since=T0)
    down(inside, T0 + M)
    outage = Outage.objects.get()
    assert outage.proposed_exclusion == "customer_side"
    assert services.outages_escalate(now=timezone.now()) == [outage.pk]
    outage.refresh_from_db()
    assert outage.incident is None  # our side: no incident for the provider

    other = LinkFactory()
    inside = TargetFactory(link=other, role="provider")
    outside = TargetFactory(link=other, role="provider", vantage="outside", host="203.0.113.9")
    down(outside, T0)  # unreachable from everywhere: the provider's
    down(inside, T0 + M)
    outage = Outage.objects.get(link=other)
    assert outage.proposed_exclusion == ""
    services.target_up(target_id=outside.pk, since=T0 + 5 * M)  # answers from outside again
    outage.refresh_from_db()
    assert outage.proposed_exclusion == "customer_side"
    assert outage.ended_at is None  # the inside one is still down


def test_a_long_outage_joins_the_links_open_incident_and_is_told_once(
    settings, django_capture_on_commit_callbacks
):
    settings.SILAJAR_MONITOR_INCIDENT_AFTER_MINUTES = 10
    admin = UserFactory(roles=[Role.NETWORK_ADMIN])
    link = LinkFactory()
    incident = IncidentFactory(provider=link.provider, links=[link])
    target = TargetFactory(link=link)
    now = timezone.now()
    down(target, now - 5 * M)
    assert services.outages_escalate(now=now) == []  # not long enough yet
    with django_capture_on_commit_callbacks(execute=True):
        told = services.outages_escalate(now=now + 6 * M)
        assert services.outages_escalate(now=now + 7 * M) == []
    outage = Outage.objects.get()
    assert told == [outage.pk] and outage.incident == incident
    assert Notification.objects.filter(recipient=admin, kind="monitoring.down").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.target_up(target_id=target.pk, since=timezone.now())
    assert Notification.objects.filter(recipient=admin, kind="monitoring.up").count() == 1


def test_a_short_outage_is_not_told():
    UserFactory(roles=[Role.NETWORK_ADMIN])
    target = TargetFactory()
    now = timezone.now()
    down(target, now - 3 * M)
    services.target_up(target_id=target.pk, since=now - M)
    assert Outage.objects.get().ended_at == now - M
    assert not Notification.objects.exists()


def test_pausing_a_down_target_ends_its_downtime_and_outage():
    target = TargetFactory()
    down(target, T0)
    Target.objects.filter(pk=target.pk).update(paused=True)
    services.target_paused(target_id=target.pk, at=T0 + 5 * M)
    target.refresh_from_db()
    assert target.state == "paused"
    assert Outage.objects.get().ended_at == T0 + 5 * M


# --- samples ------------------------------------------------------------------------------------


def test_rollups_by_hour_and_day_then_pruning(settings):
    settings.SILAJAR_MONITOR_RAW_DAYS = 7
    target = TargetFactory()
    hour = datetime(2026, 11, 9, 17, 0, tzinfo=UTC)  # 10 November 00:00 WIB
    rows = [
        (target.pk, hour, [[0, 10.0], [20, None], [40, 30.0]]),
        (target.pk, hour + 59 * M, [[0, 20.0]]),
        (target.pk, hour + 61 * M, [[0, 50.0]]),
    ]
    assert services.samples_flush(rows=rows) == 3
    assert services.samples_flush(rows=rows[:1] + [(999999, hour, [[0, 1.0]])]) == 1  # kept
    now = hour + timedelta(days=1, hours=2)
    assert services.rollup_hours(now=now) == 2
    first = LatencyRollup.objects.get(period="hour", start=hour)
    assert (first.probes, first.failures, first.min_ms, first.mean_ms, first.p95_ms) == (
        4,
        1,
        10.0,
        20.0,
        30.0,
    )
    assert first.loss == 0.25
    assert services.rollup_hours(now=now) == 0  # nothing new
    assert services.rollup_days(now=now) == 1
    day = LatencyRollup.objects.get(period="day")
    assert (day.start, day.probes, day.failures, day.p95_ms) == (hour, 5, 1, 50.0)
    assert services.samples_prune(now=hour + timedelta(days=7, minutes=1)) == 1
    assert ProbeMinute.objects.count() == 2


# --- the command ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_monitor_command_runs_its_shard_and_ends_cleanly(capsys):
    TargetFactory()
    TargetFactory()
    in_own_thread(call_command, "monitor", "--shard", "2/2", "--seconds", "0.3")
    run = MonitorRun.objects.get()
    assert (run.shard, run.shards) == (2, 2) and run.ended_at is not None
    assert "Monitor 2/2 stopped after" in capsys.readouterr().out
