"""Service levels of the steps of an installation request: due times on the office's working
calendar (Mon–Thu 07:30–16:00, Fri 07:30–16:30 WIB, holidays off), targets editable per step,
the overdue scan flags once and tells the people concerned once."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from silajar.accounts.roles import Role
from silajar.core.models import AuditEvent, Holiday
from silajar.installations import selectors, services
from silajar.installations.choices import DEFAULT_STEP_DAYS, FINAL_STATES, OPEN_STATES
from silajar.installations.choices import RequestState as S
from silajar.installations.models import StepTarget
from silajar.installations.tests.factories import Cast, act, file_request, walk_to
from silajar.notifications.models import Notification

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Pontianak")
FRIDAY = date(2026, 11, 27)
MONDAY, TUESDAY, WEDNESDAY = date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=WIB)


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        moment = None

        def set(self, moment):
            self.moment = moment

    control = Clock()
    real = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: control.moment or real())
    return control


@pytest.fixture
def cast(agency, make_user):
    return Cast(
        agency,
        section_head=make_user(Role.SECTION_HEAD, email="kasi@example.org"),
        technician=make_user(Role.TECHNICIAN, email="teknisi@example.org"),
        upde_head=make_user(Role.UPDE_HEAD),
    )


def forwarded_at(cast, clock, moment):
    clock.set(moment - timedelta(hours=1))
    installation = file_request(cast)
    clock.set(moment)
    return act(installation, cast, "forward", "upde_head", {})


def test_filed_request_waits_one_working_day_for_the_head_of_upde(cast, clock):
    clock.set(at(FRIDAY, 10))
    installation = file_request(cast)
    assert installation.step_started_at == at(FRIDAY, 10)
    assert installation.step_due_at == at(MONDAY, 16)  # the close of the next working day


def test_forwarded_on_friday_afternoon_skips_the_weekend_and_a_holiday(cast, clock):
    assert DEFAULT_STEP_DAYS[S.FORWARDED] == 2
    installation = forwarded_at(cast, clock, at(FRIDAY, 15, 30))
    assert installation.step_due_at == at(TUESDAY, 16)  # Monday and Tuesday
    Holiday.objects.create(date=MONDAY, name="Cuti bersama")
    installation = forwarded_at(cast, clock, at(FRIDAY, 15, 30))
    assert installation.step_due_at == at(WEDNESDAY, 16)  # Tuesday and Wednesday


def test_the_stored_step_target_overrides_the_default(cast, clock):
    StepTarget.objects.create(state=S.FORWARDED, working_days=5)
    installation = forwarded_at(cast, clock, at(FRIDAY, 15))
    assert installation.step_due_at == at(date(2026, 12, 4), 16, 30)  # the fifth: a Friday
    assert selectors.step_days(S.FORWARDED) == 5
    assert selectors.step_days(S.SURVEYED) == DEFAULT_STEP_DAYS[S.SURVEYED]


def test_a_survey_due_date_ends_at_the_close_of_that_working_day(cast, clock):
    installation = forwarded_at(cast, clock, at(MONDAY, 9))
    installation = act(
        installation, cast, "assign_survey", "section_head", {"due_date": "2026-12-04"}
    )
    assert installation.survey_due_date == date(2026, 12, 4)
    assert installation.step_due_at == at(date(2026, 12, 4), 16, 30)  # Friday closes at 16:30
    installation = act(installation, cast, "assign_survey", "section_head", {"due_date": WEDNESDAY})
    assert installation.step_due_at == at(WEDNESDAY, 16)


def test_without_a_due_date_the_survey_gets_the_steps_target(cast, clock):
    installation = forwarded_at(cast, clock, at(FRIDAY, 11))
    installation = act(installation, cast, "assign_survey", "section_head", {})
    assert DEFAULT_STEP_DAYS[S.SURVEY_ASSIGNED] == 3
    assert installation.survey_due_date == WEDNESDAY  # Monday, Tuesday, Wednesday
    assert installation.step_due_at == at(WEDNESDAY, 16)


def overdue_notes(user) -> int:
    return Notification.objects.filter(recipient=user, kind="installation.overdue").count()


def test_overdue_scan_flags_once_and_a_later_action_clears_it(
    cast, clock, django_capture_on_commit_callbacks
):
    installation = forwarded_at(cast, clock, at(MONDAY, 9))
    installation = act(installation, cast, "assign_survey", "section_head", {"due_date": TUESDAY})
    clock.set(at(TUESDAY, 15, 59))
    assert services.overdue_scan() == 0  # not yet
    clock.set(at(WEDNESDAY, 8))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.overdue_scan() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.overdue_scan() == 0  # flagged once
    installation.refresh_from_db()
    assert installation.step_overdue and installation.state == S.SURVEY_ASSIGNED
    flagged = AuditEvent.objects.filter(
        object_id=str(installation.pk), action="installation.step_overdue"
    )
    assert flagged.count() == 1 and flagged.get().changes == {"step_overdue": [False, True]}
    assert overdue_notes(cast[Role.SECTION_HEAD]) == 1
    assert overdue_notes(cast[Role.TECHNICIAN]) == 1
    assert Notification.objects.filter(kind="installation.overdue").count() == 2
    # the technician records the survey: a new step with a new clock, no longer overdue
    clock.set(at(WEDNESDAY, 10))
    installation = act(installation, cast, "record_survey", "technician", {"slot_available": True,
                  "adequate": True, "items": []})  # fmt: skip
    assert not installation.step_overdue and installation.step_started_at == at(WEDNESDAY, 10)
    assert installation.step_due_at == at(date(2026, 12, 7), 16)  # 3 working days: Thu, Fri, Mon
    with django_capture_on_commit_callbacks(execute=True):
        assert services.overdue_scan() == 0


def test_final_states_have_no_clock(cast, clock):
    clock.set(at(MONDAY, 9))
    for state in FINAL_STATES:
        installation = walk_to(state, cast)
        assert (
            installation.step_started_at,
            installation.step_due_at,
            installation.step_overdue,
        ) == (
            None,
            None,
            False,
        )
        assert installation.closed_at == at(MONDAY, 9)
        assert selectors.step_days(state) is None
    clock.set(at(date(2027, 6, 1), 9))
    assert services.overdue_scan() == 0


def test_every_open_state_has_a_default_target():
    assert set(DEFAULT_STEP_DAYS) == set(OPEN_STATES)
