"""Service-level clocks: the pure computation over the office calendar, and the clocks the
services store, rebuilt from a ticket's (backdated) audit trail."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from silajar.accounts.roles import Role
from silajar.core.calendar import WorkingCalendar, add_working_minutes, working_minutes_between
from silajar.core.models import AuditEvent, Holiday
from silajar.tickets import services
from silajar.tickets.models import Category, Ticket
from silajar.tickets.sla import Snapshot, compute_sla

WIB = ZoneInfo("Asia/Pontianak")
HOLIDAY = date(2026, 8, 17)  # Monday, Hari Kemerdekaan
CAL = WorkingCalendar.from_config(
    tz="Asia/Pontianak", hours=settings.SILAJAR_WORKING_HOURS, holidays=[HOLIDAY]
)
CAL_24x7 = WorkingCalendar.from_config(
    tz="Asia/Pontianak", hours=settings.SILAJAR_WORKING_HOURS, always_open=True
)


def wib(y, m, d, h=0, mi=0):
    return datetime(y, m, d, h, mi, tzinfo=WIB)


def snap(at, state="new", pause="", priority="normal"):
    return Snapshot(at=at, state=state, priority=priority, category_id=None, pause_reason=pause)


def sla(history, now, response=60, resolution=960, calendar=CAL, targets=None):
    """The clocks with `targets` per snapshot, or the same `response` and `resolution` for all."""
    return compute_sla(
        history=history,
        calendar=calendar,
        targets=targets or (lambda _snapshot: (response, resolution)),
        now=now,
    )


def close_to(a, b, seconds=1):
    return abs((a - b).total_seconds()) < seconds


# --- the pure clocks -------------------------------------------------------------------------


def test_response_due_runs_over_the_weekend():
    # Friday 16:00: half an hour left that day (Fri ends 16:30), the rest on Monday morning
    result = sla([snap(wib(2026, 11, 27, 16, 0))], now=wib(2026, 11, 27, 16, 5))
    assert result.response.due_at == wib(2026, 11, 30, 8, 0)
    assert result.response.elapsed_minutes == 5
    # nothing counts on Saturday and Sunday
    weekend = sla([snap(wib(2026, 11, 27, 16, 0))], now=wib(2026, 11, 29, 23, 0))
    assert weekend.response.elapsed_minutes == 30
    assert weekend.response.due_at == wib(2026, 11, 30, 8, 0)


def test_monday_to_thursday_end_at_four():
    result = sla([snap(wib(2026, 11, 26, 15, 30))], now=wib(2026, 11, 26, 15, 30))
    assert result.response.due_at == wib(2026, 11, 27, 8, 0)  # Thu 15:30 + 30 → Fri 08:00


def test_holiday_is_skipped():
    # Friday 14 Aug 16:00 → weekend → Monday 17 Aug is a holiday → Tuesday 08:00
    result = sla([snap(wib(2026, 8, 14, 16, 0))], now=wib(2026, 8, 14, 16, 0))
    assert result.response.due_at == wib(2026, 8, 18, 8, 0)
    on_holiday = sla([snap(wib(2026, 8, 14, 16, 0))], now=wib(2026, 8, 17, 12, 0))
    assert on_holiday.response.elapsed_minutes == 30


def test_ticket_logged_at_night_starts_counting_next_morning():
    result = sla([snap(wib(2026, 11, 24, 21, 0))], now=wib(2026, 11, 24, 23, 0))
    assert result.response.elapsed_minutes == 0
    assert result.response.due_at == wib(2026, 11, 25, 8, 30)


def test_response_clock_stops_at_triage_and_resolution_goes_on():
    history = [snap(wib(2026, 11, 23, 8, 0)), snap(wib(2026, 11, 23, 8, 40), "triage")]
    result = sla(history, now=wib(2026, 11, 23, 10, 0))
    assert result.response.finished and not result.response.running
    assert result.response.elapsed_minutes == 40
    assert result.response.due_at is None
    assert result.resolution.elapsed_minutes == 120
    assert result.resolution.due_at == add_working_minutes(CAL, wib(2026, 11, 23, 10), 840)
    assert result.status == "on_track"


@pytest.mark.parametrize(
    "paused",
    [
        lambda at: snap(at, "triage", pause="waiting_reporter"),
        lambda at: snap(at, "waiting_provider"),
    ],
    ids=["waiting_reporter", "waiting_provider"],
)
def test_pause_pushes_the_deadline_by_exactly_the_paused_working_time(paused):
    created, triaged = wib(2026, 11, 23, 8, 0), wib(2026, 11, 23, 8, 30)
    pause_from, pause_to = wib(2026, 11, 23, 15, 0), wib(2026, 11, 24, 9, 0)
    now = wib(2026, 11, 24, 10, 0)
    plain = [snap(created), snap(triaged, "triage")]
    with_pause = [*plain, paused(pause_from), snap(pause_to, "triage")]
    before = sla(plain, now)
    after = sla(with_pause, now)
    paused_minutes = working_minutes_between(CAL, pause_from, pause_to)
    assert paused_minutes == 60 + 90  # Mon 15:00–16:00 and Tue 07:30–09:00
    assert after.resolution.elapsed_minutes == before.resolution.elapsed_minutes - paused_minutes
    assert after.resolution.due_at == add_working_minutes(
        CAL, before.resolution.due_at, paused_minutes
    )


def test_while_paused_the_clock_shows_paused_without_a_due_time():
    history = [
        snap(wib(2026, 11, 23, 8)),
        snap(wib(2026, 11, 23, 8, 10), "triage"),
        snap(wib(2026, 11, 23, 9), "waiting_provider"),
    ]
    result = sla(history, now=wib(2026, 11, 25, 9))
    assert result.resolution.paused and result.resolution.due_at is None
    assert result.resolution.elapsed_minutes == 60
    assert result.status == "paused"


def test_priority_change_recomputes_due_and_keeps_elapsed():
    history = [snap(wib(2026, 11, 23, 8)), snap(wib(2026, 11, 23, 8, 20), "triage")]
    now = wib(2026, 11, 23, 12)
    normal = sla(history, now, resolution=960)
    high = sla(history, now, resolution=480)  # the ticket's current target after the change
    assert normal.resolution.elapsed_minutes == high.resolution.elapsed_minutes == 240
    assert high.resolution.due_at == add_working_minutes(CAL, now, 240)
    assert normal.resolution.due_at == add_working_minutes(CAL, now, 720)


# (response, resolution) working minutes, as the default targets
TARGETS = {"critical": (15, 240), "high": (30, 480), "normal": (60, 960), "low": (240, 2400)}


def by_priority(snapshot):
    return TARGETS[snapshot.priority]


def test_priority_change_after_the_response_keeps_the_response_met():
    # answered in 40 minutes under "normal" (60), raised to "critical" (15 to respond) later
    history = [
        snap(wib(2026, 11, 23, 8)),
        snap(wib(2026, 11, 23, 8, 40), "triage"),
        snap(wib(2026, 11, 23, 9), "triage", priority="critical"),
    ]
    now = wib(2026, 11, 23, 10)
    result = sla(history, now, targets=by_priority)
    assert result.response.finished and not result.response.breached
    assert result.response.target_minutes == 60 and result.response.elapsed_minutes == 40
    # the resolution clock, still running, takes critical's 240 minutes: 120 used
    assert result.resolution.target_minutes == 240
    assert result.resolution.due_at == add_working_minutes(CAL, now, 120)
    assert result.status == "on_track"


def test_priority_change_after_a_missed_response_or_while_resolved_changes_no_verdict():
    late = [
        snap(wib(2026, 11, 23, 8), priority="critical"),
        snap(wib(2026, 11, 23, 9), "triage", priority="critical"),
    ]
    lowered = [*late, snap(wib(2026, 11, 23, 10), "triage", priority="low")]
    result = sla(lowered, wib(2026, 11, 23, 11), targets=by_priority)
    assert result.response.breached and result.response.target_minutes == 15  # stays missed
    resolved = [
        snap(wib(2026, 11, 23, 8), priority="low"),
        snap(wib(2026, 11, 23, 8, 10), "triage", priority="low"),
        snap(wib(2026, 11, 23, 11), "resolved", priority="low"),
        snap(wib(2026, 11, 23, 12), "resolved", priority="critical"),
    ]
    result = sla(resolved, wib(2026, 11, 24, 8), targets=by_priority)
    assert result.status == "met" and result.resolution.target_minutes == 2400
    # a reopen makes the resolution clock live again: now it takes the current target
    reopened = [*resolved, snap(wib(2026, 11, 24, 8), "triage", priority="critical")]
    result = sla(reopened, wib(2026, 11, 24, 9), targets=by_priority)
    assert result.resolution.target_minutes == 240 and result.resolution.running


def test_reopen_continues_where_the_clock_stopped():
    history = [
        snap(wib(2026, 11, 23, 8)),
        snap(wib(2026, 11, 23, 8, 30), "triage"),
        snap(wib(2026, 11, 23, 9), "dispatched"),
        snap(wib(2026, 11, 23, 10), "in_progress"),
        snap(wib(2026, 11, 23, 11), "resolved"),
        snap(wib(2026, 11, 24, 11), "triage"),  # reopened a day later
    ]
    at_resolve = sla(history[:5], now=wib(2026, 11, 24, 10))
    assert at_resolve.resolution.finished and at_resolve.status == "met"
    assert at_resolve.resolution.elapsed_minutes == 180
    now = wib(2026, 11, 24, 12)
    reopened = sla(history, now)
    assert reopened.resolution.running
    assert reopened.resolution.elapsed_minutes == 180 + 60  # the day in between not counted
    assert reopened.resolution.due_at == add_working_minutes(CAL, now, 960 - 240)
    # the response, answered before the reopen, stays answered
    assert reopened.response.finished and reopened.response.elapsed_minutes == 30


def test_closed_and_cancelled_stop_the_clock():
    history = [snap(wib(2026, 11, 23, 8)), snap(wib(2026, 11, 23, 8, 5), "cancelled")]
    result = sla(history, now=wib(2026, 12, 23, 8))
    assert result.resolution.finished and not result.resolution.breached


def test_breach_reports_the_moment_the_target_ran_out():
    history = [snap(wib(2026, 11, 27, 16, 0))]
    result = sla(history, now=wib(2026, 11, 30, 9, 0))
    assert result.response.breached and result.status == "breached"
    assert result.response.due_at == wib(2026, 11, 30, 8, 0)


def test_on_track_then_at_risk_in_the_last_quarter_then_breached():
    history = [snap(wib(2026, 11, 23, 8)), snap(wib(2026, 11, 23, 8, 5), "triage")]
    tuesday_10 = sla(history, wib(2026, 11, 24, 10))  # 480 + 150 = 630 of 960
    assert tuesday_10.resolution.elapsed_minutes == 630 and tuesday_10.status == "on_track"
    tuesday_12 = sla(history, wib(2026, 11, 24, 12))  # 750: 210 left ≤ a quarter of 960
    assert tuesday_12.resolution.at_risk and tuesday_12.status == "at_risk"
    tuesday_16 = sla(history, wib(2026, 11, 24, 16))  # 990
    assert tuesday_16.status == "breached"
    assert tuesday_16.resolution.due_at == wib(2026, 11, 24, 15, 30)


def test_24x7_category_counts_nights_weekends_and_holidays():
    history = [snap(wib(2026, 8, 15, 22, 0))]  # Saturday night before a holiday
    result = sla(history, now=wib(2026, 8, 15, 22, 10), response=15, calendar=CAL_24x7)
    assert result.response.due_at == wib(2026, 8, 15, 22, 15)
    long = sla(
        [snap(wib(2026, 8, 15, 22)), snap(wib(2026, 8, 15, 22, 5), "triage")],
        now=wib(2026, 8, 17, 22),
        calendar=CAL_24x7,
    )
    assert long.resolution.elapsed_minutes == 48 * 60
    assert long.resolution.breached


# --- properties ------------------------------------------------------------------------------

BASE = wib(2026, 8, 10, 0, 0)  # a Monday; the holiday falls a week later
STATES = ["new", "triage", "dispatched", "in_progress", "resolved", "waiting_provider", "closed"]


@st.composite
def histories(draw):
    """A plausible history: starts `new`, then random states/pauses at increasing times."""
    steps = draw(st.lists(st.integers(1, 3000), min_size=1, max_size=8))
    at = BASE + timedelta(minutes=draw(st.integers(0, 7 * 24 * 60)))
    history = [snap(at)]
    for gap in steps:
        at += timedelta(minutes=gap)
        state = draw(st.sampled_from(STATES[1:]))
        pause = (
            draw(st.sampled_from(["", "", "waiting_reporter"]))
            if state in ("triage", "dispatched", "in_progress")
            else ""
        )
        history.append(snap(at, state, pause))
    return history


def later(history, minutes):
    return history[-1].at + timedelta(minutes=minutes)


PROPERTY = hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(histories(), st.integers(0, 5000), st.integers(0, 5000))
def test_elapsed_is_monotonic_in_now(history, a, b):
    first, second = sorted((a, b))
    early, late = sla(history, later(history, first)), sla(history, later(history, second))
    assert early.resolution.elapsed_minutes <= late.resolution.elapsed_minutes + 1e-9
    assert early.response.elapsed_minutes <= late.response.elapsed_minutes + 1e-9


@PROPERTY
@given(histories(), st.data(), st.integers(0, 5000))
def test_pausing_never_makes_elapsed_larger(history, data, wait):
    index = data.draw(st.integers(0, len(history) - 1))
    original = history[index]
    paused = list(history)
    paused[index] = snap(original.at, original.state, pause="waiting_reporter")
    now = later(history, wait)
    assert (
        sla(paused, now).resolution.elapsed_minutes
        <= sla(history, now).resolution.elapsed_minutes + 1e-9
    )
    assert (
        sla(paused, now).response.elapsed_minutes
        <= sla(history, now).response.elapsed_minutes + 1e-9
    )


@PROPERTY
@given(histories(), st.data(), st.integers(0, 5000))
def test_splitting_a_stretch_changes_nothing(history, data, wait):
    """Elapsed time is additive: an event that changes nothing the clock looks at (a comment,
    an edit of the description) at any moment leaves both clocks exactly as they were."""
    now = later(history, wait)
    index = data.draw(st.integers(0, len(history) - 1))
    start = history[index].at
    end = history[index + 1].at if index + 1 < len(history) else now
    span = int((end - start).total_seconds() // 60)
    cut = start + timedelta(minutes=data.draw(st.integers(0, max(0, span))))
    same = history[index]
    split = [*history[: index + 1], snap(cut, same.state, same.pause_reason), *history[index + 1 :]]
    split.sort(key=lambda s: s.at)
    whole, parts = sla(history, now), sla(split, now)
    assert abs(whole.resolution.elapsed_minutes - parts.resolution.elapsed_minutes) < 1e-6
    assert abs(whole.response.elapsed_minutes - parts.response.elapsed_minutes) < 1e-6


@PROPERTY
@given(st.integers(0, 14 * 24 * 60), st.integers(0, 14 * 24 * 60), st.integers(0, 14 * 24 * 60))
def test_working_minutes_add_up(a, b, c):
    x, y, z = (BASE + timedelta(minutes=m) for m in sorted((a, b, c)))
    assert working_minutes_between(CAL, x, z) == pytest.approx(
        working_minutes_between(CAL, x, y) + working_minutes_between(CAL, y, z)
    )


@PROPERTY
@given(histories(), st.integers(0, 3000))
def test_a_running_clock_runs_out_exactly_at_its_due_time(history, wait):
    now = later(history, wait)
    clock = sla(history, now).resolution
    if clock.running and not clock.breached and clock.remaining_minutes > 0:
        assert working_minutes_between(CAL, now, clock.due_at) == pytest.approx(
            clock.remaining_minutes, abs=1e-6
        )


@PROPERTY
@given(
    st.integers(0, 10 * 24 * 60),
    st.integers(0, 3 * 24 * 60),
    st.integers(1, 3 * 24 * 60),
    st.integers(0, 3 * 24 * 60),
)
def test_a_pause_moves_the_due_time_by_the_paused_working_time(start, before, length, after):
    created = BASE + timedelta(minutes=start)
    pause_from = created + timedelta(minutes=before)
    pause_to = pause_from + timedelta(minutes=length)
    now = pause_to + timedelta(minutes=after)
    plain = [snap(created), snap(created, "triage")]
    paused = [*plain, snap(pause_from, "triage", "waiting_reporter"), snap(pause_to, "triage")]
    big = 100_000  # never breached here, so both clocks are still running
    due_plain = sla(plain, now, resolution=big).resolution.due_at
    due_paused = sla(paused, now, resolution=big).resolution.due_at
    pushed = add_working_minutes(CAL, due_plain, working_minutes_between(CAL, pause_from, pause_to))
    # the same working instant: the end of one working day is the start of the next
    assert working_minutes_between(CAL, *sorted([due_paused, pushed])) < 1 / 60


@PROPERTY
@given(histories(), st.sampled_from(sorted(TARGETS)), st.integers(0, 3000), st.integers(0, 3000))
def test_a_priority_change_re_targets_only_the_clocks_still_live(history, priority, gap, wait):
    """Whatever the history, a later change of priority leaves a stopped clock (the response
    once answered, the resolution while resolved or closed) exactly as it was, and gives a live
    one (running or paused) the new priority's target without touching the time spent."""
    last = history[-1]
    changed_at = later(history, gap)
    changed = [*history, snap(changed_at, last.state, last.pause_reason, priority=priority)]
    now = changed_at + timedelta(minutes=wait)
    before, after = sla(history, now, targets=by_priority), sla(changed, now, targets=by_priority)
    for index, (old, new) in enumerate(
        [(before.response, after.response), (before.resolution, after.resolution)]
    ):
        assert abs(old.elapsed_minutes - new.elapsed_minutes) < 1e-6
        if old.finished:
            assert (new.finished, new.target_minutes, new.breached, new.due_at) == (
                True,
                old.target_minutes,
                old.breached,
                None,
            )
        else:
            assert not new.finished
            assert new.target_minutes == TARGETS[priority][index]


