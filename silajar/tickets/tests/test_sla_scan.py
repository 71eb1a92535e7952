"""The periodic service-level scan: clocks refreshed, escalations raised once, breaches kept."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from silajar.accounts.roles import Role
from silajar.core.models import AuditEvent
from silajar.notifications.models import EmailDelivery, Notification
from silajar.tickets import notify, services, tasks
from silajar.tickets.models import Category, Ticket
from silajar.tickets.sla_service import sla_scan

WIB = ZoneInfo("Asia/Pontianak")
MONDAY_8 = datetime(2026, 11, 23, 8, 0, tzinfo=WIB)


@pytest.fixture(autouse=True)
def _ticket_links(monkeypatch):
    """The ticket page is written elsewhere; until its URL exists, links point to a stand-in."""
    try:
        reverse("tickets:detail", kwargs={"pk": 1})
    except NoReverseMatch:
        monkeypatch.setattr(notify, "_url", lambda ticket: f"/tickets/{ticket.pk}/")


@pytest.fixture
def clock(monkeypatch):
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
        "section_head": make_user(Role.SECTION_HEAD, email="kasi@example.org"),
        "upde_head": make_user(Role.UPDE_HEAD, email="kupde@example.org"),
        "location": location,
        "clock": clock,
    }


def new_ticket(desk, moment=MONDAY_8, priority="normal"):
    desk["clock"].at(moment)
    return services.ticket_create(
        actor=desk["helpdesk"],
        channel="phone",
        organization=desk["location"].organization,
        location=desk["location"],
        description="Kabel LAN PC bagian keuangan putus",
        reporter_name="Budi",
        category=Category.objects.get(code="cable"),
        priority=priority,
    )


def scan_at(desk, moment, capture):
    desk["clock"].at(moment)
    with capture(execute=True):
        return sla_scan(now=moment)


@pytest.mark.django_db
def test_levels_rise_once_and_each_level_is_announced_once(
    desk, django_capture_on_commit_callbacks
):
    ticket = new_ticket(desk)  # normal: 60 working minutes to respond
    capture = django_capture_on_commit_callbacks

    stats = scan_at(desk, MONDAY_8 + timedelta(minutes=10), capture)
    ticket.refresh_from_db()
    assert stats["scanned"] == 1 and stats["escalated"] == 0
    assert ticket.sla_escalation_level == 0 and ticket.sla_status == "on_track"

    stats = scan_at(desk, MONDAY_8 + timedelta(minutes=50), capture)  # 10 of 60 left: at risk
    ticket.refresh_from_db()
    assert stats == {"scanned": 1, "at_risk": 1, "breached": 0, "escalated": 1, "notified": 1}
    assert ticket.sla_escalation_level == 1 and ticket.sla_status == "at_risk"
    notes = Notification.objects.filter(kind="ticket.sla_level_1")
    assert [n.recipient for n in notes] == [desk["section_head"]]
    assert [m.to for m in mail.outbox] == [["kasi@example.org"]]
    assert ticket.number in mail.outbox[0].subject

    # the next scan finds the same situation: nothing is sent again
    stats = scan_at(desk, MONDAY_8 + timedelta(minutes=55), capture)
    assert stats["escalated"] == 0 and len(mail.outbox) == 1

    stats = scan_at(desk, MONDAY_8 + timedelta(minutes=61), capture)  # breached
    ticket.refresh_from_db()
    assert stats["breached"] == 1 and stats["escalated"] == 1
    assert ticket.sla_escalation_level == 2 and ticket.sla_response_breached
    assert [n.recipient for n in Notification.objects.filter(kind="ticket.sla_level_2")] == [
        desk["upde_head"]
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["kasi@example.org", "kupde@example.org"]

    for _ in range(2):  # run twice more: nothing twice
        scan_at(desk, MONDAY_8 + timedelta(minutes=90), capture)
    assert Notification.objects.filter(kind__startswith="ticket.sla_level").count() == 2
    assert len(mail.outbox) == 2
    assert EmailDelivery.objects.filter(status="sent").count() == 2
    levels = AuditEvent.objects.filter(action="ticket.sla_escalated", object_id=str(ticket.pk))
    assert sorted(e.changes["sla_escalation_level"][1] for e in levels) == [1, 2]


@pytest.mark.django_db
def test_a_ticket_breached_between_two_scans_tells_both_levels(
    desk, django_capture_on_commit_callbacks
):
    ticket = new_ticket(desk)
    scan_at(desk, MONDAY_8 + timedelta(hours=3), django_capture_on_commit_callbacks)
    ticket.refresh_from_db()
    assert ticket.sla_escalation_level == 2
    kinds = sorted(Notification.objects.values_list("kind", flat=True))
    assert kinds == ["ticket.sla_level_1", "ticket.sla_level_2"]


@pytest.mark.django_db
def test_breaches_are_kept_and_levels_never_go_down(desk, django_capture_on_commit_callbacks):
    ticket = new_ticket(desk, priority="critical")  # 15 minutes to respond
    scan_at(desk, MONDAY_8 + timedelta(minutes=30), django_capture_on_commit_callbacks)
    ticket.refresh_from_db()
    assert ticket.sla_response_breached and ticket.sla_escalation_level == 2
    services.ticket_update(  # more time now: low allows 240 minutes
        actor=desk["helpdesk"], ticket=ticket, data={"priority": "low"}, expected_version=None
    )
    scan_at(desk, MONDAY_8 + timedelta(minutes=35), django_capture_on_commit_callbacks)
    ticket.refresh_from_db()
    assert ticket.sla_status == "on_track"
    assert ticket.sla_response_breached and ticket.sla_escalation_level == 2


@pytest.mark.django_db
def test_only_open_tickets_are_scanned(desk, django_capture_on_commit_callbacks):
    open_ticket = new_ticket(desk)
    done = new_ticket(desk)
    desk["clock"].at(MONDAY_8 + timedelta(minutes=5))
    services.ticket_triage(ticket=done, actor=desk["helpdesk"])
    services.ticket_resolve_first_line(ticket=done, actor=desk["helpdesk"], note="Kabel dicolok")
    before = Ticket.objects.values("sla_status", "sla_escalation_level").get(pk=done.pk)
    stats = scan_at(desk, MONDAY_8 + timedelta(days=3), django_capture_on_commit_callbacks)
    assert stats["scanned"] == 1
    assert Ticket.objects.values("sla_status", "sla_escalation_level").get(pk=done.pk) == before
    assert Ticket.objects.get(pk=open_ticket.pk).sla_escalation_level == 2


@pytest.mark.django_db
def test_paused_tickets_do_not_escalate(desk, django_capture_on_commit_callbacks):
    ticket = new_ticket(desk)
    desk["clock"].at(MONDAY_8 + timedelta(minutes=5))
    services.ticket_triage(ticket=ticket, actor=desk["helpdesk"])
    services.ticket_pause(ticket=ticket, actor=desk["helpdesk"])
    stats = scan_at(desk, MONDAY_8 + timedelta(days=10), django_capture_on_commit_callbacks)
    ticket.refresh_from_db()
    assert ticket.sla_status == "paused" and ticket.sla_escalation_level == 0
    assert stats["escalated"] == 0


@pytest.mark.django_db
def test_scan_pages_through_many_tickets(desk, django_capture_on_commit_callbacks):
    tickets = [new_ticket(desk) for _ in range(7)]
    desk["clock"].at(MONDAY_8 + timedelta(minutes=50))
    with django_capture_on_commit_callbacks(execute=True):
        stats = sla_scan(now=MONDAY_8 + timedelta(minutes=50), batch_size=3)
    assert stats["scanned"] == 7 and stats["escalated"] == 7
    assert set(
        Ticket.objects.filter(pk__in=[t.pk for t in tickets]).values_list(
            "sla_escalation_level", flat=True
        )
    ) == {1}


def test_the_scan_is_a_periodic_task_every_five_minutes():
    check = tasks.sla_scan_periodic.task_class().validate_datetime
    assert check(datetime(2026, 11, 23, 8, 5))
    assert check(datetime(2026, 11, 23, 8, 0))
    assert not check(datetime(2026, 11, 23, 8, 3))


@pytest.mark.django_db
def test_the_task_runs_the_scan(desk):
    ticket = new_ticket(desk)
    desk["clock"].at(MONDAY_8 + timedelta(minutes=50))
    tasks.sla_scan_periodic()  # immediate mode: the worker runs it right here
    ticket.refresh_from_db()
    assert ticket.sla_escalation_level == 1


@pytest.mark.django_db
def test_clocks_that_cannot_change_are_left_alone_except_in_the_full_scan(
    desk, django_capture_on_commit_callbacks
):
    breached = new_ticket(desk)
    scan_at(desk, MONDAY_8 + timedelta(hours=3), django_capture_on_commit_callbacks)
    breached.refresh_from_db()
    assert breached.sla_escalation_level == 2
    running = new_ticket(desk, moment=MONDAY_8 + timedelta(hours=3))
    stats = scan_at(
        desk, MONDAY_8 + timedelta(hours=3, minutes=5), django_capture_on_commit_callbacks
    )
    assert stats["scanned"] == 1  # only the running one
    desk["clock"].at(MONDAY_8 + timedelta(hours=3, minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        stats = sla_scan(now=MONDAY_8 + timedelta(hours=3, minutes=5), full=True)
    assert stats["scanned"] == 2 and stats["escalated"] == 0
    assert Ticket.objects.get(pk=running.pk).sla_status == "on_track"


def test_the_full_scan_runs_nightly():
    check = tasks.sla_scan_nightly.task_class().validate_datetime
    assert check(datetime(2026, 11, 24, 1, 15))
    assert not check(datetime(2026, 11, 24, 1, 20))
