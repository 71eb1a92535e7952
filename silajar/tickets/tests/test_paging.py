"""Keyset ("seek") paging of the ticket list and the API list: the Next/Previous links carry a
signed cursor (the sort key and id of the last/first row), for every sort; ?page=N still works."""

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from silajar.core import paging
from silajar.tickets import selectors, services
from silajar.tickets.choices import PRIORITY_RANK, Priority, SlaStatus, TicketState
from silajar.tickets.models import Ticket

pytestmark = pytest.mark.django_db

ROW_NUMBER = re.compile(r'<tr data-testid="ticket-row">\s*<td[^>]*><a [^>]*>(TKT-\d{4}-\d{6})<')


def link(body: str, testid: str) -> str | None:
    match = re.search(rf'<a class="page-link" href="([^"]*)"[^>]*data-testid="{testid}"', body)
    return html.unescape(match.group(1)) if match else None


def rows(body: str) -> list[str]:
    return ROW_NUMBER.findall(body)


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 3)


@pytest.fixture
def desk(helpdesk_user, agency, other_agency, location):
    """11 tickets: several sharing a creation time, some without a due time, two agencies."""
    now = timezone.now().replace(microsecond=0)
    states = [TicketState.NEW, TicketState.TRIAGE, TicketState.DISPATCHED]
    priorities = [Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.CRITICAL]
    tickets = []
    for i in range(11):
        organization = agency if i % 3 else other_agency
        ticket = services.ticket_create(
            actor=helpdesk_user,
            channel="phone",
            organization=organization,
            location=location if organization == agency else None,
            reporter_name=f"Pelapor {i}",
            reporter_phone="0812-5555-0101",
            description=f"Keluhan nomor {i}",
            scope="whole_location",
        )
        Ticket.objects.filter(pk=ticket.pk).update(
            created_at=now - timedelta(hours=i // 4),  # groups of 4 with equal timestamps
            state=states[i % 3],
            priority=priorities[i % 4],
            priority_rank=PRIORITY_RANK[priorities[i % 4]],  # as save() keeps it
            sla_status=SlaStatus.ON_TRACK,
            sla_resolution_due_at=None if i % 4 == 1 else now + timedelta(hours=i % 5),
        )
        tickets.append(ticket)
    return tickets


def expected(user, **filters) -> list[str]:
    return [t.number for t in selectors.ticket_list(user=user, filters=filters)]


def walk_forward(client, params: dict) -> tuple[list[list[str]], str]:
    """Pages followed through the Next links from page 1; and the URL of the last page."""
    url = reverse("tickets:list")
    response = client.get(url, params)
    pages = [rows(response.content.decode())]
    last_url = url + "?" + "&".join(f"{k}={v}" for k, v in params.items())
    while next_href := link(response.content.decode(), "next-page"):
        assert "cursor=" in next_href and "page=" not in next_href
        for key, value in params.items():
            assert f"{key}={value}" in next_href  # the filters and sort stay
        last_url = url + next_href
        response = client.get(last_url)
        assert response.status_code == 200
        pages.append(rows(response.content.decode()))
    return pages, last_url


def walk_backward(client, url: str) -> list[list[str]]:
    response = client.get(url)
    pages = [rows(response.content.decode())]
    while prev_href := link(response.content.decode(), "prev-page"):
        response = client.get(reverse("tickets:list") + prev_href)
        assert response.status_code == 200
        pages.append(rows(response.content.decode()))
    return pages[::-1]


@pytest.mark.parametrize("sort", list(selectors.SORTS))
def test_next_and_previous_by_cursor_with_every_sort(
    client_as, helpdesk_user, desk, small_pages, sort
):
    client = client_as(helpdesk_user)
    pages, last_url = walk_forward(client, {"sort": sort})
    order = expected(helpdesk_user, sort=sort)
    assert [n for page in pages for n in page] == order  # nothing skipped, nothing twice
    assert len(order) == 11 and [len(p) for p in pages] == [3, 3, 3, 2]
    assert walk_backward(client, last_url) == pages


def test_due_sort_puts_tickets_without_due_time_last_both_ways(
    client_as, helpdesk_user, desk, small_pages
):
    without = {t.number for t in Ticket.objects.filter(sla_resolution_due_at__isnull=True)}
    assert len(without) == 3
    for sort in ("due", "-due"):
        pages, _ = walk_forward(client_as(helpdesk_user), {"sort": sort})
        numbers = [n for page in pages for n in page]
        assert set(numbers[-3:]) == without


def test_equal_timestamps_are_ordered_by_id(client_as, helpdesk_user, desk, small_pages):
    Ticket.objects.update(created_at=timezone.now())
    pages, _ = walk_forward(client_as(helpdesk_user), {})
    numbers = [n for page in pages for n in page]
    by_id = list(Ticket.objects.order_by("-id").values_list("number", flat=True))
    assert numbers == by_id


def test_cursor_with_a_filter(client_as, helpdesk_user, desk, small_pages, agency):
    client = client_as(helpdesk_user)
    params = {"organization": agency.pk, "state": TicketState.NEW}
    pages, _ = walk_forward(client, params)
    order = expected(helpdesk_user, organization=agency.pk, state=TicketState.NEW)
    assert [n for page in pages for n in page] == order
    assert len(pages) > 1 or len(order) <= 3
    params = {"sort": "agency", "priority": Priority.HIGH}
    pages, _ = walk_forward(client, params)
    assert [n for page in pages for n in page] == expected(
        helpdesk_user, sort="agency", priority=Priority.HIGH
    )


def test_page_numbers_still_work_and_link_on_by_cursor(client_as, helpdesk_user, desk, small_pages):
    client = client_as(helpdesk_user)
    order = expected(helpdesk_user)
    body = client.get(reverse("tickets:list"), {"page": 3}).content.decode()
    assert rows(body) == order[6:9]
    assert "Tickets 7–9" in body or "Tiket 7–9" in body
    assert "cursor=" in link(body, "next-page") and "cursor=" in link(body, "prev-page")
    body = client.get(reverse("tickets:list") + link(body, "next-page")).content.decode()
    assert rows(body) == order[9:]
    page_two = client.get(reverse("tickets:list"), {"page": 2}).content.decode()
    assert link(page_two, "prev-page") == "?"  # page 1 needs no cursor


@pytest.mark.parametrize(
    "tamper",
    [
        lambda c: c[:-3] + ("AAA" if not c.endswith("AAA") else "BBB"),
        lambda c: "x" + c,
        lambda c: "garbage",
        lambda c: "",
    ],
)
def test_tampered_cursor_falls_back_to_page_one(
    client_as, helpdesk_user, desk, small_pages, tamper
):
    client = client_as(helpdesk_user)
    url = reverse("tickets:list")
    first = client.get(url).content.decode()
    cursor = re.search(r"cursor=([^\"&]+)", link(first, "next-page")).group(1)
    response = client.get(url, {"cursor": tamper(cursor)})
    assert response.status_code == 200
    assert rows(response.content.decode()) == rows(first)


def test_cursor_of_another_sort_falls_back_to_page_one(client_as, helpdesk_user, desk, small_pages):
    client = client_as(helpdesk_user)
    url = reverse("tickets:list")
    cursor = re.search(r"cursor=([^\"&]+)", link(client.get(url).content.decode(), "next-page"))
    response = client.get(url, {"sort": "number", "cursor": cursor.group(1)})
    assert rows(response.content.decode()) == expected(helpdesk_user, sort="number")[:3]


def test_a_cursor_page_costs_what_page_one_costs(client_as, helpdesk_user, desk, small_pages):
    client = client_as(helpdesk_user)
    url = reverse("tickets:list")
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as first:
        body = client.get(url).content.decode()
    next_url = url + link(body, "next-page")
    with CaptureQueriesContext(connection) as deep:
        client.get(next_url)
    sql = " ".join(q["sql"] for q in deep.captured_queries).upper()
    assert "COUNT(" not in sql and " OFFSET " not in sql
    # a cursor page reads its rows in one index range query per segment of the seek (usually
    # one or two: the rest of the cursor's tie group, then what follows), never more than
    # one per sort key (two for a nullable one)
    keys = selectors.TICKET_SORTS.keys(selectors.DEFAULT_SORT)
    assert len(first.captured_queries) <= len(deep.captured_queries)
    assert len(deep.captured_queries) <= len(first.captured_queries) + len(keys) - 1


def test_api_list_by_cursor(client_as, helpdesk_user, desk):
    client = client_as(helpdesk_user)
    order = expected(helpdesk_user, sort="-priority")
    response = client.get("/api/v1/tickets/", {"page_size": 4, "ordering": "-priority"})
    data = response.json()
    assert set(data) == {"next", "previous", "results"}
    assert data["previous"] is None
    numbers = [t["number"] for t in data["results"]]
    pages = [numbers]
    while data["next"]:
        assert "cursor=" in data["next"] and "ordering=-priority" in data["next"]
        data = client.get(data["next"]).json()
        pages.append([t["number"] for t in data["results"]])
    assert [n for page in pages for n in page] == order
    back = []
    while data["previous"]:
        data = client.get(data["previous"]).json()
        back.append([t["number"] for t in data["results"]])
    assert back[::-1] == pages[:-1]
    tampered = client.get("/api/v1/tickets/", {"page_size": 4, "cursor": "nonsense"})
    assert tampered.status_code == 200 and tampered.json()["previous"] is None