# --- the stored clocks, from the services and the audit trail ---------------------------------


@pytest.fixture
def clock(monkeypatch):
    """clock.at(moment): from now on `timezone.now()` (and so auto_now_add, the audit trail's
    time and the services' refresh of the clocks) answers `moment`."""

    class Clock:
        moment = None

        def at(self, moment):
            self.moment = moment
            return moment

    control = Clock()
    real = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: control.moment or real())
    return control


@pytest.fixture
def desk(make_user, location, clock):
    return {
        "helpdesk": make_user(Role.HELPDESK),
        "technician": make_user(Role.TECHNICIAN),
        "admin": make_user(Role.NETWORK_ADMIN),
        "location": location,
        "clock": clock,
    }


def logged(desk, moment, category="cable", **extra):
    desk["clock"].at(moment)
    return services.ticket_create(
        actor=desk["helpdesk"],
        channel="phone",
        organization=desk["location"].organization,
        location=desk["location"],
        description="Internet di ruang rapat lantai 2 tidak bisa terhubung",
        reporter_name="Rina",
        category=Category.objects.get(code=category),
        **({"priority": "normal"} | extra),
    )


def refreshed(ticket, now):
    ticket.refresh_from_db()
    services.ticket_sla_refresh(ticket=ticket, now=now)
    ticket.refresh_from_db()
    return ticket


