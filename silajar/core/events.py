"""The history as people read it: each audit event as a sentence, its changes by label.

The audit trail stores codes (`ticket.resolve`, `{"assigned_to": [None, 13]}`); this module turns
an event into what a person reads on a record's page: "Rudi Hartanto resolved ticket
TKT-2026-00012", "Technician: Andi Saputra", states by their label, lists as lists.

Each app declares the sentences of its events in its own `events.py`:

    EVENTS = {
        "ticket.resolve": _("%(actor)s resolved ticket %(object)s"),
    }
    # how one item of a list field reads ("<app_label>.<model>.<field>": item -> str)
    LIST_ITEMS = {"tickets.ticket.checklist": checklist_answer}

and core finds them, as it finds the workflows: core never imports a procedure. A sentence takes
`%(actor)s` (the name stored with the event) and `%(object)s` (the record as it was named then).
Related records are shown by the name stored with the event when it was written
(`AuditEvent.labels`); older events without one show the record's current name, or its id.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any, TypeGuard, cast

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from silajar.core.audit import record_name, related_id
from silajar.core.models import AuditEvent

# The events core writes itself.
EVENTS: Mapping[str, str | Promise] = {
    "calendar.holiday_added": _("%(actor)s added the holiday %(object)s"),
    "calendar.holiday_removed": _("%(actor)s removed the holiday %(object)s"),
}

EMPTY = "—"


@cache
def _declared() -> tuple[dict[str, str | Promise], dict[str, Callable[[Any], str]]]:
    sentences: dict[str, str | Promise] = {}
    items: dict[str, Callable[[Any], str]] = {}
    for config in apps.get_app_configs():
        name = f"{config.name}.events"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:
                continue
            raise
        sentences.update(getattr(module, "EVENTS", {}))
        items.update(getattr(module, "LIST_ITEMS", {}))
    return sentences, items


def sentences() -> dict[str, str | Promise]:
    """{action code: sentence} of every installed app."""
    return _declared()[0]


def sentence(event: AuditEvent) -> str:
    """The event as one sentence in the active language."""
    actor = event.actor_name or gettext("The system")
    template = sentences().get(event.action)
    if template is None:
        return gettext("%(actor)s: %(action)s on %(object)s") % {
            "actor": actor,
            "action": event.action,
            "object": event.object_repr or EMPTY,
        }
    return str(template) % {"actor": actor, "object": event.object_repr or EMPTY}


@dataclass
class Value:
    text: str = ""
    parts: list[str] = field(default_factory=list)  # a list field: one line per item


@dataclass
class Change:
    name: str
    label: str
    before: Value
    after: Value


@dataclass
class Entry:
    """One event as the history shows it."""

    event: AuditEvent
    sentence: str
    changes: list[Change]


def _model(event: AuditEvent) -> type[models.Model] | None:
    if not event.content_type_id:
        return None
    return ContentType.objects.get_for_id(event.content_type_id).model_class()


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if found.concrete else None  # type: ignore[return-value]


def _is_relation(found: models.Field | None) -> TypeGuard[models.Field]:
    return found is not None and bool(found.many_to_one or found.one_to_one)


def _plain_text(value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, dict):
        return " — ".join(
            _plain_text(v) for v in value.values() if v not in (None, "") and not isinstance(v, int)
        )
    return str(value)


def _when(found: models.Field, value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        if isinstance(found, models.DateTimeField):
            moment = datetime.fromisoformat(value)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
        if isinstance(found, models.DateField):
            return formats.date_format(date.fromisoformat(value), "j M Y")
    except ValueError:
        return None
    return None


def _value(
    value: Any, found: models.Field | None, name: str | None, item: Callable[[Any], str] | None
) -> Value:
    if value is None or value == "" or value == []:
        return Value(EMPTY)
    if isinstance(value, list | tuple):
        return Value(parts=[item(v) if item else _plain_text(v) for v in value])
    if _is_relation(found):
        if name:
            return Value(name)
        return Value(f"#{value}" if related_id(found, value) is not None else str(value))
    if found is not None:
        if found.choices:
            return Value(str(dict(found.flatchoices).get(value, value)))
        if (text := _when(found, value)) is not None:
            return Value(text)
    return Value(_plain_text(value))


def _current_names(events: list[AuditEvent]) -> dict[tuple[type, str], str]:
    """The records' current names, for related records of events written without their names
    (one query per related model)."""
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for event in events:
        model = _model(event)
        for name, values in (event.changes or {}).items():
            found = _field(model, name)
            if not _is_relation(found) or name in (event.labels or {}):
                continue
            related = cast(type[models.Model], found.related_model)
            wanted[related] |= {key for v in values if (key := related_id(found, v)) is not None}
    names: dict[tuple[type, str], str] = {}
    for related, ids in wanted.items():
        try:
            records = related._base_manager.filter(pk__in=ids)
            names |= {(related, str(r.pk)): record_name(r) for r in records}
        except (ValueError, TypeError):  # an id of the wrong type: show the id
            continue
    return names


def describe(events: Iterable[AuditEvent]) -> list[Entry]:
    """The events as the history shows them, in the order given."""
    events = list(events)
    current = _current_names(events)
    items = _declared()[1]
    entries = []
    for event in events:
        model = _model(event)
        labels = event.labels or {}
        changes = []
        for name, values in (event.changes or {}).items():
            if not isinstance(values, list | tuple) or len(values) != 2:
                continue
            found = _field(model, name)
            names: list[Any] = [None, None]
            if _is_relation(found):
                stored = labels.get(name) or [None, None]
                related = cast(type[models.Model], found.related_model)
                names = [stored[i] or current.get((related, str(values[i]))) for i in range(2)]
            key = f"{model._meta.label_lower}.{name}" if model is not None else name
            before, after = (_value(values[i], found, names[i], items.get(key)) for i in range(2))
            if before.text == EMPTY and after.text == EMPTY:
                continue  # nothing a reader would see
            label = found.verbose_name if found is not None else name.replace("_", " ")
            changes.append(Change(name, capfirst(str(label)), before, after))
        entries.append(Entry(event, sentence(event), changes))
    return entries


def sees_raw_changes(user) -> bool:
    """Administrators see each event's stored codes as well (the audit trail's permission)."""
    return bool(user and user.is_authenticated and user.has_perm("core.view_auditevent"))
