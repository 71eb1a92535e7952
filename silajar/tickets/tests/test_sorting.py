"""The ticket list's sorts run on stored sort keys (priority_rank, organization_short_name) with
an index each: the order must be the one the user sees (priority rank, agency short name, due
time with NULLs last both ways), ties broken by newest first then id, and the stored keys must
follow every change of priority or of the agency's short name."""

from datetime import timedelta

import pytest
from django.utils import timezone

from silajar.core.paging import keyset_page
from silajar.organizations.services import ORGANIZATIONS
from silajar.tickets import selectors, services
from silajar.tickets.choices import PRIORITY_RANK, Priority
from silajar.tickets.models import Ticket

pytestmark = pytest.mark.django_db

PRIORITIES = [Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.CRITICAL]


def make_ticket(actor, organization, i, **fields):
    return services.ticket_create(
        actor=actor,
        channel="phone",
        organization=organization,
        reporter_name=f"Pelapor {i}",
        description=f"Keluhan {i}",
        scope="whole_location",
        **fields,
    )


@pytest.fixture
def tickets(helpdesk_user, agency, other_agency):
    """14 tickets, priorities set through the service, with equal creation times (ties) and
    tickets without a due time."""
    now = timezone.now().replace(microsecond=0)
    made = []
    for i in range(14):
        ticket = make_ticket(
            helpdesk_user,
            agency if i % 3 else other_agency,
            i,
            priority=PRIORITIES[i % 4],
        )
        if i % 5 == 2:
            ticket = services.ticket_update(
                actor=helpdesk_user,
                ticket=ticket,
                data={"priority": PRIORITIES[(i + 1) % 4]},
                expected_version=None,
            )
        Ticket.objects.filter(pk=ticket.pk).update(
            created_at=now - timedelta(hours=i // 3),  # groups of 3 with equal timestamps
            sla_resolution_due_at=None if i % 4 == 1 else now + timedelta(hours=i % 3),
        )
        made.append(ticket)
    return made


def python_order(sort: str) -> list[int]:
    """The expected order, computed from the displayed values (not the stored sort keys)."""
    rows = list(Ticket.objects.select_related("organization"))
    rows.sort(key=lambda t: -t.id)
    rows.sort(key=lambda t: t.created_at, reverse=True)
    descending = sort.startswith("-")
    if sort.lstrip("-") == "priority":
        rows.sort(key=lambda t: PRIORITY_RANK[t.priority], reverse=descending)
    elif sort.lstrip("-") == "agency":
        rows.sort(key=lambda t: t.organization.short_name, reverse=descending)
    elif sort.lstrip("-") == "due":
        dated = [t for t in rows if t.sla_resolution_due_at is not None]
        dated.sort(key=lambda t: t.sla_resolution_due_at, reverse=descending)
        rows = dated + [t for t in rows if t.sla_resolution_due_at is None]  # NULLs last
    return [t.id for t in rows]


def paged(user, sort: str, page_size: int = 4) -> list[int]:
    """All ids, page after page through the Next cursors."""
    queryset = selectors.ticket_list(user=user, filters={"sort": sort})
    page = keyset_page(queryset, sorts=selectors.TICKET_SORTS, sort=sort, page_size=page_size)
    ids = [t.id for t in page]
    while page.next_cursor:
        page = keyset_page(
            queryset,
            sorts=selectors.TICKET_SORTS,
            sort=sort,
            cursor=page.next_cursor,
            page_size=page_size,
        )
        ids += [t.id for t in page]
    return ids


@pytest.mark.parametrize("sort", ["priority", "-priority", "agency", "-agency", "due", "-due"])
def test_each_sort_orders_by_the_shown_values(helpdesk_user, tickets, sort):
    want = python_order(sort)
    assert [t.id for t in selectors.ticket_list(user=helpdesk_user, filters={"sort": sort})] == (
        want
    )
    assert paged(helpdesk_user, sort) == want


@pytest.mark.parametrize("sort", ["due", "-due"])
def test_tickets_without_due_time_come_last_both_ways(helpdesk_user, tickets, sort):
    listed = list(selectors.ticket_list(user=helpdesk_user, filters={"sort": sort}))
    dues = [t.sla_resolution_due_at for t in listed]
    first_null = dues.index(None)
    assert all(d is None for d in dues[first_null:])
    assert all(d is not None for d in dues[:first_null])


def test_priority_rank_follows_create_and_update(helpdesk_user, agency):
    ticket = make_ticket(helpdesk_user, agency, 1, priority=Priority.LOW)
    ticket.refresh_from_db()
    assert ticket.priority_rank == PRIORITY_RANK[Priority.LOW]
    for priority in (Priority.CRITICAL, Priority.HIGH, Priority.NORMAL):
        updated = services.ticket_update(
            actor=helpdesk_user, ticket=ticket, data={"priority": priority}, expected_version=None
        )
        assert updated.priority_rank == PRIORITY_RANK[priority]
        ticket.refresh_from_db()
        assert (ticket.priority, ticket.priority_rank) == (priority, PRIORITY_RANK[priority])


def test_suggested_priority_gets_its_rank(agency_user, agency):
    ticket = make_ticket(agency_user, agency, 1)  # agency users get the suggested priority
    ticket.refresh_from_db()
    assert ticket.priority_rank == PRIORITY_RANK[ticket.priority]


def test_save_with_update_fields_keeps_the_rank(helpdesk_user, agency):
    ticket = make_ticket(helpdesk_user, agency, 1, priority=Priority.LOW)
    ticket.priority = Priority.CRITICAL
    ticket.save(update_fields=["priority"])
    ticket.refresh_from_db()
    assert ticket.priority_rank == PRIORITY_RANK[Priority.CRITICAL]


def test_agency_short_name_copy_follows_a_rename(admin_user, helpdesk_user, agency, other_agency):
    ticket = make_ticket(helpdesk_user, agency, 1)
    other = make_ticket(helpdesk_user, other_agency, 2)
    assert Ticket.objects.get(pk=ticket.pk).organization_short_name == "DINKES"
    ORGANIZATIONS.update(actor=admin_user, obj=agency, data={"short_name": "ZZKES"})
    assert Ticket.objects.get(pk=ticket.pk).organization_short_name == "ZZKES"
    assert Ticket.objects.get(pk=other.pk).organization_short_name == "DISHUB"
    listed = selectors.ticket_list(user=helpdesk_user, filters={"sort": "agency"})
    assert [t.pk for t in listed] == [other.pk, ticket.pk]
