"""Desk settings: the editable lists behind the complaint desk — ticket categories, the
first-line steps and the service-level targets (category × priority).

For administrators and the section head only; everyone else gets 403. Each list is declared
once on the page (`DESK.declare`): `core.settings_pages` builds its add, edit, activate and
delete pages and their URLs, which change through the list's services in `reference_services`
(one transaction, one audit event per change)."""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from silajar.core.api import query_id
from silajar.core.settings_pages import SettingsPage
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

DESK = SettingsPage(
    home="tickets:settings_home",
    keepers=services.DESK_KEEPERS,
    texts={
        "category.new": _("New category"),
        "category.edit": _("Edit category"),
        "category.created": _("The category has been added."),
        "category.updated": _("The category has been saved."),
        "category.activated": _("The category is offered on new tickets again."),
        "category.deactivated": _("The category has been deactivated."),
        "category.deleted": _("The category has been deleted."),
        "checklist_step.new": _("New first-line step"),
        "checklist_step.edit": _("Edit first-line step"),
        "checklist_step.created": _("The step has been added."),
        "checklist_step.updated": _("The step has been saved."),
        "checklist_step.activated": _("The step is offered on new calls again."),
        "checklist_step.deactivated": _("The step has been deactivated."),
        "sla_target.new": _("New service-level targets"),
        "sla_target.edit": _("Edit service-level targets"),
        "sla_target.created": _("The service-level targets have been set."),
        "sla_target.updated": _("The service-level targets have been saved."),
        "sla_target.deleted": _("The override has been removed; the default targets apply."),
    },
)


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
    DESK.require(request)
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


# --- the lists ----------------------------------------------------------------------------------

DESK.declare(
    services.CATEGORIES,
    name="category",
    section="categories",
    forms=(CategoryCreateForm, CategoryEditForm),
)
DESK.declare(services.STEPS, name="step", section="steps", forms=(StepForm, StepForm))


def _target_initial(request) -> dict:
    """An "Override" link of the grid names its category and priority."""
    initial = {}
    category = query_id(request.GET.get("category"))
    if category:
        initial["category"] = category
    if request.GET.get("priority"):
        initial["priority"] = request.GET["priority"]
    return initial


def _target_context(target: SlaTarget) -> dict:
    """An override's page shows the priority's default beside it."""
    default = None
    if target.category_id is not None:
        default = SlaTarget.objects.filter(category=None, priority=target.priority).first()
    return {"default": default}


DESK.declare(
    services.TARGETS,
    name="target",
    section="targets",
    forms=(TargetCreateForm, TargetEditForm),
    queryset=SlaTarget.objects.select_related("category"),
    initial=_target_initial,
    context=_target_context,
)
