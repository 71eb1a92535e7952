"""Demo complaints: real histories through the services, consistent times, idempotent."""

from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from silajar.core.models import AuditEvent
from silajar.notifications.models import EmailDelivery, Notification
from silajar.tickets.choices import OPEN_STATES
from silajar.tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", "--force", "--tickets", "80", stdout=StringIO())


def test_demo_tickets_are_varied(seeded):
    tickets = Ticket.objects.all()
    assert tickets.count() == 80
    assert len(set(tickets.values_list("state", flat=True))) >= 6
    assert len(set(tickets.values_list("channel", flat=True))) >= 4
    assert len(set(tickets.values_list("category", flat=True))) >= 5
    assert len(set(tickets.values_list("organization", flat=True))) >= 10
    now = timezone.now()
    oldest = tickets.order_by("created_at").first().created_at
    assert (now - oldest).days > 30
    assert tickets.filter(created_at__gt=now).count() == 0
    assert (
        tickets.filter(description__icontains="jaringan").exists()
        or tickets.filter(description__icontains="internet").exists()
    )


def test_demo_histories_are_consistent(seeded):
    ticket_type = ContentType.objects.get_for_model(Ticket)
    tickets = list(Ticket.objects.order_by("created_at", "pk"))
    numbers = [t.number for t in tickets]
    assert numbers == sorted(numbers)  # numbered in the order they came in
    for ticket in tickets:
        events = list(
            AuditEvent.objects.filter(content_type=ticket_type, object_id=str(ticket.pk))
            .order_by("created_at", "pk")
            .values_list("action", "created_at")
        )
        assert events[0] == ("ticket.created", ticket.created_at)
        assert all(a[1] <= b[1] for a, b in zip(events, events[1:], strict=False))
        assert events[-1][1] <= timezone.now()
        if ticket.triaged_at:
            assert ticket.created_at <= ticket.triaged_at
        if ticket.resolved_at:
            assert ticket.resolved_at >= ticket.created_at
        if ticket.state == "closed" and not ticket.first_contact_resolution:
            assert ticket.signer_name and ticket.signed_at and ticket.diagnosis
        if ticket.state in OPEN_STATES and ticket.state != "waiting_provider":
            assert ticket.sla_status in ("on_track", "at_risk", "breached", "paused")


def test_seeding_sends_nothing_and_is_idempotent(seeded):
    assert Notification.objects.count() == 0 and EmailDelivery.objects.count() == 0
    before = Ticket.objects.count(), AuditEvent.objects.count()
    call_command("seed_demo", "--force", "--tickets", "80", stdout=StringIO())
    assert (Ticket.objects.count(), AuditEvent.objects.count()) == before


def test_generate_data_numbers_histories_and_clocks():
    from silajar.core.models import NumberSequence
    from silajar.tickets import services

    call_command("seed_demo", "--force", "--tickets", "0", stdout=StringIO())
    err = StringIO()
    call_command("generate_data", "--tickets", "600", "--batch", "250", "--days", "60",
                 stdout=StringIO(), stderr=err)  # fmt: skip
    assert "100.0%" in err.getvalue()  # the progress bar
    tickets = list(Ticket.objects.order_by("created_at", "pk"))
    assert len(tickets) == 600
    for year, last in NumberSequence.objects.filter(key="ticket").values_list("year", "last_value"):
        numbers = sorted(int(t.number[-6:]) for t in tickets if t.number[4:8] == str(year))
        assert numbers == list(range(1, last + 1))  # gapless
    assert len({t.state for t in tickets}) >= 5
    ticket_type = ContentType.objects.get_for_model(Ticket)
    created = AuditEvent.objects.filter(content_type=ticket_type, action="ticket.created")
    assert created.count() == 600
    # the stored clocks are the ones the services compute from the same history
    for ticket in tickets[::37]:
        stored = (ticket.sla_status, ticket.sla_response_due_at, ticket.sla_resolution_due_at)
        finished = ticket.state not in OPEN_STATES
        services.ticket_sla_refresh(ticket=ticket, now=ticket.updated_at if finished else None)
        assert (ticket.sla_status, ticket.sla_response_due_at, ticket.sla_resolution_due_at) == (
            stored
        ), ticket.number
