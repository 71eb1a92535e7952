"""Changes to the desk's editable lists: ticket categories, first-line steps and
service-level targets. One function per change, one transaction, one audit event.

Only administrators and the section head may change these lists (`may_manage_reference`);
the settings pages ask the same question before showing them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.audit import audit_record, diff, snapshot
from silajar.core.editing import audited_create
from silajar.core.errors import ActionForbidden, DomainError
from silajar.tickets.models import Category, ChecklistStep, SlaTarget

CATEGORY_CREATE_FIELDS = ("code", "name", "always_open", "sort_order")
CATEGORY_EDIT_FIELDS = ("name", "always_open", "sort_order")
STEP_FIELDS = ("scope", "order", "question", "guidance")
TARGET_MINUTE_FIELDS = ("response_minutes", "resolution_minutes")


def may_manage_reference(user) -> bool:
    """Administrators and the section head keep the desk's lists."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_administrator or user.has_role(Role.SECTION_HEAD))
    )


def _require_manager(actor: User) -> None:
    if not may_manage_reference(actor):
        raise ActionForbidden(
            _("Only administrators and the section head can change the desk's settings.")
        )


def _pick(data: Mapping[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in fields}


def _update(*, obj: models.Model, actor: User, data: Mapping[str, Any], action: str):
    """Apply `data` to the locked row and audit what changed (nothing changed: no event)."""
    current = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    before = snapshot(current, data.keys())
    for name, value in data.items():
        setattr(current, name, value)
    changes = diff(before, snapshot(current, data.keys()))
    if not changes:
        return current
    current.full_clean()
    fields = list(changes)
    if hasattr(current, "updated_at"):
        fields.append("updated_at")
    current.save(update_fields=fields)
    audit_record(actor=actor, action=action, obj=current, changes=changes)
    return current


def _set_active(*, obj: models.Model, actor: User, active: bool, prefix: str):
    current = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if current.is_active == active:
        return current
    current.is_active = active
    current.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=actor,
        action=f"{prefix}.{'activated' if active else 'deactivated'}",
        obj=current,
        changes={"is_active": [not active, active]},
    )
    return current


# --- categories -------------------------------------------------------------------------------


@transaction.atomic
def category_create(*, actor: User, data: Mapping[str, Any]) -> Category:
    """Add a category of network problem."""
    _require_manager(actor)
    return audited_create(
        model=Category,
        actor=actor,
        action="category.created",
        data=_pick(data, CATEGORY_CREATE_FIELDS),
    )


@transaction.atomic
def category_update(*, actor: User, category: Category, data: Mapping[str, Any]) -> Category:
    """Rename a category, set its 24×7 clock or its place in the list (its code stays)."""
    _require_manager(actor)
    return _update(
        obj=category, actor=actor, data=_pick(data, CATEGORY_EDIT_FIELDS), action="category.updated"
    )


@transaction.atomic
def category_set_active(*, actor: User, category: Category, active: bool) -> Category:
    """Withdraw a category from new tickets (or offer it again); tickets keep theirs."""
    _require_manager(actor)
    return _set_active(obj=category, actor=actor, active=active, prefix="category")


def category_in_use(category: Category) -> bool:
    return category.tickets.exists()


@transaction.atomic
def category_delete(*, actor: User, category: Category) -> None:
    """Remove a category no ticket uses, with its service-level overrides."""
    _require_manager(actor)
    current = Category.objects.select_for_update().get(pk=category.pk)
    if category_in_use(current):
        raise DomainError(
            _("Tickets use this category, so it cannot be deleted. Deactivate it instead.")
        )
    overrides = [str(t) for t in current.sla_targets.order_by("priority")]
    fields = ["code", "name", "always_open", "sort_order", "is_active"]
    audit_record(
        actor=actor,
        action="category.deleted",
        obj=current,
        changes=diff(snapshot(current, fields), dict.fromkeys(fields)),
        note=", ".join(overrides),
    )
    current.delete()


# --- first-line steps -------------------------------------------------------------------------


@transaction.atomic
def step_create(*, actor: User, data: Mapping[str, Any]) -> ChecklistStep:
    """Add a first-line step the helpdesk walks with the caller."""
    _require_manager(actor)
    return audited_create(
        model=ChecklistStep,
        actor=actor,
        action="checklist_step.created",
        data=_pick(data, STEP_FIELDS),
    )


@transaction.atomic
def step_update(*, actor: User, step: ChecklistStep, data: Mapping[str, Any]) -> ChecklistStep:
    """Change a step's text, guidance, scope or order."""
    _require_manager(actor)
    return _update(
        obj=step, actor=actor, data=_pick(data, STEP_FIELDS), action="checklist_step.updated"
    )


@transaction.atomic
def step_set_active(*, actor: User, step: ChecklistStep, active: bool) -> ChecklistStep:
    """Stop offering a step on new calls (or offer it again); recorded answers stay."""
    _require_manager(actor)
    return _set_active(obj=step, actor=actor, active=active, prefix="checklist_step")


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


@transaction.atomic
def target_create(
    *,
    actor: User,
    category: Category | None,
    priority: str,
    response_minutes: int,
    resolution_minutes: int,
) -> SlaTarget:
    """Set the targets of one category × priority (no category: the default for the priority)."""
    _require_manager(actor)
    check_target_minutes(response_minutes, resolution_minutes)
    taken = SlaTarget.objects.filter(priority=priority, category=category).exists()
    if taken:
        raise DomainError(
            _("Targets for this category and priority already exist; edit them instead.")
        )
    return audited_create(
        model=SlaTarget,
        actor=actor,
        action="sla_target.created",
        data={
            "category": category,
            "priority": priority,
            "response_minutes": response_minutes,
            "resolution_minutes": resolution_minutes,
        },
    )


@transaction.atomic
def target_update(*, actor: User, target: SlaTarget, data: Mapping[str, Any]) -> SlaTarget:
    """Change the minutes of a default row or an override."""
    _require_manager(actor)
    data = _pick(data, TARGET_MINUTE_FIELDS)
    check_target_minutes(
        data.get("response_minutes", target.response_minutes),
        data.get("resolution_minutes", target.resolution_minutes),
    )
    return _update(obj=target, actor=actor, data=data, action="sla_target.updated")


@transaction.atomic
def target_delete(*, actor: User, target: SlaTarget) -> None:
    """Remove a category's override: the priority's default applies again. A default row
    cannot be removed (every priority needs one)."""
    _require_manager(actor)
    current = SlaTarget.objects.select_for_update().get(pk=target.pk)
    if current.category_id is None:
        raise DomainError(_("The default targets of a priority can be changed but not removed."))
    fields = ["category", "priority", "response_minutes", "resolution_minutes"]
    audit_record(
        actor=actor,
        action="sla_target.deleted",
        obj=current,
        changes=diff(snapshot(current, fields), dict.fromkeys(fields)),
    )
    current.delete()
