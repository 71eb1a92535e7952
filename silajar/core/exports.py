"""Streamed list exports (CSV and XLSX) that a spreadsheet opens safely.

Rows come from an iterator and are written out as they come: the CSV is streamed to the client;
the XLSX is built by openpyxl's write-only workbook on a temporary file, so a large export never
sits in memory whole. A cell a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence

from django.http import FileResponse, StreamingHttpResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A cell that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if value and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # BOM, so spreadsheet programs read UTF-8
    yield writer.writerow(headers)
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])


def csv_response(
    headers: Sequence[str], rows: Iterable[Sequence[str]], filename: str
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(headers, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def write_xlsx(
    headers: Sequence[str], rows: Iterable[Sequence[str]], target, sheet_title: str
) -> None:
    """Write the workbook to the file object `target` (write-only mode: rows go to disk)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    bold = Font(bold=True)
    header = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        # text cells, never formulas: openpyxl stores a leading "=" as a formula otherwise
        sheet.append([neutralise(cell) for cell in row])
    workbook.save(target)


def xlsx_response(
    headers: Sequence[str], rows: Iterable[Sequence[str]], filename: str, sheet_title: str
) -> FileResponse:
    target = tempfile.TemporaryFile()  # noqa: SIM115 — closed by FileResponse
    write_xlsx(headers, rows, target, sheet_title)
    target.seek(0)
    return FileResponse(
        target, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )
