"""The kept link-months (`contracts.sla_store`, ADR 0007): what is read back is what a fresh
computation gives, on random months; every change that feeds a month that is over makes the
next report show the new figure; the running month, its first hour after the end and months
with something still running are never kept; two reports keeping the same link-month, and a
change committed while a report computes, leave no stale month in use."""

import random
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction

from silajar.accounts.roles import Role
from silajar.contracts import sla, sla_store
from silajar.contracts.models import LinkMonthResult, LinkSlaState
from silajar.contracts.report import SlaReport, sla_report
from silajar.contracts.services import CONTRACTS
from silajar.contracts.tests.sla_world import build_world, wib
from silajar.monitoring.models import MonitorRun, Target
from silajar.providers.services.outages import outage_correct, outage_end
from silajar.providers.tests.factories import (
    ContractFactory,
    IncidentFactory,
    LinkFactory,
    MaintenanceWindowFactory,
    OutageFactory,
)

pytestmark = pytest.mark.django_db

APRIL_1 = wib(1, month=4)


@pytest.fixture
def world():
    return build_world()


def march(contract, **kwargs) -> SlaReport:
    return sla_report(contract=contract, year=2026, month=3, **kwargs)


def fresh(contract, year: int = 2026, month: int = 3):
    """The month computed from the records, nothing kept read or written (the month is not
    yet over for an hour at that `now`; no input of these tests still runs)."""
    now = sla.month_range(year, month)[1] + timedelta(minutes=30)
    before = LinkMonthResult.objects.count()
    report = sla_report(contract=contract, year=year, month=month, now=now, with_bars=True)
    assert LinkMonthResult.objects.count() == before
    return report


def figures(report) -> list:
    return [
        (row.link.pk, row.month, row.incidents, row.response_breaches, row.restoration_breaches)
        for row in report.links
    ]


def kept_months(contract) -> int:
    return LinkMonthResult.objects.filter(link__contract=contract).count()


# --- read back = computed --------------------------------------------------------------------


def random_contract(rng: random.Random):
    """A contract with 1–3 links, each with random outages (some excluded, some crossing a
    month's edge, some touching), a window on some, closed incidents, over Feb–Apr 2026."""
    contract = ContractFactory(
        min_outage_seconds=rng.choice([0, 60, 300, 3600]),
        restitution_method=rng.choice(["bands", "proportional"]),
        exclusions=rng.choice([["maintenance", "force_majeure"], ["force_majeure"], []]),
        maintenance_notice_hours=rng.choice([0, 72]),
    )
    start, end = sla.month_range(2026, 2)[0], sla.month_range(2026, 4)[1]
    span = int((end - start).total_seconds())
    links = []
    for _ in range(rng.randint(1, 3)):
        link = LinkFactory(
            provider=contract.provider,
            contract=contract,
            monthly_fee=rng.choice([0, 4_750_000, 12_345_678]),
            active_from=rng.choice([date(2025, 12, 1), date(2026, 3, rng.randint(1, 9))]),
            active_until=rng.choice([None, date(2026, 3, rng.randint(10, 31))]),
        )
        links.append(link)
        at = start
        for _ in range(rng.randint(0, 12)):
            at = rng.choice([at, start + timedelta(seconds=rng.randrange(span))])  # may touch
            length = timedelta(seconds=rng.choice([30, 200, 400, 3 * 3600, 2 * 86400]))
            exclusion = rng.choice(["", "", "force_majeure", "maintenance"])
            OutageFactory(link=link, started_at=at, ended_at=at + length, exclusion=exclusion)
            at += length
        for _ in range(rng.randint(0, 2)):
            opened = start + timedelta(seconds=rng.randrange(span))
            IncidentFactory(
                provider=contract.provider,
                links=[link],
                state=rng.choice(["closed", "cancelled"]),
                started_at=opened,
                reported_at=opened + timedelta(minutes=5),
                acknowledged_at=opened + timedelta(minutes=rng.choice([10, 60])),
                restored_at=opened + timedelta(minutes=rng.choice([60, 600])),
            )
    if rng.random() < 0.7:
        opens = wib(rng.randint(1, 28), rng.randint(0, 22))
        window = MaintenanceWindowFactory(
            provider=contract.provider,
            starts_at=opens,
            ends_at=opens + timedelta(hours=rng.choice([1, 5])),
            announced_at=wib(1, month=2),
            weekly=rng.random() < 0.5,
        )
        if rng.random() < 0.5:
            window.links.set(links[:1])
    return contract


