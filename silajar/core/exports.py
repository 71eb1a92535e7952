"""Streamed list exports (CSV and XLSX) that a spreadsheet opens safely.

Rows come from an iterator and are written out as they come: the CSV is streamed to the client;
the XLSX is built by openpyxl's write-only workbook on a temporary file, so a large export never
sits in memory whole. A cell a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone, translation

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


def local_time(value) -> str:
    """A moment as the office reads it (WIB), or blank."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def cell(record: Any, path: str) -> str:
    """What a list's cell shows of the field at `path` ("provider.name") of `record`: a
    choice by its label, a moment in WIB, a day as YYYY-MM-DD, yes or no as Ya or Tidak, and
    nothing (nor anything on the way) as blank."""
    *through, name = path.split(".")
    for step in through:
        record = getattr(record, step)
        if record is None:
            return ""
    label = getattr(record, f"get_{name}_display", None)
    value = label() if label is not None else getattr(record, name)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    return str(value)


@dataclass(frozen=True)
class ListExport:
    """The export of one procedure's filtered list: its columns (an Indonesian header and
    what the cell shows: the path of a field, as `cell` shows it, or a function of the
    record), the relations read along, the file name's stem and the sheet's title. Rows are
    read with `QuerySet.iterator()`, in chunks."""

    columns: Sequence[tuple[str, str | Callable[[Any], Any]]]
    related: tuple[str, ...]
    stem: str
    sheet: str
    chunk: int = 2000

    @property
    def headers(self) -> list[str]:
        return [header for header, _get in self.columns]

    def rows(self, queryset: QuerySet) -> Iterator[list[str]]:
        """The data rows, labels in Indonesian."""
        queryset = queryset.select_related(*self.related)
        with translation.override("id"):
            for record in queryset.iterator(chunk_size=self.chunk):
                yield [
                    cell(record, get) if isinstance(get, str) else str(get(record) or "")
                    for _header, get in self.columns
                ]

    def filename(self, fmt: str) -> str:
        return f"{self.stem}-{timezone.localtime():%Y%m%d-%H%M}.{fmt}"

    def response(self, queryset: QuerySet, fmt: str) -> HttpResponseBase:
        """The list as `csv` or `xlsx`; any other format is not found."""
        if fmt == "csv":
            return csv_response(self.headers, self.rows(queryset), self.filename("csv"))
        if fmt == "xlsx":
            return xlsx_response(
                self.headers, self.rows(queryset), self.filename("xlsx"), self.sheet
            )
        raise Http404
