"""Saving edits of versioned records without losing anyone's change."""

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from django.db import models, transaction

from silajar.core.audit import audit_record, diff, snapshot
from silajar.core.errors import Conflict
from silajar.core.models import Versioned

M = TypeVar("M", bound=Versioned)  # a record edited by several people
R = TypeVar("R", bound=models.Model)  # any record


@transaction.atomic
def versioned_update(
    *, obj: M, actor, data: Mapping[str, Any], expected_version: int | None, action: str
) -> M:
    """Apply `data` to `obj` if nobody saved it since `expected_version`; audit the change.

    Raises Conflict when the stored version moved on (someone else saved first). `obj` may be
    a lazy object (`request.user`): the row is read through the model `obj._meta` names, never
    through `type(obj)`.
    """
    model = cast(type[M], obj._meta.concrete_model)
    current = model._default_manager.select_for_update().get(pk=obj.pk)
    if expected_version is not None and current.version != int(expected_version):
        raise Conflict()
    before = snapshot(current, data.keys())
    for name, value in data.items():
        setattr(current, name, value)
    changes = diff(before, snapshot(current, data.keys()))
    if not changes:
        return current
    current.version += 1
    fields = [*changes, "version"]
    if hasattr(current, "updated_at"):
        fields.append("updated_at")
    current.save(update_fields=fields)
    audit_record(actor=actor, action=action, obj=current, changes=changes)
    return current


@transaction.atomic
def audited_create(*, model: type[R], actor, data: Mapping[str, Any], action: str) -> R:
    """Create a record and its audit event in one transaction."""
    obj = model(**data)
    obj.full_clean()
    obj.save()
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        changes=diff({}, snapshot(obj, [k for k in data if not isinstance(data[k], list)])),
    )
    return obj