@pytest.mark.parametrize("seed", range(12))
def test_what_is_read_back_is_what_a_fresh_computation_gives(seed):
    rng = random.Random(seed)
    contract = random_contract(rng)
    for month in (2, 3, 4):
        expected = figures(fresh(contract, month=month))
        first = sla_report(contract=contract, year=2026, month=month, with_bars=True)
        assert figures(first) == expected  # computed, and kept
        assert LinkMonthResult.objects.filter(link__contract=contract, month=month).count() == len(
            expected
        )
        again = sla_report(contract=contract, year=2026, month=month, with_bars=True)
        assert figures(again) == expected  # read back, bar and all
        assert again.total == first.total
        without_bars = sla_report(contract=contract, year=2026, month=month)
        assert [r.month.pieces for r in without_bars.links] == [None] * len(expected)
        assert without_bars.total.restitution_amount == first.total.restitution_amount


# --- what is not kept ------------------------------------------------------------------------


def test_the_running_month_and_the_hour_after_it_are_never_kept(world):
    contract = world["contract"]
    for now in (wib(20, 12), wib(31, 23, 59), APRIL_1, APRIL_1 + timedelta(minutes=59)):
        march(contract, now=now)
        assert kept_months(contract) == 0
    march(contract, now=APRIL_1 + sla_store.SETTLE)
    assert kept_months(contract) == 2


def test_a_month_with_an_open_outage_or_a_running_incident_is_not_kept(world, make_user):
    contract, a, b = world["contract"], world["a"], world["b"]
    outage = OutageFactory(link=a, started_at=wib(30, 12), ended_at=None)
    IncidentFactory(provider=contract.provider, links=[b], started_at=wib(4), state="reported")
    march(contract)
    assert kept_months(contract) == 0
    outage_end(actor=make_user(Role.NETWORK_ADMIN), outage=outage, ended_at=wib(30, 14))
    march(contract)
    assert list(LinkMonthResult.objects.values_list("link", flat=True)) == [a.pk]
    assert march(contract, with_bars=True).links[0].month == fresh(contract).links[0].month


# --- every change that feeds a month that is over --------------------------------------------


def kept_then(world, change) -> tuple:
    """March's figures kept, then after `change(world)`: (before, after, fresh after)."""
    contract = world["contract"]
    before = figures(march(contract, with_bars=True))
    assert kept_months(contract) == 2
    change(world)
    contract.refresh_from_db()
    after = figures(march(contract, with_bars=True))
    assert after == figures(fresh(contract))
    return before, after


def test_an_outage_corrected_in_a_past_month_shows_in_the_next_report(world, make_user):
    admin = make_user(Role.NETWORK_ADMIN)

    def correct(w):
        outage = w["a"].outages.get(started_at=wib(3, 10))
        outage_correct(
            actor=admin, outage=outage, reason="Laporan NOC", data={"ended_at": wib(3, 16, 30)}
        )

    before, after = kept_then(world, correct)
    assert after[0][1].counted_minutes == before[0][1].counted_minutes + 60


def test_an_exclusion_granted_later_shows_in_the_next_report(world, make_user):
    admin = make_user(Role.NETWORK_ADMIN)

    def exclude(w):
        outage = w["b"].outages.get()
        outage_correct(
            actor=admin, outage=outage, reason="Force majeure", data={"exclusion": "force_majeure"}
        )

    before, after = kept_then(world, exclude)
    assert (before[1][1].counted_minutes, after[1][1].counted_minutes) == (2880, 0)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda w: OutageFactory(link=w["a"], started_at=wib(5), ended_at=wib(5, 1)),
            id="outage recorded",
        ),
        pytest.param(lambda w: w["b"].outages.get().delete(), id="outage deleted"),
        pytest.param(
            lambda w: w["a"].outages.filter(started_at=wib(28, 23, 50, month=2)).delete(),
            id="outage of the month before deleted (queryset)",
        ),
        pytest.param(
            lambda w: MaintenanceWindowFactory(
                provider=w["contract"].provider,
                starts_at=wib(3, 9),
                ends_at=wib(3, 12),
                announced_at=wib(1, month=2),
            ),
            id="window announced",
        ),
        pytest.param(lambda w: w["window"].delete(), id="window deleted"),
        pytest.param(lambda w: w["window"].links.set([w["b"]]), id="window's links"),
        pytest.param(
            lambda w: setattr(w["window"], "announced_at", wib(24, 12)) or w["window"].save(),
            id="window announced too late",
        ),
        pytest.param(
            lambda w: setattr(w["a"], "monthly_fee", 30_000_000) or w["a"].save(),
            id="link's fee",
        ),
        pytest.param(
            lambda w: setattr(w["b"], "active_from", date(2026, 3, 10)) or w["b"].save(),
            id="link's dates",
        ),
        pytest.param(
            lambda w: IncidentFactory(
                provider=w["contract"].provider, links=[w["a"]], started_at=wib(8), state="closed"
            ),
            id="incident",
        ),
    ],
)
def test_each_change_that_feeds_the_month_shows_in_the_next_report(world, change):
    before, after = kept_then(world, change)
    assert after != before