@pytest.mark.django_db
def test_the_audit_trail_carries_the_controlled_time(desk):
    ticket = logged(desk, wib(2026, 8, 14, 16, 0))
    event = AuditEvent.objects.get(
        content_type=ContentType.objects.get_for_model(Ticket), object_id=str(ticket.pk)
    )
    assert event.created_at == ticket.created_at == wib(2026, 8, 14, 16, 0)


@pytest.mark.django_db
def test_services_clock_with_pause_priority_change_and_reopen(desk):
    Holiday.objects.create(date=HOLIDAY, name="Hari Kemerdekaan")
    helpdesk, tech, at = desk["helpdesk"], desk["technician"], desk["clock"].at
    ticket = logged(desk, wib(2026, 8, 14, 16, 0))  # Friday afternoon
    ticket = refreshed(ticket, wib(2026, 8, 14, 16, 10))
    assert ticket.sla_response_due_at == wib(2026, 8, 18, 8, 0)  # weekend + holiday skipped
    # 30 minutes on Friday, none on Tuesday before 07:30: response met (judged by "normal",
    # the priority when it was answered; the later "high" re-targets only the resolution)
    at(wib(2026, 8, 18, 7, 30))
    services.ticket_triage(ticket=ticket, actor=helpdesk)
    ticket = refreshed(ticket, at(wib(2026, 8, 18, 8, 0)))
    assert not ticket.sla_response_breached and ticket.sla_status == "on_track"
    # resolution: normal = 960 min; 30 on Friday + 30 on Tuesday → 60 used at 08:00
    assert ticket.sla_resolution_due_at == add_working_minutes(CAL, wib(2026, 8, 18, 8), 900)
    due_before_pause = ticket.sla_resolution_due_at

    services.ticket_pause(ticket=ticket, actor=helpdesk)  # at 08:00
    ticket = refreshed(ticket, at(wib(2026, 8, 18, 13, 0)))
    assert ticket.sla_status == "paused" and ticket.sla_resolution_due_at is None
    services.ticket_resume(ticket=ticket, actor=helpdesk)  # 5 working hours paused
    ticket.refresh_from_db()
    assert ticket.sla_resolution_due_at == add_working_minutes(CAL, due_before_pause, 300)

    # priority raised to high (480 min): elapsed 60 kept, so 420 left from 13:00
    services.ticket_update(
        actor=helpdesk, ticket=ticket, data={"priority": "high"}, expected_version=None
    )
    ticket.refresh_from_db()
    assert ticket.sla_resolution_due_at == add_working_minutes(CAL, wib(2026, 8, 18, 13), 420)

    at(wib(2026, 8, 18, 13, 30))
    services.ticket_dispatch(ticket=ticket, actor=helpdesk, technician=tech)
    at(wib(2026, 8, 18, 14, 0))
    services.ticket_start(ticket=ticket, actor=tech)
    at(wib(2026, 8, 18, 15, 0))  # 60 + 120 = 180 used
    services.ticket_resolve(
        ticket=ticket, actor=tech, diagnosis="Kabel putus", action_taken="Ganti"
    )
    ticket = refreshed(ticket, at(wib(2026, 8, 19, 9, 0)))
    assert ticket.sla_status == "met" and ticket.sla_resolution_due_at is None

    at(wib(2026, 8, 19, 10, 0))  # resolved → reopened: the gap is not counted
    services.ticket_reopen(ticket=ticket, actor=helpdesk, reason="Putus lagi")
    ticket.refresh_from_db()
    assert ticket.state == "triage"
    assert ticket.sla_resolution_due_at == add_working_minutes(CAL, wib(2026, 8, 19, 10), 300)
    assert not ticket.sla_response_breached and not ticket.sla_resolution_breached


