"""Desk settings: the editable lists behind the complaint desk — ticket categories, the
first-line steps and the service-level targets (category × priority).

For administrators and the section head only; everyone else gets 403. Views stay thin: they
change through `reference_services` (one transaction, one audit event per change) and show
the domain's refusals as the form's errors or a message."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from silajar.core.errors import DomainError
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


def _add_error(form, error: Exception) -> None:
    """Put a refusal of the services on the form: per field where it names one."""
    if isinstance(error, DomainError):
        error.add_to_form(form)
    elif isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)


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
    form = CategoryCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_create(actor=request.user, data=form.cleaned_data)
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The category has been added."))
            return _home("categories")
    return render(
        request,
        "tickets/settings_category_form.html",
        {"form": form, "heading": _("New category"), "section": "categories"},
    )


def category_edit_view(request, pk: int):
    _managers_only(request)
    category = get_object_or_404(Category, pk=pk)
    form = CategoryEditForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_update(actor=request.user, category=category, data=form.cleaned_data)
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The category has been saved."))
            return _home("categories")
    return render(
        request,
        "tickets/settings_category_form.html",
        {
            "form": form,
            "object": category,
            "heading": _("Edit category"),
            "section": "categories",
            "in_use": services.category_in_use(category),
        },
    )


@require_POST
def category_active_view(request, pk: int):
    _managers_only(request)
    category = get_object_or_404(Category, pk=pk)
    active = request.POST.get("active") == "1"
    services.category_set_active(actor=request.user, category=category, active=active)
    if active:
        messages.success(request, _("The category is offered on new tickets again."))
    else:
        messages.success(request, _("The category has been deactivated."))
    return _home("categories")


@require_POST
def category_delete_view(request, pk: int):
    _managers_only(request)
    category = get_object_or_404(Category, pk=pk)
    try:
        services.category_delete(actor=request.user, category=category)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("tickets:settings_category_edit", pk=category.pk)
    messages.success(request, _("The category has been deleted."))
    return _home("categories")


# --- first-line steps -------------------------------------------------------------------------


def step_create_view(request):
    _managers_only(request)
    form = StepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_create(actor=request.user, data=form.cleaned_data)
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The step has been added."))
            return _home("steps")
    return render(
        request,
        "tickets/settings_step_form.html",
        {"form": form, "heading": _("New first-line step"), "section": "steps"},
    )


def step_edit_view(request, pk: int):
    _managers_only(request)
    step = get_object_or_404(ChecklistStep, pk=pk)
    form = StepForm(request.POST or None, instance=step)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_update(actor=request.user, step=step, data=form.cleaned_data)
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The step has been saved."))
            return _home("steps")
    return render(
        request,
        "tickets/settings_step_form.html",
        {"form": form, "object": step, "heading": _("Edit first-line step"), "section": "steps"},
    )


@require_POST
def step_active_view(request, pk: int):
    _managers_only(request)
    step = get_object_or_404(ChecklistStep, pk=pk)
    active = request.POST.get("active") == "1"
    services.step_set_active(actor=request.user, step=step, active=active)
    if active:
        messages.success(request, _("The step is offered on new calls again."))
    else:
        messages.success(request, _("The step has been deactivated."))
    return _home("steps")


# --- service-level targets --------------------------------------------------------------------


def target_create_view(request):
    _managers_only(request)
    initial = {}
    category = request.GET.get("category", "")
    if category.isdigit():
        initial["category"] = int(category)
    if request.GET.get("priority"):
        initial["priority"] = request.GET["priority"]
    form = TargetCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_create(actor=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The service-level targets have been set."))
            return _home("targets")
    return render(
        request,
        "tickets/settings_target_form.html",
        {"form": form, "heading": _("New service-level targets"), "section": "targets"},
    )


def target_edit_view(request, pk: int):
    _managers_only(request)
    target = get_object_or_404(SlaTarget.objects.select_related("category"), pk=pk)
    form = TargetEditForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_update(actor=request.user, target=target, data=form.cleaned_data)
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The service-level targets have been saved."))
            return _home("targets")
    default = None
    if target.category_id is not None:
        default = SlaTarget.objects.filter(category=None, priority=target.priority).first()
    return render(
        request,
        "tickets/settings_target_form.html",
        {
            "form": form,
            "object": target,
            "default": default,
            "heading": _("Edit service-level targets"),
            "section": "targets",
        },
    )


@require_POST
def target_delete_view(request, pk: int):
    _managers_only(request)
    target = get_object_or_404(SlaTarget, pk=pk)
    try:
        services.target_delete(actor=request.user, target=target)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("tickets:settings_target_edit", pk=target.pk)
    messages.success(request, _("The override has been removed; the default targets apply."))
    return _home("targets")
