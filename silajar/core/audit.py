"""Writing and reading the audit trail."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet

from silajar.core.calendar import local_day_start
from silajar.core.middleware import client_address
from silajar.core.models import AuditEvent


def _plain(value: Any) -> Any:
    """A JSON-friendly form of a field value."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str | dict):
        return value
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Field values of `obj`, to diff against after a change."""
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attribute = name
        if isinstance(field, models.Field) and field.is_relation:
            attribute = field.attname  # a foreign key's stored id (`agency_id`), not the object
        values[name] = getattr(obj, attribute)
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value changed."""
    return {
        name: [_plain(before.get(name)), _plain(value)]
        for name, value in after.items()
        if before.get(name) != value
    }


def record_name(record: models.Model) -> str:
    """How a related record is named in the history: a person by their full name."""
    full_name = getattr(record, "get_full_name", None)
    return (full_name() if callable(full_name) else "") or str(record)


def related_id(field: models.Field, value: Any) -> Any:
    """`value` as an id of `field`'s related model, or None when it is not one (callers that
    stored a record's name in its place)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return field.target_field.to_python(value)  # type: ignore[attr-defined]
    except (ValidationError, ValueError, TypeError):
        return None


def _relation(obj: models.Model, name: str) -> models.ForeignKey | None:
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.concrete and (field.many_to_one or field.one_to_one):
        return field  # type: ignore[return-value]
    return None


def _names_at_the_time(
    obj: models.Model, changes: dict[str, list[Any]]
) -> tuple[dict[str, list[Any]], dict[str, list[str | None]]]:
    """The changes with related records as their ids, and {field: [name, name]} beside them:
    the names as they are now, when the event is written, so that a later rename does not
    rewrite the history."""
    ids: dict[str, list[Any]] = {}
    labels: dict[str, list[str | None]] = {}
    for name, values in changes.items():
        field = _relation(obj, name)
        if field is None:
            continue
        known: dict[str, str] = {}
        pair = []
        for value in values:
            if isinstance(value, models.Model):
                known[str(value.pk)] = record_name(value)
                value = value.pk
            pair.append(value)
        if field.is_cached(obj):
            current = getattr(obj, name)
            if current is not None:
                known.setdefault(str(current.pk), record_name(current))
        wanted = {
            key for v in pair if (key := related_id(field, v)) is not None and str(v) not in known
        }
        if wanted:
            related = cast(type[models.Model], field.related_model)
            for record in related._base_manager.filter(pk__in=wanted):
                known[str(record.pk)] = record_name(record)
        ids[name] = pair
        labels[name] = [
            None if v is None else known.get(str(v), None if related_id(field, v) else str(v))
            for v in pair
        ]
    return ids, labels


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
) -> AuditEvent:
    """Write one audit event. Must run inside the transaction of the change it records."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must be called inside the change's transaction")
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    changes = dict(changes or {})
    labels: dict[str, list[str | None]] = {}
    if obj is not None and changes:
        related, labels = _names_at_the_time(obj, changes)
        changes |= related
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=(actor.get_full_name() or actor.get_username()) if actor else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        changes={k: [_plain(v[0]), _plain(v[1])] for k, v in changes.items()},
        labels=labels,
        note=note,
        ip_address=client_address.get(),
    )


def audit_timeline(obj: models.Model) -> QuerySet[AuditEvent]:
    """The events of one object, newest first."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")


def audit_search(
    *,
    q: str = "",
    action: str = "",
    actor_id: int | None = None,
    content_type_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """Administrators' search over the whole trail (the caller checks the permission)."""
    events = AuditEvent.objects.select_related("actor", "content_type")
    if q:
        events = events.filter(
            models.Q(object_repr__icontains=q)
            | models.Q(actor_name__icontains=q)
            | models.Q(note__icontains=q)
            | models.Q(object_id=q)
        )
    if action:
        events = events.filter(action=action)
    if actor_id:
        events = events.filter(actor_id=actor_id)
    if content_type_id:
        events = events.filter(content_type_id=content_type_id)
    # Day bounds in local time, compared on the indexed column itself.
    if date_from:
        events = events.filter(created_at__gte=local_day_start(date_from))
    if date_to:
        events = events.filter(created_at__lt=local_day_start(date_to + timedelta(days=1)))
    return events
