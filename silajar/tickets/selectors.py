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

from django.core import signing
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.access import visible
from silajar.core.audit import audit_timeline
from silajar.core.models import AuditEvent
from silajar.organizations.models import Location, Organization
from silajar.tickets.access import sees_internal_notes
from silajar.tickets.choices import OPEN_STATES, SlaStatus
from silajar.tickets.models import Attachment, ChecklistStep, Comment, Ticket

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
NULLABLE_KEYS = {"sla_resolution_due_at"}
CURSOR_SALT = "silajar.tickets.cursor"


@dataclass(frozen=True)
class SortKey:
    field: str
    descending: bool
    nullable: bool
    kind: str  # "dt", "int" or "str": how the cursor stores the value

    def reversed(self) -> SortKey:
        return SortKey(self.field, not self.descending, self.nullable, self.kind)


def _kind(field: str) -> str:
    if field.endswith("_at"):
        return "dt"
    if field in ("id", "priority_rank"):
        return "int"
    return "str"


def sort_keys(sort: str) -> tuple[SortKey, ...]:
    """The full, unique sort key of `sort`: its fields, then the id as tie-breaker."""
    ordering = SORTS.get(sort, SORTS[DEFAULT_SORT])
    keys = []
    for item in ordering:
        field = item.lstrip("-")
        keys.append(SortKey(field, item.startswith("-"), field in NULLABLE_KEYS, _kind(field)))
    if keys[-1].field != "id":
        keys.append(SortKey("id", keys[-1].descending, False, "int"))
    return tuple(keys)


def _order_by(keys: tuple[SortKey, ...], *, nulls_first: bool = False) -> list:
    """ORDER BY of `keys`; nullable keys put their NULLs last (first when walking backwards)."""
    order = []
    for key in keys:
        if key.nullable:
            expression = F(key.field)
            nulls = {"nulls_first": True} if nulls_first else {"nulls_last": True}
            order.append(expression.desc(**nulls) if key.descending else expression.asc(**nulls))
        else:
            order.append(f"-{key.field}" if key.descending else key.field)
    return order


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
    if sort not in SORTS:
        sort = DEFAULT_SORT
    return tickets.order_by(*_order_by(sort_keys(sort)))


@dataclass
class Page:
    """One page of a list, known to have a next page or not, without counting the rest."""

    object_list: list
    number: int
    page_size: int
    has_next: bool
    next_cursor: str = ""  # keyset links (see `keyset_page`); "" → link by page number
    previous_cursor: str = ""

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


# --- keyset ("seek") paging ----------------------------------------------------------------------
#
# A cursor is the sort key of the row the next (or previous) page starts after, signed (so a
# tampered cursor is refused and the list falls back to page 1). Reaching page 2000 by cursor
# costs what page 1 costs: WHERE (created_at, id) < (…) walks the `ticket_created` index from
# the cursor, where OFFSET 50,000 reads and throws away 50,000 rows first.


def _value_of(row, field: str):
    value = row
    for part in field.split("__"):
        value = getattr(value, part)
    return value


def _dump_value(value, kind: str):
    if value is None:
        return None
    return value.isoformat() if kind == "dt" else value


def _load_value(value, kind: str):
    if value is None:
        return None
    if kind == "dt":
        parsed = datetime.fromisoformat(value)
        if timezone.is_naive(parsed):
            raise ValueError("naive datetime")
        return parsed
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError("not an int")
        return value
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value


def make_cursor(sort: str, row, *, backwards: bool, number: int) -> str:
    keys = sort_keys(sort)
    values = [_dump_value(_value_of(row, key.field), key.kind) for key in keys]
    return signing.dumps(
        {"s": sort, "v": values, "b": int(backwards), "n": number}, salt=CURSOR_SALT
    )


