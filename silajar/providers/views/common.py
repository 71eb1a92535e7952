"""What the internet side's pages share: who reaches the lists, and a list page with its
export (`RecordList`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from silajar.core.exports import ListExport
from silajar.core.forms import valid_values
from silajar.core.paging import Sorts, list_queries, request_page
from silajar.providers.access import provider_of
from silajar.providers.services import may_manage_providers


def require_internet_side(user) -> None:
    """Diskominfo staff and a provider's accounts reach the internet side's lists."""
    if not (user.is_internal_staff or provider_of(user) is not None):
        raise PermissionDenied


def filters_of(form) -> dict:
    """The valid filters of a list's GET form (an invalid one is left out)."""
    return {k: v for k, v in valid_values(form).items() if v not in (None, "")}


@dataclass(frozen=True)
class RecordList:
    """A list page of the internet side and its export, for staff and a provider's accounts:
    its filter form (`form(GET data or None, user=)`), the selector that reads what the user
    may see (`rows(user=, filters=)`), its sorts, its template and its export. `views()` are
    its routes."""

    form: Callable[..., Any]
    rows: Callable[..., Any]
    sorts: Sorts
    template: str
    export: ListExport

    def filtered(self, request) -> tuple[Any, Any]:
        require_internet_side(request.user)
        form = self.form(request.GET or None, user=request.user)
        return form, self.rows(user=request.user, filters=filters_of(form))

    def page_view(self, request):
        form, rows = self.filtered(request)
        context = {
            "form": form,
            "page": request_page(request, rows, sorts=self.sorts),
            "query": list_queries(request)[0],
            "can_add": may_manage_providers(request.user),
        }
        return render(request, self.template, context)

    def export_view(self, request, fmt: str):
        _form, rows = self.filtered(request)
        return self.export.response(rows, fmt)

    def views(self) -> tuple[Callable[..., Any], Callable[..., Any]]:
        """The list's page and its export (`<fmt>`), both GET only."""
        return require_GET(self.page_view), require_GET(self.export_view)
