"""Pages of a list without counting it: LIMIT page_size + 1 tells whether more follow, and a
signed keyset cursor reaches any page as cheaply as the first.

`keyset_page(queryset, sorts=…, sort=…, cursor=…)` cuts a page of a queryset ordered by
`sorts.order_by(sort)` (the sorts and their cursors: `core.keyset`), and `KeysetPagination` does
the same for an API list. Reaching page 2000 by cursor costs what page 1 costs. Without a cursor
a page number still works (OFFSET: bookmarks and old links)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from silajar.core.keyset import Sorts, seek

PAGE_SIZE = 25  # as GLPI and osTicket: a screenful, and half the rendering of 50
MAX_PAGE_NUMBER = 1_000_000  # beyond any list; its OFFSET still fits every database


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


def page_number(value: Any) -> int | None:
    """A page number as asked for (`?page=`): None when it is not one a list can have."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= MAX_PAGE_NUMBER else None


def require_page_number(value: str | None) -> None:
    """An API list's `?page=`: absent, empty or a page number a list can have; else a 400."""
    if value not in (None, "") and page_number(value) is None:
        raise ValidationError(
            {"page": [_("A page number from 1 to %(max)d.") % {"max": MAX_PAGE_NUMBER}]}
        )


def page_of(queryset: QuerySet, number: Any, page_size: int | None = None) -> Page:
    """Rows of page `number` (1-based), fetching page_size + 1 rows to know if more follow;
    a number no list can have gives page 1."""
    page_size = page_size or PAGE_SIZE
    number = page_number(number) or 1
    offset = (number - 1) * page_size
    rows = list(queryset[offset : offset + page_size + 1])
    return Page(rows[:page_size], number, page_size, len(rows) > page_size)


def keyset_page(
    queryset: QuerySet,
    *,
    sorts: Sorts,
    sort: str | None,
    cursor: str | None = None,
    number: Any = None,
    page_size: int | None = None,
) -> Page:
    """A page reached by `cursor` (seek: as cheap deep down as on page 1) or, without a valid
    cursor, by page `number` (OFFSET: bookmarks); its next/previous links carry cursors.
    `queryset` must be ordered by `sorts.order_by(sort)`."""
    page_size = page_size or PAGE_SIZE
    sort = sorts.valid(sort)
    keys = sorts.keys(sort)
    parsed = sorts.read_cursor(cursor, sort) if cursor else None
    page = None
    if parsed:
        values, backwards, target = parsed
        if backwards:
            back_keys = tuple(key.reversed() for key in keys)
            rows = seek(queryset, back_keys, values, nulls_first=True, limit=page_size + 1)
            if len(rows) > page_size:  # else fewer rows before it than assumed: page 1
                page = Page(list(reversed(rows[:page_size])), target, page_size, True)
        else:
            rows = seek(queryset, keys, values, nulls_first=False, limit=page_size + 1)
            page = Page(rows[:page_size], target, page_size, len(rows) > page_size)
    if page is None:
        page = page_of(queryset, 1 if parsed else number, page_size)
    if page.has_next and page.object_list:
        page.next_cursor = sorts.cursor(
            sort, page.object_list[-1], backwards=False, number=page.number + 1
        )
    if page.number > 2 and page.object_list:
        page.previous_cursor = sorts.cursor(
            sort, page.object_list[0], backwards=True, number=page.number - 1
        )
    return page


def request_page(request, queryset: QuerySet, *, sorts: Sorts, sort: str | None = None) -> Page:
    """The page of a list page's `queryset` its query string asks for (`cursor`, `page`; the
    sort by `sort`, else the query's own `sort`)."""
    return keyset_page(
        queryset,
        sorts=sorts,
        sort=sort or request.GET.get("sort"),
        cursor=request.GET.get("cursor"),
        number=request.GET.get("page"),
    )


def list_queries(request, data=None) -> tuple[str, str]:
    """A list page's query string without its page (for the export and the pages' links), and
    without its sort too (for the columns' sort links); `data`: the form's, when it is not the
    request's query."""
    query = (request.GET or data or QueryDict()).copy()
    query.pop("page", None)
    query.pop("cursor", None)
    unsorted = query.copy()
    unsorted.pop("sort", None)
    return query.urlencode(), unsorted.urlencode()


class KeysetPagination(BasePagination):
    """An API list's pages by `keyset_page`: no COUNT over the whole list, `next`/`previous`
    carry a signed `cursor` (as cheap deep down as on page 1); `?page=N` still works. A list
    sets `sorts`; the sort is the `ordering` query parameter (validated by the view's filters
    before the list is paged)."""

    sorts: Sorts
    page_size = PAGE_SIZE
    max_page_size = 200
    sort_query_param = "ordering"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        require_page_number(request.query_params.get("page"))
        try:
            size = int(request.query_params.get("page_size", self.page_size))
        except ValueError:
            size = self.page_size
        self.page = keyset_page(
            queryset,
            sorts=self.sorts,
            sort=request.query_params.get(self.sort_query_param),
            cursor=request.query_params.get("cursor"),
            number=request.query_params.get("page"),
            page_size=max(1, min(size, self.max_page_size)),
        )
        return list(self.page)

    def get_paginated_response(self, data):
        page = self.page
        return Response(
            {
                "next": self._link(page.has_next, page.next_cursor, page.number + 1),
                "previous": self._link(page.has_previous, page.previous_cursor, page.number - 1),
                "results": data,
            }
        )

    def _link(self, exists: bool, cursor: str, number: int) -> str | None:
        if not exists:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), "page")
        if cursor:
            return replace_query_param(url, "cursor", cursor)
        url = remove_query_param(url, "cursor")
        return url if number == 1 else replace_query_param(url, "page", number)

    def get_paginated_response_schema(self, schema):
        def link(example: str) -> dict:
            return {"type": "string", "nullable": True, "format": "uri", "example": example}

        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": link("http://api.example.org/accounts/?cursor=…"),
                "previous": link("http://api.example.org/accounts/?page=2"),
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        def parameter(name: str, description: str, schema: dict) -> dict:
            return {
                "name": name,
                "in": "query",
                "required": False,
                "description": description,
                "schema": schema,
            }

        return [
            parameter(
                "page", "A page number within the paginated result set.", {"type": "integer"}
            ),
            parameter(
                "page_size",
                "Number of results to return per page.",
                {"type": "integer", "maximum": self.max_page_size},
            ),
            parameter(
                "cursor",
                "Where the page starts: the signed cursor of a `next` or `previous` link.",
                {"type": "string"},
            ),
        ]