@pytest.mark.django_db
def test_waiting_for_the_provider_stops_the_stored_clock(desk):
    at = desk["clock"].at
    ticket = logged(desk, wib(2026, 11, 23, 8, 0), category="cable")
    at(wib(2026, 11, 23, 8, 10))
    services.ticket_triage(ticket=ticket, actor=desk["helpdesk"])
    at(wib(2026, 11, 23, 9, 0))
    services.ticket_escalate_to_provider(ticket=ticket, actor=desk["admin"], reference="INC-1")
    ticket = refreshed(ticket, at(wib(2026, 11, 27, 9, 0)))
    assert ticket.sla_status == "paused" and not ticket.sla_resolution_breached
    services.ticket_return_from_provider(ticket=ticket, actor=desk["admin"])
    ticket.refresh_from_db()
    assert ticket.sla_resolution_due_at == add_working_minutes(CAL, wib(2026, 11, 27, 9), 900)


@pytest.mark.django_db
def test_24x7_category_in_the_services(desk):
    ticket = logged(desk, wib(2026, 11, 28, 22, 0), category="internet", priority="critical")
    assert ticket.sla_response_due_at == wib(2026, 11, 28, 22, 15)  # Saturday night
    ticket = refreshed(ticket, wib(2026, 11, 28, 22, 20))
    assert ticket.sla_status == "breached" and ticket.sla_response_breached


