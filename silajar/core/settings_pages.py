"""The pages of an app's editable lists, built from a declaration.

An app's settings page (`SettingsPage`: its URL, who keeps it, its words) declares each of its
lists once with `page.declare(rows, name=…, section=…, forms=…)`, where `rows` is the list's
`core.editing.EditableList`. From that it gets, under `page.urls("settings/")`:

  settings/<section>/new/               settings_<name>_create   the add form
  settings/<section>/<pk>/              settings_<name>_edit     the edit form
  settings/<section>/<pk>/active/       settings_<name>_active   POST active=0|1 (deactivatable)
  settings/<section>/<pk>/delete/       settings_<name>_delete   POST (rows that may go)

Every view refuses (403) whoever the list's keepers refuse, saves through the list's services,
shows their refusals on the form (or as a message), flashes the page's word for the change
and goes back to the list's part of the settings page (`#<section>`). The forms render
`<app>/settings_<name>_form.html` with `form`, `section`, `heading`, and on the edit page
`object` and `in_use` (whether the row must stay)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import QuerySet
from django.forms import BaseForm, ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.functional import Promise
from django.views.decorators.http import require_POST

from silajar.core.editing import EditableList, Keepers
from silajar.core.errors import DomainError
from silajar.core.form_views import submit_form


@dataclass(frozen=True)
class SettingsPage:
    """An app's settings page: `home` its namespaced URL name ("tickets:settings_home"; the
    namespace is also the folder of its templates), `keepers` who
    may see and change it, `texts` the words of its lists by `<audit prefix>.<key>`: the
    headings `new` and `edit`, and the message after each change, keyed by its audit event
    (`category.created`, `.updated`, `.activated`, `.deactivated`, `.deleted`)."""

    home: str
    keepers: Keepers
    texts: Mapping[str, str | Promise]
    lists: list[SettingsList] = field(default_factory=list)

    def require(self, request: HttpRequest) -> None:
        """403 for whoever may not keep the page."""
        if not self.keepers.may(request.user):
            raise PermissionDenied(str(self.keepers.refusal))

    def declare(self, rows: EditableList[Any], **declaration: Any) -> SettingsList:
        """Declare one list of the page (see `SettingsList`)."""
        if rows.keepers is not self.keepers:
            raise ImproperlyConfigured(f"{rows.action}: not kept by the page's keepers")
        declared = SettingsList(page=self, rows=rows, **declaration)
        self.lists.append(declared)
        return declared

    def urls(self, prefix: str) -> list[URLPattern]:
        """The URL patterns of every list of the page, below `prefix` ("settings/")."""
        return [pattern for declared in self.lists for pattern in declared.urls(prefix)]


@dataclass(frozen=True, kw_only=True)
class SettingsList:
    """One list of a settings page: its rows' services, `name` (its URL names and template),
    `section` (its part of the page and its URL segment), `forms` (the add form, and the edit
    form: a ModelForm of the row), and for the exceptions: `queryset` to read a row
    for its edit page, `initial(request)` for the add form, `context(row)` for the edit page."""

    page: SettingsPage
    rows: EditableList[Any]
    name: str
    section: str
    forms: tuple[type[BaseForm], type[ModelForm]]
    queryset: QuerySet | None = None
    initial: Callable[[HttpRequest], dict[str, Any]] | None = None
    context: Callable[[Any], dict[str, Any]] | None = None

    def text(self, key: str) -> str:
        return str(self.page.texts[f"{self.rows.action}.{key}"])

    def urls(self, prefix: str) -> list[URLPattern]:
        route, name = f"{prefix}{self.section}/", f"settings_{self.name}"
        patterns = [
            path(f"{route}new/", self.create_view, name=f"{name}_create"),
            path(f"{route}<int:pk>/", self.edit_view, name=f"{name}_edit"),
        ]
        keys = ["new", "edit", "created", "updated"]
        if self.rows.deactivatable:
            patterns.append(
                path(
                    f"{route}<int:pk>/active/",
                    require_POST(self.active_view),
                    name=f"{name}_active",
                )
            )
            keys += ["activated", "deactivated"]
        if self.rows.deleting is not None:
            patterns.append(
                path(
                    f"{route}<int:pk>/delete/",
                    require_POST(self.delete_view),
                    name=f"{name}_delete",
                )
            )
            keys.append("deleted")
        missing = [key for key in keys if f"{self.rows.action}.{key}" not in self.page.texts]
        if missing:
            raise ImproperlyConfigured(f"settings list {self.name}: no text for {missing}")
        return patterns

    # --- the views ----------------------------------------------------------------------------

    def create_view(self, request: HttpRequest) -> HttpResponse:
        self.page.require(request)
        initial = self.initial(request) if self.initial is not None else None
        return self._form_page(
            request,
            self.forms[0](request.POST or None, initial=initial),
            lambda data: self.rows.create(actor=request.user, data=data),
            done="created",
            context={"heading": self.text("new")},
        )

    def edit_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.page.require(request)
        row = get_object_or_404(self._rows(), pk=pk)
        context = {"object": row, "heading": self.text("edit")}
        if self.rows.deleting is not None:
            context["in_use"] = self.rows.in_use(row)
        if self.context is not None:
            context.update(self.context(row))
        return self._form_page(
            request,
            self.forms[1](request.POST or None, instance=row),
            lambda data: self.rows.update(actor=request.user, obj=row, data=data),
            done="updated",
            context=context,
        )

    def active_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Offer a row again (`active=1`) or stop offering it."""
        self.page.require(request)
        row = get_object_or_404(self._rows(), pk=pk)
        active = request.POST.get("active") == "1"
        self.rows.set_active(actor=request.user, obj=row, active=active)
        messages.success(request, self.text("activated" if active else "deactivated"))
        return self._home()

    def delete_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Delete a row; a refusal goes back to its edit page."""
        self.page.require(request)
        row = get_object_or_404(self._rows(), pk=pk)
        try:
            self.rows.delete(actor=request.user, obj=row)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(f"{self._app}:settings_{self.name}_edit", pk=row.pk)
        messages.success(request, self.text("deleted"))
        return self._home()

    # --- helpers ------------------------------------------------------------------------------

    def _rows(self) -> QuerySet:
        return (
            self.queryset if self.queryset is not None else self.rows.model._default_manager.all()
        )

    @property
    def _app(self) -> str:
        """The page's URL namespace, which is also its app's template folder."""
        return self.page.home.split(":")[0]

    def _home(self) -> HttpResponse:
        return redirect(reverse(self.page.home) + f"#{self.section}")

    def _form_page(
        self,
        request: HttpRequest,
        form: BaseForm,
        save: Callable[[Mapping[str, Any]], Any],
        *,
        done: str,
        context: dict[str, Any],
    ) -> HttpResponse:
        """Save the form through `save` and go back to the section, or show the form again."""
        response = submit_form(
            request, form, save, message=self.text(done), then=lambda _saved: self._home()
        )
        template = f"{self._app}/settings_{self.name}_form.html"
        return response or render(
            request, template, {"form": form, "section": self.section, **context}
        )
