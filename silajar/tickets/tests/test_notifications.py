"""Who hears about a ticket, when: after the commit, through the worker, once per event."""

import pytest
from django.core import mail
from django.urls import NoReverseMatch, reverse

from silajar.accounts.roles import Role
from silajar.notifications.models import EmailDelivery, Notification
from silajar.tickets import notify, services, tasks
from silajar.tickets.models import Category


@pytest.fixture(autouse=True)
def _ticket_links(monkeypatch):
    """The ticket page is written elsewhere; until its URL exists, links point to a stand-in."""
    try:
        reverse("tickets:detail", kwargs={"pk": 1})
    except NoReverseMatch:
        monkeypatch.setattr(notify, "_url", lambda ticket: f"/tickets/{ticket.pk}/")


@pytest.fixture
def people(make_user, agency_user):
    return {
        "helpdesk": make_user(Role.HELPDESK, email="desk@example.org"),
        "technician": make_user(Role.TECHNICIAN, email="tech@example.org"),
        "other_tech": make_user(Role.TECHNICIAN, email="tech2@example.org"),
        "reporter": agency_user,
    }


def reported(people, location, capture):
    with capture(execute=True):
        return services.ticket_create(
            actor=people["reporter"],
            channel="web",
            organization=location.organization,
            location=location,
            description="Wi-Fi di aula tidak bisa terhubung sejak pagi",
            scope="whole_location",
            category=Category.objects.get(code="wifi"),
        )


def kinds_for(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


@pytest.mark.django_db
def test_a_portal_report_reaches_the_desk_in_app_only(
    people, location, django_capture_on_commit_callbacks
):
    reported(people, location, django_capture_on_commit_callbacks)
    assert kinds_for(people["helpdesk"]) == ["ticket.created"]
    assert mail.outbox == []


@pytest.mark.django_db
def test_dispatch_tells_the_technician_after_the_commit(
    people, location, django_capture_on_commit_callbacks
):
    ticket = reported(people, location, django_capture_on_commit_callbacks)
    services.ticket_triage(ticket=ticket, actor=people["helpdesk"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.ticket_dispatch(
            ticket=ticket, actor=people["helpdesk"], technician=people["technician"]
        )
        assert kinds_for(people["technician"]) == []  # nothing before the change commits
    for callback in callbacks:
        with django_capture_on_commit_callbacks(execute=True):
            callback()
    assert kinds_for(people["technician"]) == ["ticket.dispatched"]
    assert [m.to for m in mail.outbox] == [["tech@example.org"]]
    assert ticket.number in mail.outbox[0].subject
    delivery = EmailDelivery.objects.get()
    assert delivery.status == "sent" and delivery.attempts == 1 and delivery.sent_at


@pytest.mark.django_db
def test_reassign_tells_the_new_technician(people, location, django_capture_on_commit_callbacks):
    ticket = reported(people, location, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_triage(ticket=ticket, actor=people["helpdesk"])
        services.ticket_dispatch(
            ticket=ticket, actor=people["helpdesk"], technician=people["technician"]
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_reassign(
            ticket=ticket, actor=people["helpdesk"], technician=people["other_tech"]
        )
    assert kinds_for(people["other_tech"]) == ["ticket.dispatched"]
    assert sorted(m.to[0] for m in mail.outbox) == ["tech2@example.org", "tech@example.org"]


@pytest.mark.django_db
def test_resolve_and_close_tell_the_reporter_once(
    people, location, django_capture_on_commit_callbacks
):
    tech, desk, reporter = people["technician"], people["helpdesk"], people["reporter"]
    ticket = reported(people, location, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_triage(ticket=ticket, actor=desk)
        services.ticket_dispatch(ticket=ticket, actor=desk, technician=tech)
        services.ticket_start(ticket=ticket, actor=tech)
        services.ticket_resolve(
            ticket=ticket,
            actor=tech,
            diagnosis="Access point mati karena adaptor rusak",
            action_taken="Adaptor diganti",
        )
    assert kinds_for(reporter) == ["ticket.resolved"]
    resolved_mail = [m for m in mail.outbox if m.to == [reporter.email]]
    assert len(resolved_mail) == 1 and "Adaptor diganti" in resolved_mail[0].body
    # replaying the announcement (a retried task) adds nothing
    tasks.announce("resolved", ticket.pk, ticket.version)
    assert kinds_for(reporter) == ["ticket.resolved"]
    assert len([m for m in mail.outbox if m.to == [reporter.email]]) == 1
    # ... nor when the retry runs late, after the ticket moved on
    resolved_at_version = ticket.version
    services.ticket_reopen(ticket=ticket, actor=reporter, reason="Masih putus")
    tasks.announce("resolved", ticket.pk, resolved_at_version)
    assert kinds_for(reporter) == ["ticket.resolved"]


@pytest.mark.django_db
def test_solved_on_the_call_tells_the_reporter_it_is_closed(
    people, location, django_capture_on_commit_callbacks
):
    ticket = reported(people, location, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_triage(ticket=ticket, actor=people["helpdesk"])
        services.ticket_resolve_first_line(
            ticket=ticket, actor=people["helpdesk"], note="Hub di-reset, koneksi normal"
        )
    assert kinds_for(people["reporter"]) == ["ticket.closed"]
    assert [m.to for m in mail.outbox] == [[people["reporter"].email]]


@pytest.mark.django_db
def test_public_comments_reach_the_other_side_internal_ones_nobody(
    people, location, django_capture_on_commit_callbacks
):
    tech, desk, reporter = people["technician"], people["helpdesk"], people["reporter"]
    ticket = reported(people, location, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_triage(ticket=ticket, actor=desk)
        services.ticket_dispatch(ticket=ticket, actor=desk, technician=tech)
        services.comment_add(ticket=ticket, actor=tech, body="Saya menuju lokasi.")
        services.comment_add(ticket=ticket, actor=desk, body="Catatan internal", internal=True)
    assert kinds_for(reporter) == ["ticket.commented"]
    assert "ticket.commented" not in kinds_for(tech)  # the author is not told of their own


@pytest.mark.django_db
def test_inactive_people_are_not_notified(people, location, django_capture_on_commit_callbacks):
    people["technician"].is_active = False
    people["technician"].save()
    ticket = reported(people, location, django_capture_on_commit_callbacks)
    notify.sla_escalated(ticket.pk, 1)  # no section head at all: nobody, no error
    assert Notification.objects.filter(kind="ticket.sla_level_1").count() == 0
