"""Audited changes of plain records, and the editable lists built on them.

`audited_create`, `audited_update` and `audited_delete` write a record and its audit event in
one transaction; `audited_set` sets fields of a row already locked, in the caller's.
`EditableList` declares one list people keep by hand (a desk's categories, the agencies): which
fields are set when a row is added and when it is edited, the audit prefix, who may change it,
the rules a row must meet and when it may be deleted; its methods are the list's services.
`core.settings_pages` builds a settings page's views from it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from django.db import models, transaction
from django.utils.functional import Promise

from silajar.core.audit import audit_record, diff, snapshot
from silajar.core.errors import ActionForbidden, Conflict, DomainError
from silajar.core.models import Versioned

R = TypeVar("R", bound=models.Model)  # any record
_DECLARED: list[EditableList[Any]] = []  # every EditableList, as its module declares it


def editable_lists() -> list[EditableList[Any]]:
    """The editable lists declared by the modules imported so far."""
    return list(_DECLARED)


def locked(obj: R) -> R:
    """The stored row of `obj`, locked until the transaction ends. `obj` may be a lazy object
    (`request.user`): the row is read through the model `obj._meta` names, never `type(obj)`."""
    model = cast(type[R], obj._meta.concrete_model)
    return model._default_manager.select_for_update().get(pk=obj.pk)


def picked(data: Mapping[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """The items of `data` that are among `fields` (what a service lets its callers set)."""
    return {k: v for k, v in data.items() if k in fields}


@transaction.atomic
def audited_update(
    *,
    obj: R,
    actor,
    data: Mapping[str, Any],
    action: str,
    expected_version: int | None = None,
    check: Callable[[R], None] | None = None,
    note: str = "",
) -> R:
    """Apply `data` to the locked row of `obj` and audit what changed (nothing: no event),
    with `note` (why, when the change must say so: a correction's reason).

    A versioned record (`core.models.Versioned`) is refused with Conflict when it was saved
    since `expected_version` (None: no check), and its version grows with the change.
    `check(row)` sees the changed row before it is saved and refuses it by raising."""
    current = locked(obj)
    versioned = current if isinstance(current, Versioned) else None
    if (
        versioned is not None
        and expected_version is not None
        and versioned.version != int(expected_version)
    ):
        raise Conflict()
    before = snapshot(current, data.keys())
    for name, value in data.items():
        setattr(current, name, value)
    changes = diff(before, snapshot(current, data.keys()))
    if not changes:
        return current
    if check is not None:
        check(current)
    _save_audited(
        current,
        fields=list(changes),
        bump_version=versioned is not None,
        actor=actor,
        action=action,
        changes=changes,
        note=note,
    )
    return current


def _save_audited(obj, *, fields: list[str], bump_version: bool, actor, action, changes, note):
    """Save `fields` of `obj` (with its version grown by one when `bump_version`, and its
    `updated_at`) and record the audit event of the change."""
    if bump_version:
        cast(Versioned, obj).version += 1
        fields = [*fields, "version"]
    if hasattr(obj, "updated_at"):
        fields = [*fields, "updated_at"]
    obj.save(update_fields=fields)
    audit_record(actor=actor, action=action, obj=obj, changes=changes, note=note)


@transaction.atomic
def audited_create(
    *,
    model: type[R],
    actor,
    data: Mapping[str, Any],
    action: str,
    check: Callable[[R], None] | None = None,
) -> R:
    """Create a record and its audit event in one transaction; `check(row)` and the model's
    validation see it before it is saved."""
    obj = model(**data)
    if check is not None:
        check(obj)
    obj.full_clean()
    obj.save()
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        changes=diff({}, snapshot(obj, [k for k in data if not isinstance(data[k], list)])),
    )
    return obj


def audited_set(
    *,
    obj: R,
    actor,
    action: str,
    values: Mapping[str, Any],
    bump_version: bool,
    note: str = "",
) -> R:
    """Set `values` on `obj` (a row the caller locked), save just those fields (with the version,
    grown by one, when `bump_version`) and audit {field: [before, after]}. Runs in the caller's
    transaction: the scans that change a record found due (nobody edits it: no version check)."""
    changes = {name: [getattr(obj, name), value] for name, value in values.items()}
    for name, value in values.items():
        setattr(obj, name, value)
    _save_audited(
        obj,
        fields=list(values),
        bump_version=bump_version,
        actor=actor,
        action=action,
        changes=changes,
        note=note,
    )
    return obj


def audited_delete(*, obj: models.Model, actor, action: str, fields: list[str], note: str = ""):
    """Delete `obj` (a locked row) with an event that keeps its `fields` as they were. Runs in
    the caller's transaction, after the caller's refusals."""
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        changes=diff(snapshot(obj, fields), dict.fromkeys(fields)),
        note=note,
    )
    obj.delete()


@dataclass(frozen=True)
class Keepers:
    """Who may change some lists, and what others are told (a lazy text)."""

    may: Callable[[Any], bool]
    refusal: str | Promise

    def require(self, actor) -> None:
        """Refuse (ActionForbidden) anyone who may not change the lists."""
        if not self.may(actor):
            raise ActionForbidden(str(self.refusal))

    def declare(self, model: type[R], **declaration: Any) -> EditableList[R]:
        """An editable list these people keep (see `EditableList` for the declaration)."""
        return EditableList(model=model, keepers=self, **declaration)


@dataclass(frozen=True)
class Deleting(Generic[R]):
    """When a list's rows may be deleted: never while `in_use(row)` (told `refusal`); the
    deletion's event keeps `note(row)` (what went with it)."""

    in_use: Callable[[R], bool]
    refusal: str | Promise
    note: Callable[[R], str] | None = None


@dataclass(frozen=True, kw_only=True)
class EditableList(Generic[R]):
    """One list kept by hand. Its methods are its services: each checks who may act (the
    `keepers`; None leaves it to the caller's access policy), runs in one transaction, locks
    the row it changes and writes one audit event `<action>.created|updated|activated|
    deactivated|deleted`."""

    model: type[R]
    action: str  # the audit prefix: "category" → "category.created", …
    create_fields: tuple[str, ...]
    edit_fields: tuple[str, ...] = ()  # none: the create fields
    keepers: Keepers | None = None
    check: Callable[[R], None] | None = None  # a rule on a row about to be saved (DomainError)
    deactivatable: bool = False  # rows are withdrawn and offered again (their `is_active`)
    deleting: Deleting[R] | None = None  # None: rows are never deleted

    def __post_init__(self) -> None:
        if not self.edit_fields:
            object.__setattr__(self, "edit_fields", self.create_fields)
        _DECLARED.append(self)

    def events(self) -> list[str]:
        """The audit actions the list's services write."""
        endings = ["created", "updated"]
        if self.deactivatable:
            endings += ["activated", "deactivated"]
        if self.deleting is not None:
            endings.append("deleted")
        return [f"{self.action}.{ending}" for ending in endings]

    def may_manage(self, user) -> bool:
        return self.keepers is None or self.keepers.may(user)

    def in_use(self, obj: R) -> bool:
        """Whether `obj` must stay (a page hides its delete button)."""
        return self.deleting is None or self.deleting.in_use(obj)

    def _require(self, actor) -> None:
        if self.keepers is not None:
            self.keepers.require(actor)

    def _valid(self, row: R) -> None:
        if self.check is not None:
            self.check(row)
        row.full_clean()

    @transaction.atomic
    def create(self, *, actor, data: Mapping[str, Any]) -> R:
        """Add a row from the create fields of `data`."""
        self._require(actor)
        return audited_create(
            model=self.model,
            actor=actor,
            action=f"{self.action}.created",
            data=picked(data, self.create_fields),
            check=self.check,
        )

    @transaction.atomic
    def update(
        self, *, actor, obj: R, data: Mapping[str, Any], expected_version: int | None = None
    ) -> R:
        """Change the edit fields of `data`; a versioned row saved since `expected_version`
        is refused with Conflict."""
        self._require(actor)
        return audited_update(
            obj=obj,
            actor=actor,
            action=f"{self.action}.updated",
            data=picked(data, self.edit_fields),
            expected_version=expected_version,
            check=self._valid,
        )

    @transaction.atomic
    def set_active(self, *, actor, obj: R, active: bool) -> R:
        """Offer a row again or stop offering it; what uses it keeps it."""
        self._require(actor)
        if not self.deactivatable:
            raise ActionForbidden()
        return audited_update(
            obj=obj,
            actor=actor,
            action=f"{self.action}.{'activated' if active else 'deactivated'}",
            data={"is_active": active},
        )

    @transaction.atomic
    def delete(self, *, actor, obj: R) -> None:
        """Remove a row nothing needs (else DomainError with the list's refusal)."""
        self._require(actor)
        if self.deleting is None:
            raise ActionForbidden()
        current = locked(obj)
        if self.deleting.in_use(current):
            raise DomainError(str(self.deleting.refusal))
        fields = list(self.create_fields)
        if self.deactivatable:
            fields.append("is_active")
        note = self.deleting.note(current) if self.deleting.note is not None else ""
        audited_delete(
            obj=current, actor=actor, action=f"{self.action}.deleted", fields=fields, note=note
        )