def test_a_contracts_terms_changed_show_in_the_next_report(world, make_user):
    admin = make_user(Role.NETWORK_ADMIN)

    def terms(w):
        contract = w["contract"]
        CONTRACTS.update(
            actor=admin,
            obj=contract,
            data={"exclusions": ["maintenance"], "restitution_cap_percent": 10},
            expected_version=contract.version,
        )

    before, after = kept_then(world, terms)
    assert after[0][1].counted_minutes == before[0][1].counted_minutes + 240  # force majeure
    assert after[1][1].restitution_amount == 850_000  # capped at 10 %


def test_an_outage_of_the_running_month_touching_a_past_one_raises_it(world, monkeypatch):
    """With April running, an outage from 1 Apr 00:00 that touches one of 31 Mar makes that
    one part of an outage long enough to count: the margin of `min_outage_seconds`."""
    contract, b = world["contract"], world["b"]
    OutageFactory(link=b, started_at=wib(31, 23, 58), ended_at=APRIL_1)  # 2 minutes: too short
    monkeypatch.setattr(sla_store, "running_month_start", lambda now: APRIL_1)
    now = APRIL_1 + timedelta(hours=2)
    assert march(contract, now=now).links[1].month.counted_minutes == 2880
    OutageFactory(link=b, started_at=APRIL_1, ended_at=APRIL_1 + timedelta(minutes=4))
    assert march(contract, now=now).links[1].month.counted_minutes == 2882
    # one a day later touches nothing kept
    generation = LinkSlaState.objects.get(link=b).generation
    OutageFactory(link=b, started_at=wib(2, month=4), ended_at=wib(2, 1, month=4))
    assert LinkSlaState.objects.get(link=b).generation == generation


# --- the monitor's targets and runs ----------------------------------------------------------


def generation(link) -> int:
    state = LinkSlaState.objects.filter(link=link).first()
    return state.generation if state else 0


def test_the_monitors_targets_and_runs_raise_the_links_they_watch(world, monkeypatch):
    a, b = world["a"], world["b"]
    start = {a.pk: generation(a), b.pk: generation(b)}

    def raised() -> tuple[int, int]:
        return generation(a) - start[a.pk], generation(b) - start[b.pk]

    target = Target.objects.create(
        name="CPE A", kind="tcp", host="127.0.0.1", port=1, role="provider", link=a
    )
    assert raised() == (1, 0)
    target.state, target.last_error = "down", "refused"  # the monitor's own view
    target.save()
    assert raised() == (1, 0)
    target.paused = True
    target.save()
    assert raised() == (2, 0)

    monkeypatch.setattr(sla_store, "running_month_start", lambda now: APRIL_1)
    run = MonitorRun.objects.create(started_at=wib(1), beat_at=wib(1, 0, 1))
    assert raised() == (3, 0)  # a run over March: every link with a target
    run.beat_at = wib(1, 10, month=4)  # its heartbeat crosses into April
    run.save()
    assert raised() == (4, 0)
    run.beat_at = wib(1, 11, month=4)  # a heartbeat within the running month
    run.save()
    run.ended_at = wib(1, 12, month=4)  # a clean stop in it
    run.save()
    MonitorRun.objects.create(started_at=wib(2, month=4), beat_at=wib(2, 1, month=4))
    assert raised() == (4, 0)
    run.delete()
    assert raised() == (5, 0)
    target.link = b
    target.save()
    assert raised() == (6, 1)


# --- two reports at once, a change meanwhile -------------------------------------------------


def test_two_reports_keeping_the_same_link_month_keep_one_without_an_error(world):
    contract, a = world["contract"], world["a"]
    report = march(contract, with_bars=True)
    result = sla_store.Kept(report.links[0].month, 0, 0, 0)
    for _ in range(2):  # the second meets the first's row: the upsert, no IntegrityError
        sla_store.store({a.pk: result}, generations={a.pk: 0}, now=APRIL_1)
    assert LinkMonthResult.objects.filter(link=a, year=2026, month=3).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        LinkMonthResult.objects.create(
            link=a,
            year=2026,
            month=3,
            generation=0,
            computed_at=APRIL_1,
            **{name: 0 for name in sla_store.FIGURES if name != "credit_percent"},
        )


def test_a_month_computed_before_a_change_committed_meanwhile_is_never_used(world):
    """A report reads the generation, then the inputs; a change commits and raises the
    generation; the report keeps what it computed from the old inputs with the old generation:
    the next report does not use it."""
    contract, b = world["contract"], world["b"]
    old_generation = generation(b)
    stale = march(contract, now=APRIL_1 + timedelta(minutes=30), with_bars=True)  # computed
    OutageFactory(link=b, started_at=wib(25), ended_at=wib(25, 2))  # the change, raised
    sla_store.store(
        {b.pk: sla_store.Kept(stale.links[1].month, 0, 0, 0)},
        generations={b.pk: old_generation},
        now=APRIL_1,
    )
    assert march(contract).links[1].month.counted_minutes == 2880 + 120