def read_cursor(cursor: str, sort: str) -> tuple[list, bool, int] | None:
    """(values, backwards, page number) of a cursor made for `sort`, or None if invalid."""
    try:
        data = signing.loads(cursor, salt=CURSOR_SALT)
        keys = sort_keys(sort)
        if data["s"] != sort or len(data["v"]) != len(keys):
            return None
        values = [_load_value(v, key.kind) for v, key in zip(data["v"], keys, strict=True)]
        if values[-1] is None:  # the id
            return None
        number = max(2, int(data["n"]))
        return values, bool(data["b"]), number
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def _segments(keys: tuple[SortKey, ...], values: list, *, nulls_first: bool) -> list[Q]:
    """Rows strictly after `values` in the order `keys` (nullable keys: NULLs last, or first
    when `nulls_first`), as consecutive ranges in sort order: (k1 = v1 … k(n-1) = v(n-1),
    kn after vn), then (k1 = v1 … k(n-2) = v(n-2), k(n-1) after v(n-1)), … then (k1 after v1).
    Each is equalities on a prefix of the index and a range on the next column, so PostgreSQL
    starts the index scan right at the cursor; a single OR of them would make it walk (and
    filter) every entry before the cursor that shares the first key (e.g. a quarter of all
    tickets with the same priority)."""
    segments = []
    for i in range(len(keys) - 1, -1, -1):
        prefix = Q()
        for key, value in zip(keys[:i], values[:i], strict=True):
            prefix &= Q(**{f"{key.field}__isnull": True} if value is None else {key.field: value})
        key, value = keys[i], values[i]
        if value is None:
            if nulls_first:  # NULLs first: every non-null value follows
                segments.append(prefix & Q(**{f"{key.field}__isnull": False}))
            # NULLs last: nothing follows a NULL but equal NULLs (handled by the longer prefix)
            continue
        segments.append(prefix & Q(**{f"{key.field}__{'lt' if key.descending else 'gt'}": value}))
        if key.nullable and not nulls_first:
            segments.append(prefix & Q(**{f"{key.field}__isnull": True}))
    return segments


def _seek(queryset: QuerySet, keys, values, *, nulls_first: bool, limit: int) -> list:
    """The first `limit` rows after `values`: one small index range query per segment, until
    the page is full (usually one or two queries)."""
    order = _order_by(keys, nulls_first=nulls_first)
    rows: list = []
    for segment in _segments(keys, values, nulls_first=nulls_first):
        rows += queryset.filter(segment).order_by(*order)[: limit - len(rows)]
        if len(rows) >= limit:
            break
    return rows


def keyset_page(
    queryset: QuerySet,
    *,
    sort: str | None,
    cursor: str | None = None,
    number: Any = None,
    page_size: int | None = None,
) -> Page:
    """A page reached by `cursor` (seek: as cheap deep down as on page 1) or, without a valid
    cursor, by page `number` (OFFSET: bookmarks); its next/previous links carry cursors.
    `queryset` must be `ticket_list(…)` with the same `sort`."""
    page_size = page_size or PAGE_SIZE
    sort = sort if sort in SORTS else DEFAULT_SORT
    keys = sort_keys(sort)
    parsed = read_cursor(cursor, sort) if cursor else None
    page = None
    if parsed:
        values, backwards, target = parsed
        if backwards:
            back_keys = tuple(key.reversed() for key in keys)
            rows = _seek(queryset, back_keys, values, nulls_first=True, limit=page_size + 1)
            if len(rows) > page_size:  # else fewer rows before it than assumed: page 1
                page = Page(list(reversed(rows[:page_size])), target, page_size, True)
        else:
            rows = _seek(queryset, keys, values, nulls_first=False, limit=page_size + 1)
            page = Page(rows[:page_size], target, page_size, len(rows) > page_size)
    if page is None:
        page = page_of(queryset, 1 if parsed else number, page_size)
    if page.has_next and page.object_list:
        page.next_cursor = make_cursor(
            sort, page.object_list[-1], backwards=False, number=page.number + 1
        )
    if page.number > 2 and page.object_list:
        page.previous_cursor = make_cursor(
            sort, page.object_list[0], backwards=True, number=page.number - 1
        )
    return page


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


def checklist_for(scope: str) -> list[ChecklistStep]:
    """The first-line steps that apply to a scope, in order."""
    return list(
        ChecklistStep.objects.filter(is_active=True, scope__in=["any", scope]).order_by(
            "order", "pk"
        )
    )


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
