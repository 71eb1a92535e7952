"""Every row of an agency list checked before anything is stored: its columns understood, its
values as the model's full_clean takes them, no repeats within the file, and only agencies the
importing user may change; the result is a plan of what each row would write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from silajar.core.access import visible
from silajar.core.errors import DomainError
from silajar.organizations.importexport.columns import (
    COLUMNS,
    FALSE_WORDS,
    HEADERS,
    KEY_FIELD,
    NO,
    TRUE_WORDS,
    YES,
)
from silajar.organizations.importexport.reading import MAX_IMPORT_ROWS, ImportFileError
from silajar.organizations.models import Organization, OrganizationKind


@dataclass(frozen=True)
class RowError:
    row: int  # as numbered by a spreadsheet program: the header is row 1
    column: str  # the column header, or "" for the row as a whole
    message: str


class ImportRejected(DomainError):
    """Some rows are wrong; nothing was stored."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(
            ngettext(
                "%(count)d problem found; nothing was imported.",
                "%(count)d problems found; nothing was imported.",
                len(errors),
            )
            % {"count": len(errors)}
        )


@dataclass
class PlannedRow:
    """One checked row: what to write, and whether it creates or changes an agency."""

    row: int
    data: dict[str, Any]
    existing: Organization | None
    changed: bool


def normalise(text: str) -> str:
    """A header or a cell as compared: case, underscores and repeated spaces ignored."""
    return " ".join(str(text).replace("_", " ").split()).casefold()


def column_fields(header: list[str], columns) -> list[str | None]:
    """The field of each header cell among `columns` ((field, title) pairs), named by its
    title or its field in any case (None for a blank cell). Raises ImportFileError naming
    every unknown column."""
    known: dict[str, str] = {}
    for name, title in columns:
        known[normalise(title)] = name
        known[normalise(name)] = name
    fields: list[str | None] = []
    unknown = []
    for cell in header:
        name = known.get(normalise(cell)) if cell.strip() else None
        if cell.strip() and name is None:
            unknown.append(cell)
        fields.append(name)
    if unknown:
        raise ImportFileError(
            _("Unknown columns: %(columns)s. Expected columns: %(expected)s.")
            % {
                "columns": ", ".join(unknown),
                "expected": ", ".join(title for _n, title in columns),
            }
        )
    return fields


def header_fields(header: list[str]) -> list[str | None]:
    """The model field of each header cell (None for blank trailing cells).

    Accepts the Indonesian headers of COLUMNS, or the field names, in any case and order.
    Raises ImportFileError for unknown or repeated columns, or a missing "Singkatan"."""
    fields = column_fields(header, COLUMNS)
    named = [f for f in fields if f]
    repeated = {f for f in named if named.count(f) > 1}
    if repeated:
        raise ImportFileError(
            _("Columns appear twice: %(columns)s.")
            % {"columns": ", ".join(HEADERS[f] for f in sorted(repeated))}
        )
    if KEY_FIELD not in named:
        raise ImportFileError(
            _("The column “%(column)s” is required.") % {"column": HEADERS[KEY_FIELD]}
        )
    return fields


def choice_lookup(choices: type[models.TextChoices]) -> dict[str, str]:
    """Every accepted spelling of a choice (code, or label in any UI language) → code."""
    lookup: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, label in choices.choices:
                lookup[normalise(str(label))] = code
    for code in choices.values:
        lookup[normalise(code)] = code
    return lookup


def parse_active(text: str) -> bool | None:
    """Ya/Tidak (or yes/no, true/false, 1/0) → bool; blank → None (keep as it is)."""
    word = normalise(text)
    if not word:
        return None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(word)


def _field_errors(row: int, error: ValidationError) -> list[RowError]:
    """A model ValidationError as row errors named by column header."""
    errors = []
    for name, messages in error.message_dict.items():
        column = "" if name == NON_FIELD_ERRORS else HEADERS.get(name, name)
        errors.extend(RowError(row, column, message) for message in messages)
    return errors


