"""The record page's workflow actions, for every procedure: the forms of the actions the user may
fire now, and the one view that fires them.

A procedure's page lists `record_actions(...)` in its context and routes `<pk>/` and
`<pk>/action/<name>/` to the two views `workflow_page_views(...)` makes from its workflow, its
model and its page.
Refusals reach the user one way: the rule's message on the form (`DomainError.add_to_form`),
"someone else changed it" with the current data (409), or "not allowed" with the reason (403)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from silajar.core.access import get_visible_or_404
from silajar.core.errors import ActionForbidden, Conflict, DomainError
from silajar.core.workflow import Workflow


def action_form(flow: Workflow, name: str, obj, data=None, files=None):
    """The page form of action `name` on `obj`, bound to what was posted or ready to show."""
    return flow.form_class(name).for_action(obj, prefix=name, data=data, files=files)


def record_actions(
    flow: Workflow, obj, user, *, url_name: str, bound: dict | None = None
) -> list[dict[str, Any]]:
    """What the record page offers `user` now: one entry per action with its form (the posted
    one, with its errors, when `bound` holds it) and how to show it."""
    bound = bound or {}
    offered = []
    for action in flow.available(obj, user):
        form = bound.get(action.name) or action_form(flow, action.name, obj)
        offered.append(
            {
                "name": action.name,
                "label": action.label,
                "form": form,
                "url": reverse(url_name, args=[obj.pk, action.name]),
                "style": action.style,
                "multipart": form.is_multipart(),
                "one_click": action.one_click,
                "open": action.name in bound,
            }
        )
    return offered


class WorkflowActionView(View):
    """POST `<pk>/action/<name>/`: fire one workflow action from the record's page.

    A procedure configures it in `as_view(…)`, without a subclass: its `flow` and `model`, how
    the record is read for the user (`load`, by default any visible row of `model`) and what its
    page shows (`context`). The routes and the page's template follow the model's app and the
    page's `prefix` (`<app>:<prefix>_action`, `<app>:<prefix>_detail`,
    `<app>/<prefix>_detail.html`; without one `<app>:action`, `<app>:detail`,
    `<app>/detail.html`) unless named; on success the user goes back to the record's page."""

    http_method_names = ["post"]
    flow: Workflow = None  # type: ignore[assignment]
    model: type[models.Model] = None  # type: ignore[assignment]
    # (user, pk) -> the record, 404 when the user may not see it
    load: Callable[[Any, int], models.Model] | None = None
    # (request, record, bound forms) -> the record page's context
    context: Callable[[HttpRequest, Any, dict], dict[str, Any]] | None = None
    prefix = ""  # the page's name among its app's routes ("need": `<app>:need_detail`)
    action_url_name = ""
    detail_url_name = ""
    template_name = ""

    @property
    def app(self) -> str:
        return self.model._meta.app_label

    def named(self, kind: str) -> str:
        """The page's `detail` or `action` as its app names it: `<prefix>_<kind>`, or `kind`."""
        return f"{self.prefix}_{kind}" if self.prefix else kind

    def route(self, kind: str) -> str:
        """The URL name of the record's `detail` page or of its `action` route."""
        named = self.detail_url_name if kind == "detail" else self.action_url_name
        return named or f"{self.app}:{self.named(kind)}"

    def get_object(self, pk: int):
        if self.load is not None:
            return self.load(self.request.user, pk)
        return get_visible_or_404(self.request.user, self.model, pk=pk)

    def page_context(self, obj, bound: dict) -> dict[str, Any]:
        """The record page's context, with `bound` action forms shown as posted."""
        if self.context is not None:
            return self.context(self.request, obj, bound)
        return {
            "obj": obj,
            "state_label": self.flow.states.get(getattr(obj, self.flow.state_field), ""),
            "actions": record_actions(
                self.flow,
                obj,
                self.request.user,
                url_name=self.route("action"),
                bound=bound,
            ),
        }

    def record_url(self, obj) -> str:
        return reverse(self.route("detail"), args=[obj.pk])

    def render_page(self, pk: int, status: int, bound: dict | None = None) -> HttpResponse:
        obj = self.get_object(pk)  # fresh: the current data
        template = self.template_name or f"{self.app}/{self.named('detail')}.html"
        context = self.page_context(obj, bound or {})
        return render(self.request, template, context, status=status)

    def post(self, request, pk: int, name: str) -> HttpResponse:
        obj = self.get_object(pk)
        if name not in self.flow.by_name:
            raise Http404
        form = action_form(self.flow, name, obj, request.POST, request.FILES)
        if not form.is_valid():
            if "version" in form.errors:
                messages.error(request, _("The page was out of date. Reload it and try again."))
            return self.render_page(pk, 400, {name: form})
        try:
            self.flow.act(
                obj=obj,
                action=name,
                actor=request.user,
                version=form.cleaned_data["version"],
                **form.inputs(),
            )
        except ActionForbidden as error:
            context = {"reason": error.message, "back": self.record_url(obj)}
            return render(request, "core/forbidden.html", context, status=403)
        except Conflict as error:
            record = self.model._meta.verbose_name
            changed = _("This %(record)s was changed by someone else in the meantime: %(reason)s")
            messages.error(
                request,
                changed % {"record": record, "reason": error.message}
                + " "
                + _("Below is its current state."),
            )
            return self.render_page(pk, 409)
        except DomainError as error:
            error.add_to_form(form, always_summary=True)
            return self.render_page(pk, 400, {name: form})
        action = self.flow.action(name)
        done = action.done or _("Recorded: %(action)s.") % {"action": action.label}
        messages.success(request, str(done))
        return redirect(self.record_url(obj))


class WorkflowRecordView(WorkflowActionView):
    """GET `<pk>/`: a record's page with its actions, configured as `WorkflowActionView` (a
    procedure routes both from one set of options)."""

    http_method_names = ["get", "head"]

    def get(self, request, pk: int) -> HttpResponse:
        return self.render_page(pk, 200)


def workflow_page_views(
    **options: Any,
) -> tuple[Callable[..., HttpResponseBase], Callable[..., HttpResponseBase]]:
    """A record's page and the route of its actions (`WorkflowRecordView`,
    `WorkflowActionView`), from one set of options."""
    return WorkflowRecordView.as_view(**options), WorkflowActionView.as_view(**options)
