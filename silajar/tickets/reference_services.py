"""The desk's editable lists: ticket categories, first-line steps and service-level targets.

Each is declared once (`core.editing.EditableList`); its methods are its services —
`CATEGORIES.create(actor=, data=)`, `.update(actor=, obj=, data=)`, `.set_active(…)`,
`.delete(…)` — one transaction and one audit event per change.

Only administrators and the section head may change these lists (`DESK_KEEPERS`); the
settings pages ask the same question before showing them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from silajar.accounts.roles import Role
from silajar.core.editing import Deleting, Keepers
from silajar.core.errors import DomainError
from silajar.tickets.models import Category, ChecklistStep, SlaTarget


def may_manage_reference(user) -> bool:
    """Administrators and the section head keep the desk's lists."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_administrator or user.has_role(Role.SECTION_HEAD))
    )


DESK_KEEPERS = Keepers(
    may=may_manage_reference,
    refusal=gettext_lazy(
        "Only administrators and the section head can change the desk's settings."
    ),
)


# --- categories -------------------------------------------------------------------------------

CATEGORIES = DESK_KEEPERS.declare(
    Category,
    action="category",
    create_fields=("code", "name", "always_open", "sort_order"),
    edit_fields=("name", "always_open", "sort_order"),  # the code stays
    deactivatable=True,  # a category tickets use is withdrawn from new tickets instead
    deleting=Deleting(
        in_use=lambda category: category.tickets.exists() or category.checklist_steps.exists(),
        refusal=gettext_lazy(
            "Tickets or first-line steps use this category, so it cannot be deleted. "
            "Deactivate it instead."
        ),
        # its service-level overrides go with it
        note=lambda category: ", ".join(str(t) for t in category.sla_targets.order_by("priority")),
    ),
)


# --- first-line steps -------------------------------------------------------------------------

STEPS = DESK_KEEPERS.declare(
    ChecklistStep,
    action="checklist_step",
    create_fields=("scope", "category", "order", "question", "guidance"),
    deactivatable=True,  # recorded answers keep their step
)


# --- service-level targets --------------------------------------------------------------------


def check_target_minutes(response: Any, resolution: Any) -> None:
    """Both targets are whole positive minutes, and the response comes before the resolution."""
    fields: dict[str, list[str]] = {}
    for name, value in (("response_minutes", response), ("resolution_minutes", resolution)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            fields[name] = [_("Enter a whole number of minutes, at least 1.")]
    if fields:
        raise DomainError(_("Enter positive targets in minutes."), fields=fields)
    if response > resolution:
        raise DomainError(
            _("The response target cannot be longer than the resolution target."),
            fields={"response_minutes": [_("At most the resolution target.")]},
        )


def check_target(target: SlaTarget) -> None:
    """Sensible minutes, and one row per category × priority (no category: the default)."""
    check_target_minutes(target.response_minutes, target.resolution_minutes)
    taken = SlaTarget.objects.filter(priority=target.priority, category=target.category)
    if taken.exclude(pk=target.pk).exists():
        raise DomainError(
            _("Targets for this category and priority already exist; edit them instead.")
        )


TARGETS = DESK_KEEPERS.declare(
    SlaTarget,
    action="sla_target",
    create_fields=("category", "priority", "response_minutes", "resolution_minutes"),
    edit_fields=("response_minutes", "resolution_minutes"),
    check=check_target,
    # removing a category's override applies the priority's default again; every priority
    # needs its default row
    deleting=Deleting(
        in_use=lambda target: target.category_id is None,
        refusal=gettext_lazy("The default targets of a priority can be changed but not removed."),
    ),
)
