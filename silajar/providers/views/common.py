"""What the internet side's pages share: who reaches the lists, the list's page and query."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from silajar.core.forms import valid_values
from silajar.core.paging import Page, Sorts, list_queries, request_page
from silajar.providers.access import provider_of


def require_internet_side(user) -> None:
    """Diskominfo staff and a provider's accounts reach the internet side's lists."""
    if not (user.is_internal_staff or provider_of(user) is not None):
        raise PermissionDenied


def list_page(request, rows, sorts: Sorts) -> Page:
    return request_page(request, rows, sorts=sorts)


def page_query(request) -> str:
    """The list's query without its page: for the export links and the pages' links."""
    return list_queries(request)[0]


def filters_of(form) -> dict:
    """The valid filters of a list's GET form (an invalid one is left out)."""
    return {k: v for k, v in valid_values(form).items() if v not in (None, "")}