@pytest.mark.django_db
def test_a_breach_is_kept_when_the_priority_is_lowered(desk):
    ticket = logged(desk, wib(2026, 11, 23, 8, 0), priority="critical")
    ticket = refreshed(ticket, desk["clock"].at(wib(2026, 11, 23, 9, 0)))  # 15 min to respond
    assert ticket.sla_response_breached
    services.ticket_update(  # low: 240 min to respond — no longer over
        actor=desk["helpdesk"], ticket=ticket, data={"priority": "low"}, expected_version=None
    )
    ticket.refresh_from_db()
    assert ticket.sla_response_due_at is not None and ticket.sla_status == "on_track"
    assert ticket.sla_response_breached  # but the breach stays recorded for the reports


@pytest.mark.django_db
def test_raising_the_priority_after_the_response_keeps_the_response_met(desk):
    """Answered in 40 minutes under "normal" (60); raised to "critical" (15 to respond) later:
    the response stays met, only the resolution clock, still running, takes the new target."""
    at = desk["clock"].at
    ticket = logged(desk, wib(2026, 11, 23, 8, 0))
    at(wib(2026, 11, 23, 8, 40))
    services.ticket_triage(ticket=ticket, actor=desk["helpdesk"])
    at(wib(2026, 11, 23, 9, 0))
    services.ticket_update(
        actor=desk["helpdesk"], ticket=ticket, data={"priority": "critical"}, expected_version=None
    )
    ticket.refresh_from_db()
    assert not ticket.sla_response_breached
    assert ticket.sla_status == "on_track"
    # critical: 240 minutes to resolve, 60 of them used
    assert ticket.sla_resolution_due_at == add_working_minutes(CAL, wib(2026, 11, 23, 9), 180)
    ticket = refreshed(ticket, at(wib(2026, 11, 23, 10, 0)))
    assert not ticket.sla_response_breached and ticket.sla_status == "on_track"
