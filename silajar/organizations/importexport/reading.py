"""An uploaded agency list read as text cells: a CSV or an Excel workbook, within the limits of
size, rows and columns, refused as a whole (ImportFileError) when it cannot be read safely."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from silajar.core.errors import DomainError
from silajar.organizations.importexport.columns import NO, YES

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
# Cells past this column are not read: a sheet can claim (or fill) all 16 384 columns, and
# padding thousands of rows to that width takes gigabytes from a file of a few kilobytes.
MAX_IMPORT_COLUMNS = 64
# An .xlsx is a zip: refuse workbooks that would unpack to far more than any agency list.
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024


class ImportFileError(DomainError):
    """The uploaded file as a whole cannot be read (wrong type, too big, no header…): the
    refusal names the `file` input."""

    def __init__(self, message=None):
        super().__init__(message, fields={"file": [message or self.default_message]})


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
