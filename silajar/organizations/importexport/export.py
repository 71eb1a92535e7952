"""Agencies written as CSV or Excel in the format of `columns`, safe to open in a spreadsheet
program (no cell runs as a formula)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.styles import Font

from silajar.organizations.importexport.columns import COLUMNS, NO, YES
from silajar.organizations.models import Organization

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE = "Perangkat Daerah"
# Spreadsheet programs run cells starting with these as formulas; a CSV cell starting with
# one (or with the escape character itself) gets a leading apostrophe, removed on import.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
PLAIN_NUMBER = re.compile(r"[+-][0-9 ().-]*")


def organizations_for_export(queryset: QuerySet[Organization]) -> QuerySet[Organization]:
    """The columns an export needs, in a stable order."""
    return queryset.order_by("name", "pk").only(*(name for name, _h in COLUMNS))


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