def row_data(
    number: int, fields: list[str | None], row: list[str], kinds: dict[str, str]
) -> tuple[dict[str, Any], list[RowError]]:
    """The model values of one row (only its columns), and the errors of cells not understood."""
    data: dict[str, Any] = {}
    errors: list[RowError] = []
    for index, name in enumerate(fields):
        if name is None:
            continue
        text = row[index].strip() if index < len(row) else ""
        if name == "kind":
            code = kinds.get(normalise(text))
            if code is None:
                message = _("“%(value)s” is not a kind of agency. Use one of: %(kinds)s.") % {
                    "value": text,
                    "kinds": ", ".join(OrganizationKind.values),
                }
                errors.append(RowError(number, HEADERS[name], message))
            else:
                data[name] = code
        elif name == "is_active":
            try:
                active = parse_active(text)
            except ValueError:
                message = _("Write “%(yes)s” or “%(no)s”.") % {"yes": YES, "no": NO}
                errors.append(RowError(number, HEADERS[name], message))
            else:
                if active is not None:
                    data[name] = active
        else:
            data[name] = text
    return data, errors


def check_rows(*, actor, rows: list[list[str]]) -> list[PlannedRow]:
    """Check every data row of a table (header first) and plan what each would write.

    Each row must pass the model's full_clean (as the agency it updates, matched by short name,
    or as a new one), name and short name must not repeat within the file, and an agency to
    update must be one the access module lets `actor` change.

    Raises ImportFileError for a file without rows or with too many, and ImportRejected with
    every row error (row numbers as in the spreadsheet) when any row is wrong."""
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ImportFileError(_("The file is empty: the first row must hold the column names."))
    fields = header_fields(rows[0])
    body = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(c for c in row)]
    if not body:
        raise ImportFileError(_("The file has column names but no agencies."))
    if len(body) > MAX_IMPORT_ROWS:
        raise ImportFileError(
            _("The file has too many rows: at most %(count)d agencies are accepted.")
            % {"count": MAX_IMPORT_ROWS}
        )

    kinds = choice_lookup(OrganizationKind)
    changeable = set(visible(actor, Organization, "change").values_list("pk", flat=True))
    existing_by_key = {o.short_name.casefold(): o for o in Organization.objects.all()}
    seen: dict[str, dict[str, int]] = {"short_name": {}, "name": {}}
    errors: list[RowError] = []
    plan: list[PlannedRow] = []

    for number, row in body:
        data, row_errors = row_data(number, fields, row, kinds)
        for unique in ("short_name", "name"):
            value = str(data.get(unique, "")).casefold()
            if value in seen[unique]:
                message = _("The same value is already in row %(row)d.") % {
                    "row": seen[unique][value]
                }
                row_errors.append(RowError(number, HEADERS[unique], message))
            elif value:
                seen[unique][value] = number

        key = str(data.get(KEY_FIELD, "")).casefold()
        existing = existing_by_key.get(key) if key else None
        if existing is not None and existing.pk not in changeable:
            row_errors.append(RowError(number, "", _("You may not change this agency.")))
        candidate = Organization.objects.get(pk=existing.pk) if existing else Organization()
        for name, value in data.items():
            setattr(candidate, name, value)
        reported = {e.column for e in row_errors}
        try:
            candidate.full_clean(exclude=[n for n, h in COLUMNS if h in reported])
        except ValidationError as error:
            row_errors.extend(e for e in _field_errors(number, error) if e.column not in reported)

        if row_errors:
            errors.extend(row_errors)
            continue
        changed = existing is None or any(
            getattr(existing, name) != value for name, value in data.items()
        )
        plan.append(PlannedRow(row=number, data=data, existing=existing, changed=changed))

    if errors:
        raise ImportRejected(errors)
    return plan
