"""What the check of a row of any of the inventory's files uses: the spelling of a value
(choices by code or label), the records a file is checked against (`Context`), the cells read
as a choice, a number or a date, a value repeated in the file, and the model's own validation
of the changed record. Nothing is stored here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from silajar.inventory.models import Cable, Device, Port
from silajar.organizations.importexport.checking import RowError, choice_lookup, normalise
from silajar.organizations.models import Location


@dataclass
class Planned:
    """One checked row: the record it changes (None: a new one) and the values to write."""

    row: int
    existing: models.Model | None
    data: dict[str, Any]


@dataclass
class Context:
    """What the rows of one file are checked against (read once per file)."""

    devices: dict[str, Device] = field(default_factory=dict)
    locations: dict[tuple[str, str, str, str], Location] = field(default_factory=dict)
    ports: dict[tuple[str, str], Port] = field(default_factory=dict)
    cables: dict[str, Cable] = field(default_factory=dict)
    seen: dict[Any, int] = field(default_factory=dict)

    @classmethod
    def load(cls, what: str) -> Context:
        context = cls(devices={normalise(d.name): d for d in Device.objects.all()})
        if what == "devices":
            for location in Location.objects.select_related("organization"):
                key = (
                    location.organization.short_name,
                    location.building,
                    location.floor,
                    location.room,
                )
                context.locations[tuple(normalise(k) for k in key)] = location  # type: ignore[index]
        else:
            for port in Port.objects.select_related("device"):
                context.ports[(normalise(port.device.name), normalise(port.name))] = port
        if what == "cables":
            context.cables = {normalise(c.label): c for c in Cable.objects.exclude(label="")}
        return context


def parse_choice(
    number: int, header: str, text: str, choices: type[models.TextChoices], errors: list
) -> str | None:
    """The code of the choice `text` spells (None and an error of row `number` if none)."""
    code = choice_lookup(choices).get(normalise(text))
    if code is None:
        errors.append(
            RowError(
                number,
                header,
                _("“%(value)s” is not allowed here. Use one of: %(codes)s.")
                % {"value": text, "codes": ", ".join(v for v in choices.values if v)},
            )
        )
    return code


def parse_number(number: int, header: str, text: str, errors: list) -> int | None:
    """A whole number of 0 or more (None when empty, or with an error when it is not one)."""
    if not text:
        return None
    try:
        value = int(text)
        if value < 0:
            raise ValueError
    except ValueError:
        errors.append(RowError(number, header, _("Write a whole number.")))
        return None
    return value


def parse_date(number: int, header: str, text: str, errors: list) -> date | None:
    """A date as YYYY-MM-DD or DD-MM-YYYY (None when empty, or with an error)."""
    if not text:
        return None
    for parse in (date.fromisoformat, lambda t: date(*reversed([int(p) for p in t.split("-")]))):
        try:
            return parse(text[:10])
        except (ValueError, TypeError):
            continue
    errors.append(RowError(number, header, _("Write the date as YYYY-MM-DD.")))
    return None


def _model_errors(number: int, headers: dict[str, str], error: ValidationError) -> list[RowError]:
    found = []
    for name, messages in error.message_dict.items():
        column = "" if name == NON_FIELD_ERRORS else headers.get(name, name)
        found.extend(RowError(number, column, message) for message in messages)
    return found


def repeated(number: int, header: str, key: Any, context: Context) -> list[RowError]:
    """An error when `key` was already in an earlier row of the file; else it is noted."""
    if key in context.seen:
        return [
            RowError(
                number,
                header,
                _("The same value is already in row %(row)d.") % {"row": context.seen[key]},
            )
        ]
    context.seen[key] = number
    return []


def validated(
    number: int, headers: dict[str, str], candidate: models.Model, errors: list[RowError]
) -> None:
    """Add the model's own errors for `candidate` to `errors`, for columns not yet reported."""
    reported = {e.column for e in errors}
    try:
        candidate.full_clean(exclude=[n for n, h in headers.items() if h in reported] + ["cable"])
    except ValidationError as error:
        errors.extend(e for e in _model_errors(number, headers, error) if e.column not in reported)
