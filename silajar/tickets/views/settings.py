"""Desk settings: the editable lists behind the complaint desk — ticket categories, the
first-line steps and the service-level targets (category × priority).

For administrators and the section head only; everyone else gets 403. Views stay thin: they
change through `reference_services` (one transaction, one audit event per change) and show
the domain's refusals as the form's errors or a message."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from silajar.core.api import query_id
from silajar.core.errors import DomainError
from silajar.core.form_views import submit_form
from silajar.tickets import reference_services as services
from silajar.tickets.forms.settings import (
    CategoryCreateForm,
    CategoryEditForm,
    StepForm,
    TargetCreateForm,
    TargetEditForm,
    priority_choices,
)
from silajar.tickets.models import Category, ChecklistStep, SlaTarget


def _managers_only(request) -> None:
    if not services.may_manage_reference(request.user):
        raise PermissionDenied(
            _("Only administrators and the section head can change the desk's settings.")
        )


def _home(section: str):
    return redirect(reverse("tickets:settings_home") + f"#{section}")


def _form_page(request, form, save, *, message: str, section: str, template: str, context):
    """Save the form through `save` and go back to the section, or show the form again."""
    response = submit_form(request, form, save, message=message, then=lambda _saved: _home(section))
    return response or render(request, template, {"form": form, "section": section, **context})


def _active_page(request, set_active, *, section: str, on: str, off: str):
    """Offer a reference row again or stop offering it, and go back to the section."""
    active = request.POST.get("active") == "1"
    set_active(active)
    messages.success(request, on if active else off)
    return _home(section)


def _delete_page(request, delete, *, message: str, section: str, refused_to: tuple[str, int]):
    """Delete a reference row and go back to the section; a refusal goes back to its page."""
    try:
        delete()
    except DomainError as error:
        messages.error(request, error.message)
        name, pk = refused_to
        return redirect(name, pk=pk)
    messages.success(request, message)
    return _home(section)


def _target_grid() -> tuple[list[tuple[str, str]], list[dict]]:
    """The columns (priorities, most urgent first) and rows (default, then each category)."""
    priorities = priority_choices()
    targets = {(t.category_id, t.priority): t for t in SlaTarget.objects.all()}
    categories = Category.objects.order_by("sort_order", "name")
    rows = [
        {
            "category": None,
            "cells": [
                {"priority": code, "label": label, "target": targets.get((None, code))}
                for code, label in priorities
            ],
        }
    ]
    for category in categories:
        rows.append(
            {
                "category": category,
                "cells": [
                    {
                        "priority": code,
                        "label": label,
                        "target": targets.get((category.pk, code)),
                        "default": targets.get((None, code)),
                    }
                    for code, label in priorities
                ],
            }
        )
    return priorities, rows


def settings_home_view(request):
    _managers_only(request)
    priorities, rows = _target_grid()
    return render(
        request,
        "tickets/settings_home.html",
        {
            "categories": Category.objects.annotate(ticket_count=Count("tickets")).order_by(
                "sort_order", "name"
            ),
            "steps": ChecklistStep.objects.order_by("order", "pk"),
            "priorities": priorities,
            "target_rows": rows,
        },
    )


# --- categories -------------------------------------------------------------------------------


def category_create_view(request):
    _managers_only(request)
    return _form_page(
        request,
        CategoryCreateForm(request.POST or None),
        lambda data: services.category_create(actor=request.user, data=data),
        message=_("The category has been added."),
        section="categories",
        template="tickets/settings_category_form.html",
        context={"heading": _("New category")},
    )


def category_edit_view(request, pk: int):
    _managers_only(request)
    category = get_object_or_404(Category, pk=pk)
    return _form_page(
        request,
        CategoryEditForm(request.POST or None, instance=category),
        lambda data: services.category_update(actor=request.user, category=category, data=data),
        message=_("The category has been saved."),
        section="categories",
        template="tickets/settings_category_form.html",
        context={
            "object": category,
            "heading": _("Edit category"),
            "in_use": services.category_in_use(category),
        },
    )


@require_POST
def category_active_view(request, pk: int):
    _managers_only(request)
    category = get_object_or_404(Category, pk=pk)
    return _active_page(
        request,
        lambda active: services.category_set_active(
            actor=request.user, category=category, active=active
        ),
        section="categories",
        on=_("The category is offered on new tickets again."),
        off=_("The category has been deactivated."),
    )


@require_POST
def category_delete_view(request, pk: int):
    _managers_only(request)
    category = get_object_or_404(Category, pk=pk)
    return _delete_page(
        request,
        lambda: services.category_delete(actor=request.user, category=category),
        message=_("The category has been deleted."),
        section="categories",
        refused_to=("tickets:settings_category_edit", category.pk),
    )


# --- first-line steps -------------------------------------------------------------------------


def step_create_view(request):
    _managers_only(request)
    return _form_page(
        request,
        StepForm(request.POST or None),
        lambda data: services.step_create(actor=request.user, data=data),
        message=_("The step has been added."),
        section="steps",
        template="tickets/settings_step_form.html",
        context={"heading": _("New first-line step")},
    )


def step_edit_view(request, pk: int):
    _managers_only(request)
    step = get_object_or_404(ChecklistStep, pk=pk)
    return _form_page(
        request,
        StepForm(request.POST or None, instance=step),
        lambda data: services.step_update(actor=request.user, step=step, data=data),
        message=_("The step has been saved."),
        section="steps",
        template="tickets/settings_step_form.html",
        context={"object": step, "heading": _("Edit first-line step")},
    )


@require_POST
def step_active_view(request, pk: int):
    _managers_only(request)
    step = get_object_or_404(ChecklistStep, pk=pk)
    return _active_page(
        request,
        lambda active: services.step_set_active(actor=request.user, step=step, active=active),
        section="steps",
        on=_("The step is offered on new calls again."),
        off=_("The step has been deactivated."),
    )


# --- service-level targets --------------------------------------------------------------------


def target_create_view(request):
    _managers_only(request)
    initial = {}
    category = query_id(request.GET.get("category"))
    if category:
        initial["category"] = category
    if request.GET.get("priority"):
        initial["priority"] = request.GET["priority"]
    return _form_page(
        request,
        TargetCreateForm(request.POST or None, initial=initial),
        lambda data: services.target_create(actor=request.user, **data),
        message=_("The service-level targets have been set."),
        section="targets",
        template="tickets/settings_target_form.html",
        context={"heading": _("New service-level targets")},
    )


def target_edit_view(request, pk: int):
    _managers_only(request)
    target = get_object_or_404(SlaTarget.objects.select_related("category"), pk=pk)
    default = None
    if target.category_id is not None:
        default = SlaTarget.objects.filter(category=None, priority=target.priority).first()
    return _form_page(
        request,
        TargetEditForm(request.POST or None, instance=target),
        lambda data: services.target_update(actor=request.user, target=target, data=data),
        message=_("The service-level targets have been saved."),
        section="targets",
        template="tickets/settings_target_form.html",
        context={
            "object": target,
            "default": default,
            "heading": _("Edit service-level targets"),
        },
    )


@require_POST
def target_delete_view(request, pk: int):
    _managers_only(request)
    target = get_object_or_404(SlaTarget, pk=pk)
    return _delete_page(
        request,
        lambda: services.target_delete(actor=request.user, target=target),
        message=_("The override has been removed; the default targets apply."),
        section="targets",
        refused_to=("tickets:settings_target_edit", target.pk),
    )
