"""Many people acting on the desk at once, on the real database (SQLite or PostgreSQL):
no lost update, no double transition, no duplicate or missing ticket number."""

import importlib
import re
from collections import Counter

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from silajar.accounts.roles import Role, sync_role_groups
from silajar.accounts.tests.factories import UserFactory
from silajar.core.models import AuditEvent
from silajar.core.tests.concurrency import run_together
from silajar.organizations.tests.factories import LocationFactory, OrganizationFactory
from silajar.tickets import services
from silajar.tickets.models import Ticket

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 20


@pytest.fixture
def reference_data():
    """A transactional test starts after other tests may have emptied every table: put the
    role groups and the ticket reference data (categories, steps, targets) back."""
    sync_role_groups(Group.objects, Permission.objects)
    migration = importlib.import_module("silajar.tickets.migrations.0002_reference_data")
    migration.load(apps, None)


@pytest.fixture
def people(reference_data):
    agency = OrganizationFactory()
    return {
        "agency": agency,
        "location": LocationFactory(organization=agency),
        "helpdesk": UserFactory(roles=[Role.HELPDESK]),
        "admin": UserFactory(roles=[Role.NETWORK_ADMIN]),
        "section_head": UserFactory(roles=[Role.SECTION_HEAD]),
        "tech": UserFactory(roles=[Role.TECHNICIAN]),
    }


def new_ticket(people) -> Ticket:
    return services.ticket_create(
        actor=people["helpdesk"],
        channel="phone",
        organization=people["agency"],
        location=people["location"],
        reporter_name="Budi",
        description="Jaringan mati.",
        scope="whole_location",
    )


def test_twenty_dispatches_of_one_ticket_one_wins(people):
    ticket = new_ticket(people)
    services.ticket_triage(ticket=ticket, actor=people["helpdesk"])
    seen = ticket.version
    dispatchers = [people["helpdesk"], people["admin"], people["section_head"]]
    requests = [
        (
            dispatchers[i % 3],
            f"/api/v1/tickets/{ticket.pk}/dispatch/",
            # half send the version they saw, half none: both must be refused once it moved
            {"technician": people["tech"].pk, **({"version": seen} if i % 2 else {})},
        )
        for i in range(THREADS)
    ]

    statuses = run_together(requests)

    assert statuses == Counter({200: 1, 409: THREADS - 1})
    ticket.refresh_from_db()
    assert ticket.state == "dispatched"
    assert ticket.assigned_to_id == people["tech"].pk
    assert ticket.version == seen + 1
    assert AuditEvent.objects.filter(action="ticket.dispatch").count() == 1


def test_twenty_starts_of_one_ticket_one_wins(people):
    ticket = new_ticket(people)
    services.ticket_triage(ticket=ticket, actor=people["helpdesk"])
    services.ticket_dispatch(ticket=ticket, actor=people["helpdesk"], technician=people["tech"])
    seen = ticket.version
    requests = [
        (people["tech"], f"/api/v1/tickets/{ticket.pk}/start/", {"version": seen} if i % 2 else {})
        for i in range(THREADS)
    ]

    statuses = run_together(requests)

    assert statuses == Counter({200: 1, 409: THREADS - 1})
    ticket.refresh_from_db()
    assert (ticket.state, ticket.version) == ("in_progress", seen + 1)
    assert AuditEvent.objects.filter(action="ticket.start").count() == 1


def test_competing_actions_on_one_version_only_one_lands(people):
    """Dispatch, escalation and cancellation fired at once against the same version."""
    ticket = new_ticket(people)
    services.ticket_triage(ticket=ticket, actor=people["helpdesk"])
    seen = ticket.version
    base = f"/api/v1/tickets/{ticket.pk}"
    choices = [
        (people["helpdesk"], f"{base}/dispatch/", {"technician": people["tech"].pk}),
        (people["admin"], f"{base}/escalate_to_provider/", {}),
        (people["helpdesk"], f"{base}/cancel/", {"reason": "Ganda"}),
        (people["helpdesk"], f"{base}/resolve_first_line/", {"note": "Beres"}),
    ]
    requests = [
        (user, path, {**body, "version": seen})
        for user, path, body in (choices[i % len(choices)] for i in range(THREADS))
    ]

    statuses = run_together(requests)

    assert statuses == Counter({200: 1, 409: THREADS - 1})
    ticket.refresh_from_db()
    assert ticket.version == seen + 1
    assert ticket.state in {"dispatched", "waiting_provider", "cancelled", "closed"}
    transitions = AuditEvent.objects.filter(
        action__in=[
            "ticket.dispatch",
            "ticket.escalate_to_provider",
            "ticket.cancel",
            "ticket.resolve_first_line",
        ]
    )
    assert transitions.count() == 1


def test_fifty_creations_get_fifty_gapless_numbers(people):
    count = 50
    body = {
        "channel": "phone",
        "organization": people["agency"].pk,
        "location": people["location"].pk,
        "reporter_name": "Penelepon",
        "reporter_phone": "0812",
        "description": "Internet putus.",
        "scope": "single_device",
    }
    staff = [people["helpdesk"], people["admin"]]
    requests = [(staff[i % 2], "/api/v1/tickets/", body) for i in range(count)]

    statuses = run_together(requests)

    assert statuses == Counter({201: count})
    year = timezone.localdate().year
    numbers = sorted(Ticket.objects.values_list("number", flat=True))
    assert numbers == [f"TKT-{year}-{n:06d}" for n in range(1, count + 1)]
    assert all(re.fullmatch(rf"TKT-{year}-\d{{6}}", n) for n in numbers)
