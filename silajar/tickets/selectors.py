"""Reads of the complaint desk: the ticket list with its filters, search and sort.

Every read starts from `core.access.visible`, so an agency user sees their agency's tickets
only and a provider none. The list is paged by `core.paging` with `TICKET_SORTS` — never a
COUNT over the whole table — so it stays fast with a million tickets."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.access import visible
from silajar.core.audit import audit_timeline
from silajar.core.calendar import local_day_start
from silajar.core.models import AuditEvent
from silajar.core.paging import Sorts
from silajar.core.search import text_match
from silajar.organizations.models import Location, Organization
from silajar.tickets.access import sees_internal_notes
from silajar.tickets.choices import OPEN_STATES, FaultDomain, SlaStatus
from silajar.tickets.models import Attachment, Category, ChecklistStep, Comment, Ticket

NUMBER_RE = re.compile(r"^TKT-\d{4}(-\d{1,6})?$", re.IGNORECASE)
# pseudo-values of the filters, beside the real codes
STATE_OPEN = "open"
SLA_ATTENTION = "attention"  # at risk or breached
# what the search boxes look in: the ticket list, the caller search (accounts, agencies)
SEARCHED = ("number", "reporter_name", "reporter_phone", "description")
REPORTER_SEARCHED = (
    "full_name",
    "username",
    "phone",
    "organization__short_name",
    "organization__name",
)
AGENCY_SEARCHED = ("name", "short_name")

SORTS: dict[str, tuple[str, ...]] = {
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
    "number": ("number",),
    "-number": ("-number",),
    "state": ("state", "-created_at", "-id"),
    "-state": ("-state", "-created_at", "-id"),
    "agency": ("organization_short_name", "-created_at", "-id"),
    "-agency": ("-organization_short_name", "-created_at", "-id"),
    "priority": ("priority_rank", "-created_at", "-id"),
    "-priority": ("-priority_rank", "-created_at", "-id"),
    "due": ("sla_resolution_due_at", "-created_at", "-id"),
    "-due": ("-sla_resolution_due_at", "-created_at", "-id"),
}
DEFAULT_SORT = "-created"
# Every sort is on plain columns of the ticket, each with an index of the same columns and
# directions (Ticket.Meta.indexes, ticket_sort_*): priority_rank and organization_short_name
# are stored copies of PRIORITY_RANK[priority] and organization.short_name for that reason.
# Nullable sort keys: sorted NULLS LAST in both directions (PostgreSQL and SQLite alike), so a
# cursor can seek past them in two phases (the non-null values, then the NULLs by tie-breaker).
TICKET_SORTS = Sorts(
    SORTS,
    default=DEFAULT_SORT,
    salt="silajar.tickets.cursor",
    nullable={"sla_resolution_due_at"},
    integers={"priority_rank"},
)


def ticket_list(*, user, filters: Mapping[str, Any] | None = None) -> QuerySet[Ticket]:
    """The tickets `user` may see, narrowed by `filters` (the cleaned filter form), sorted.

    Keys (all optional): q, state, organization, technician, priority, category, channel,
    created_from, created_to, fault_domain (a domain, or `intranet`/`internet` with
    their precise domains), sla, mine, sort."""
    filters = filters or {}
    tickets = visible(user, Ticket).select_related(
        "organization", "location", "category", "assigned_to"
    )
    q = (filters.get("q") or "").strip()
    if q:
        if NUMBER_RE.match(q):
            tickets = tickets.filter(number__istartswith=q)
        else:
            tickets = tickets.filter(text_match(q, SEARCHED))
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
    domain = filters.get("fault_domain") or ""
    if domain:
        tickets = tickets.filter(fault_domain__in=FaultDomain.members(domain))
    sla = filters.get("sla") or ""
    if sla == SLA_ATTENTION:
        tickets = tickets.filter(sla_status__in=[SlaStatus.AT_RISK, SlaStatus.BREACHED])
    elif sla:
        tickets = tickets.filter(sla_status=sla)
    return tickets.order_by(*TICKET_SORTS.order_by(filters.get("sort")))


def technicians() -> QuerySet[User]:
    """Active users holding the technician role (for the dispatch select and filters)."""
    return (
        User.objects.filter(is_active=True, groups__name=Role.TECHNICIAN)
        .order_by("full_name", "username")
        .distinct()
    )


def caller_search(*, user, q: str, limit: int = 8) -> tuple[list[User], list[Organization]]:
    """Accounts and agencies matching a caller's name, phone or agency, within what `user`
    may see (accounts are shown through the agencies visible to the user). Each account comes
    with the unit and the place of the last ticket it reported (`usual_unit`,
    `usual_location_id`), which the intake fills in when the caller is picked."""
    q = q.strip()
    if len(q) < 2:
        return [], []
    orgs = visible(user, Organization).filter(is_active=True)
    last = Ticket.objects.filter(reporter=OuterRef("pk")).order_by("-created_at", "-pk")
    accounts = (
        User.objects.filter(is_active=True, organization__in=orgs)
        .filter(text_match(q, REPORTER_SEARCHED))
        .select_related("organization")
        .annotate(
            usual_unit=Subquery(last.values("reporter_unit")[:1]),
            usual_location_id=Subquery(
                last.filter(location__is_active=True).values("location_id")[:1]
            ),
        )
        .order_by("full_name")[:limit]
    )
    agencies = orgs.filter(text_match(q, AGENCY_SEARCHED)).order_by("name")[:limit]
    return list(accounts), list(agencies)


def locations_of(*, user, organization_id: Any) -> QuerySet[Location]:
    try:
        organization_id = int(organization_id)
    except (TypeError, ValueError):
        return Location.objects.none()
    return visible(user, Location).filter(organization_id=organization_id, is_active=True)


def checklist_for(scope: str, category: Category | int | None = None) -> list[ChecklistStep]:
    """The first-line steps that apply to a scope and, when the kind of problem is known, to
    that category (a step without a category applies to every kind), in order."""
    steps = ChecklistStep.objects.filter(is_active=True, scope__in=["any", scope])
    if category:
        steps = steps.filter(Q(category__isnull=True) | Q(category=category))
    return list(steps.order_by("order", "pk"))


def comment_list(*, ticket: Ticket, user) -> QuerySet[Comment]:
    """The comments of `ticket` that `user` may read, oldest first (internal notes: staff)."""
    return visible(user, Comment).filter(ticket=ticket).select_related("author")


def attachment_list(*, ticket: Ticket, user) -> QuerySet[Attachment]:
    """The files of `ticket` that `user` may open, oldest first (internal files: staff)."""
    return visible(user, Attachment).filter(ticket=ticket).select_related("uploaded_by")


INTERNAL_EVENTS = ("ticket.comment_internal", "ticket.attachment_internal")


def ticket_timeline(*, ticket: Ticket, user, limit: int) -> QuerySet[AuditEvent]:
    """The latest `limit` events of `ticket` that `user` may read: internal notes and files are
    written to the trail too, and only staff read those."""
    events = audit_timeline(ticket)
    if not sees_internal_notes(user):
        events = events.exclude(action__in=INTERNAL_EVENTS)
    return events[:limit]
