"""Reads of the complaint desk: the ticket list with its filters, search and sort.

Every read starts from `core.access.visible`, so an agency user sees their agency's tickets
only and a provider none. Pages are cut with LIMIT page_size + 1 — never a COUNT over the
whole table — so the list stays fast with a million tickets."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.access import visible
from silajar.organizations.models import Location, Organization
from silajar.tickets.choices import OPEN_STATES, PRIORITY_RANK, SlaStatus
from silajar.tickets.models import Ticket

PAGE_SIZE = 25  # as GLPI and osTicket: a screenful, and half the rendering of 50
NUMBER_RE = re.compile(r"^TKT-\d{4}(-\d{1,6})?$", re.IGNORECASE)
# pseudo-values of the filters, beside the real codes
STATE_OPEN = "open"
SLA_ATTENTION = "attention"  # at risk or breached

SORTS: dict[str, tuple[str, ...]] = {
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
    "number": ("number",),
    "-number": ("-number",),
    "state": ("state", "-created_at", "-id"),
    "-state": ("-state", "-created_at", "-id"),
    "agency": ("organization__short_name", "-created_at", "-id"),
    "-agency": ("-organization__short_name", "-created_at", "-id"),
    "priority": ("priority_rank", "-created_at", "-id"),
    "-priority": ("-priority_rank", "-created_at", "-id"),
    "due": ("sla_resolution_due_at", "-created_at", "-id"),
    "-due": ("-sla_resolution_due_at", "-created_at", "-id"),
}
DEFAULT_SORT = "-created"


def local_day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def ticket_list(*, user, filters: Mapping[str, Any] | None = None) -> QuerySet[Ticket]:
    """The tickets `user` may see, narrowed by `filters` (the cleaned filter form), sorted.

    Keys (all optional): q, state, organization, technician, priority, category, channel,
    created_from, created_to, sla, mine, sort."""
    filters = filters or {}
    tickets = visible(user, Ticket).select_related(
        "organization", "location", "category", "assigned_to"
    )
    q = (filters.get("q") or "").strip()
    if q:
        if NUMBER_RE.match(q):
            tickets = tickets.filter(number__istartswith=q)
        else:
            tickets = tickets.filter(
                Q(number__icontains=q)
                | Q(reporter_name__icontains=q)
                | Q(reporter_phone__icontains=q)
                | Q(description__icontains=q)
            )
    state = filters.get("state") or ""
    if state == STATE_OPEN:
        tickets = tickets.filter(state__in=OPEN_STATES)
    elif state:
        tickets = tickets.filter(state=state)
    for key, lookup in (
        ("organization", "organization"),
        ("technician", "assigned_to"),
        ("category", "category"),
        ("priority", "priority"),
        ("channel", "channel"),
    ):
        value = filters.get(key)
        if value not in (None, ""):
            tickets = tickets.filter(**{lookup: value})
    if filters.get("mine"):
        tickets = tickets.filter(assigned_to=user, state__in=OPEN_STATES)
    if filters.get("created_from"):
        tickets = tickets.filter(created_at__gte=local_day_start(filters["created_from"]))
    if filters.get("created_to"):
        tickets = tickets.filter(
            created_at__lt=local_day_start(filters["created_to"] + timedelta(days=1))
        )
    sla = filters.get("sla") or ""
    if sla == SLA_ATTENTION:
        tickets = tickets.filter(sla_status__in=[SlaStatus.AT_RISK, SlaStatus.BREACHED])
    elif sla:
        tickets = tickets.filter(sla_status=sla)
    sort = filters.get("sort") or DEFAULT_SORT
    ordering = SORTS.get(sort, SORTS[DEFAULT_SORT])
    if "priority_rank" in ordering[0]:
        tickets = tickets.annotate(
            priority_rank=Case(
                *[When(priority=code, then=Value(rank)) for code, rank in PRIORITY_RANK.items()],
                default=Value(9),
                output_field=IntegerField(),
            )
        )
    return tickets.order_by(*ordering)


@dataclass
class Page:
    """One page of a list, known to have a next page or not, without counting the rest."""

    object_list: list
    number: int
    page_size: int
    has_next: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.page_size + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.page_size + len(self.object_list)


def page_of(queryset: QuerySet, number: Any, page_size: int | None = None) -> Page:
    """Rows of page `number` (1-based), fetching page_size + 1 rows to know if more follow."""
    page_size = page_size or PAGE_SIZE
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * page_size
    rows = list(queryset[offset : offset + page_size + 1])
    return Page(rows[:page_size], number, page_size, len(rows) > page_size)


def technicians() -> QuerySet[User]:
    """Active users holding the technician role (for the dispatch select and filters)."""
    return (
        User.objects.filter(is_active=True, groups__name=Role.TECHNICIAN)
        .order_by("full_name", "username")
        .distinct()
    )


def caller_search(*, user, q: str, limit: int = 8) -> tuple[list[User], list[Organization]]:
    """Accounts and agencies matching a caller's name, phone or agency, within what `user`
    may see (accounts are shown through the agencies visible to the user)."""
    q = q.strip()
    if len(q) < 2:
        return [], []
    orgs = visible(user, Organization).filter(is_active=True)
    accounts = (
        User.objects.filter(is_active=True, organization__in=orgs)
        .filter(
            Q(full_name__icontains=q)
            | Q(username__icontains=q)
            | Q(phone__icontains=q)
            | Q(organization__short_name__icontains=q)
            | Q(organization__name__icontains=q)
        )
        .select_related("organization")
        .order_by("full_name")[:limit]
    )
    agencies = orgs.filter(Q(name__icontains=q) | Q(short_name__icontains=q)).order_by("name")[
        :limit
    ]
    return list(accounts), list(agencies)


def locations_of(*, user, organization_id: Any) -> QuerySet[Location]:
    try:
        organization_id = int(organization_id)
    except (TypeError, ValueError):
        return Location.objects.none()
    return visible(user, Location).filter(organization_id=organization_id, is_active=True)
