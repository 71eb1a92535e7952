"""Agencies to and from CSV / Excel files.

The file format (Indonesian column headers, one agency per row) is the same for export and
import, so an exported file can be edited and imported back. Import is all-or-nothing: every
row is checked first and nothing is stored when any row is wrong.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from silajar.core.access import visible
from silajar.core.errors import DomainError
from silajar.organizations import services
from silajar.organizations.models import Organization, OrganizationKind

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
# Cells past this column are not read: a sheet can claim (or fill) all 16 384 columns, and
# padding thousands of rows to that width takes gigabytes from a file of a few kilobytes.
MAX_IMPORT_COLUMNS = 64
# An .xlsx is a zip: refuse workbooks that would unpack to far more than any agency list.
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE = "Perangkat Daerah"

# (model field, column header). Headers are part of the file format, not of the UI, so they
# stay Indonesian whatever the user's language.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("short_name", "Singkatan"),
    ("name", "Nama"),
    ("kind", "Jenis"),
    ("address", "Alamat"),
    ("phone", "Telepon"),
    ("email", "Email"),
    ("head_name", "Nama Kepala"),
    ("head_title", "Jabatan Kepala"),
    ("head_nip", "NIP Kepala"),
    ("is_active", "Aktif"),
)
HEADERS: dict[str, str] = dict(COLUMNS)
KEY_FIELD = "short_name"
TRUE_WORDS = frozenset({"ya", "y", "yes", "true", "1", "aktif", "benar"})
FALSE_WORDS = frozenset({"tidak", "t", "no", "n", "false", "0", "nonaktif", "tidak aktif", "salah"})
YES, NO = "Ya", "Tidak"

# Spreadsheet programs run cells starting with these as formulas; a CSV cell starting with
# one (or with the escape character itself) gets a leading apostrophe, removed on import.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
PLAIN_NUMBER = re.compile(r"[+-][0-9 ().-]*")


# --- errors and results ----------------------------------------------------------------------


class ImportFileError(DomainError):
    """The uploaded file as a whole cannot be read (wrong type, too big, no header…)."""


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


@dataclass
class ImportSummary:
    created: list[Organization] = field(default_factory=list)
    updated: list[Organization] = field(default_factory=list)
    unchanged: int = 0


# --- export ----------------------------------------------------------------------------------


def export_values(organization: Organization) -> list[str]:
    """One agency as the cells of an export row, in the order of COLUMNS."""
    values = []
    for name, _header in COLUMNS:
        value = getattr(organization, name)
        if name == "is_active":
            value = YES if value else NO
        values.append("" if value is None else str(value))
    return values


def _csv_safe(value: str) -> str:
    """Escape a cell a spreadsheet program would run as a formula (phone numbers stay)."""
    if value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def export_csv(organizations: Iterable[Organization]) -> bytes:
    """The agencies as a UTF-8 CSV (with a byte-order mark, so Excel shows the accents)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header for _name, header in COLUMNS])
    for organization in organizations:
        writer.writerow([_csv_safe(v) for v in export_values(organization)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(organizations: Iterable[Organization]) -> bytes:
    """The agencies as an Excel workbook; every cell is stored as text, never as a formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append([header for _name, header in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, organization in enumerate(organizations, start=2):
        for column, value in enumerate(export_values(organization), start=1):
            cell = sheet.cell(row=row_number, column=column)
            cell.value = value
            cell.data_type = "s"
    sheet.freeze_panes = "A2"
    for column_cells in sheet.columns:
        width = max(len(str(c.value or "")) for c in column_cells)
        sheet.column_dimensions[column_cells[0].column_letter].width = min(max(width + 2, 10), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(extension: str, day: date) -> str:
    """The download's file name, e.g. perangkat-daerah-20260301.csv."""
    return f"perangkat-daerah-{day:%Y%m%d}.{extension}"


# --- reading an upload -----------------------------------------------------------------------


def read_upload(upload: UploadedFile) -> list[list[str]]:
    """The cells of an uploaded CSV or XLSX file, as text, header row first.

    Raises ImportFileError when the file is too big, of another type, or unreadable."""
    if upload.size is not None and upload.size > MAX_IMPORT_BYTES:
        raise ImportFileError(
            _("The file is too big: at most %(size)s MB is accepted.")
            % {"size": MAX_IMPORT_BYTES // (1024 * 1024)}
        )
    name = (upload.name or "").lower()
    data = upload.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError(
            _("The file is too big: at most %(size)s MB is accepted.")
            % {"size": MAX_IMPORT_BYTES // (1024 * 1024)}
        )
    if name.endswith(".csv"):
        return read_csv(data)
    if name.endswith(".xlsx"):
        return read_xlsx(data)
    raise ImportFileError(_("Upload a .csv or .xlsx file."))


def read_csv(data: bytes) -> list[list[str]]:
    """Rows of a UTF-8 CSV (comma- or semicolon-separated, as Excel saves it in Indonesia)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The file is not a CSV text file in UTF-8. Save it as “CSV UTF-8” and try again.")
        ) from None
    if "\x00" in text:
        raise ImportFileError(_("The file is not a CSV text file."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file cannot be read: %(error)s") % {"error": error}
        ) from None
    return [[_csv_unescape(cell.strip()) for cell in row] for row in rows]


def _csv_unescape(value: str) -> str:
    """Undo _csv_safe (and drop the apostrophe people type to keep leading zeros)."""
    return value[1:] if value.startswith("'") else value


def read_xlsx(data: bytes) -> list[list[str]]:
    """Rows of the first sheet of an Excel workbook (.xlsx), every cell as text."""
    not_a_workbook = _("The file is not an Excel workbook (.xlsx).")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportFileError(not_a_workbook)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise ImportFileError(not_a_workbook) from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ImportFileError(_("The workbook is too big."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a broken workbook
        raise ImportFileError(not_a_workbook) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ImportFileError(not_a_workbook)
        sheet.reset_dimensions()  # the stored dimension may claim the whole grid
        rows = []
        for row in sheet.iter_rows(max_col=MAX_IMPORT_COLUMNS, values_only=True):
            rows.append([_cell_text(value) for value in row])
            if len(rows) > MAX_IMPORT_ROWS + 1:
                break
        return rows
    except ImportFileError:
        raise
    except Exception:  # the sheet is read lazily: a broken one fails while iterating
        raise ImportFileError(not_a_workbook) from None
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    """A workbook cell as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float):
        # Excel keeps numbers as doubles: past 2**53 digits are lost (an NIP typed as a
        # number), so such a value is left in a form that fails validation instead.
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


# --- checking rows ---------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """Compare headers and words ignoring case, underscores and repeated spaces."""
    return " ".join(text.replace("_", " ").split()).casefold()


def header_fields(header: list[str]) -> list[str | None]:
    """The model field of each header cell (None for blank trailing cells).

    Accepts the Indonesian headers of COLUMNS, or the field names, in any case and order.
    Raises ImportFileError for unknown or repeated columns, or a missing "Singkatan"."""
    known: dict[str, str] = {}
    for name, title in COLUMNS:
        known[_normalise(title)] = name
        known[_normalise(name)] = name
    fields: list[str | None] = []
    unknown = []
    for cell in header:
        if not cell.strip():
            fields.append(None)
            continue
        name = known.get(_normalise(cell))
        if name is None:
            unknown.append(cell)
        fields.append(name)
    if unknown:
        raise ImportFileError(
            _("Unknown columns: %(columns)s. Expected columns: %(expected)s.")
            % {
                "columns": ", ".join(unknown),
                "expected": ", ".join(title for _n, title in COLUMNS),
            }
        )
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


def kind_lookup() -> dict[str, str]:
    """Every accepted spelling of an agency kind (code, or label in any UI language) → code."""
    lookup: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, label in OrganizationKind.choices:
                lookup[_normalise(str(label))] = code
    for code in OrganizationKind.values:
        lookup[_normalise(code)] = code
    return lookup


def parse_active(text: str) -> bool | None:
    """Ya/Tidak (or yes/no, true/false, 1/0) → bool; blank → None (keep as it is)."""
    word = _normalise(text)
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
            code = kinds.get(_normalise(text))
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

    kinds = kind_lookup()
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


# --- the whole import ------------------------------------------------------------------------


def apply_plan(*, actor, plan: list[PlannedRow]) -> ImportSummary:
    """Store checked rows in one transaction; each created/changed agency gets its audit event."""
    summary = ImportSummary()
    try:
        with transaction.atomic():
            for planned in plan:
                if not planned.changed:
                    summary.unchanged += 1
                    continue
                organization, created = services.organization_upsert_by_short_name(
                    actor=actor, data=planned.data
                )
                (summary.created if created else summary.updated).append(organization)
    except (IntegrityError, ValidationError):
        # Someone changed the agencies between the check and the save.
        raise ImportRejected(
            [RowError(0, "", _("The agencies changed while importing. Try again."))]
        ) from None
    return summary


def import_organizations(*, actor, upload: UploadedFile) -> ImportSummary:
    """Read, check and store an uploaded agency list: all rows, or none.

    Raises ImportFileError (the file as a whole) or ImportRejected (row errors)."""
    plan = check_rows(actor=actor, rows=read_upload(upload))
    return apply_plan(actor=actor, plan=plan)


def organizations_for_export(queryset: QuerySet[Organization]) -> QuerySet[Organization]:
    """The columns an export needs, in a stable order."""
    return queryset.order_by("name", "pk").only(*(name for name, _h in COLUMNS))


def summary_message(summary: ImportSummary) -> str:
    """What an import did, for the message shown after it."""
    return _(
        "Import finished. Created: %(created)d; updated: %(updated)d; unchanged: %(unchanged)d."
    ) % {
        "created": len(summary.created),
        "updated": len(summary.updated),
        "unchanged": summary.unchanged,
    }
