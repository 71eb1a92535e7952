"""Exports of the filtered ticket list (CSV and XLSX), Indonesian headers, streamed.

Rows are read with `QuerySet.iterator()` and written out as they come: the CSV is streamed to
the client; the XLSX is built by openpyxl's write-only workbook on a temporary file, so a large
export never sits in memory whole."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation

from silajar.tickets.models import Ticket

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _name(user) -> str:
    return (user.full_name or user.username) if user else ""


COLUMNS = [
    ("Nomor", lambda t: t.number),
    ("Dibuat (WIB)", lambda t: _when(t.created_at)),
    ("Status", lambda t: str(t.get_state_display())),
    ("Kanal", lambda t: str(t.get_channel_display())),
    ("Pelapor", lambda t: t.reporter_name),
    ("Telepon pelapor", lambda t: t.reporter_phone),
    ("Unit", lambda t: t.reporter_unit),
    ("OPD", lambda t: t.organization.name),
    ("Lokasi", lambda t: str(t.location) if t.location else ""),
    ("Kategori", lambda t: t.category.name if t.category else ""),
    ("Prioritas", lambda t: str(t.get_priority_display())),
    ("Cakupan", lambda t: str(t.get_scope_display())),
    ("Teknisi", lambda t: _name(t.assigned_to)),
    ("Status SLA", lambda t: str(t.get_sla_status_display())),
    ("Batas respons (WIB)", lambda t: _when(t.sla_response_due_at)),
    ("Batas penyelesaian (WIB)", lambda t: _when(t.sla_resolution_due_at)),
    ("Keluhan", lambda t: t.description),
    ("Masalah yang ditemukan", lambda t: t.diagnosis),
    ("Tindakan", lambda t: t.action_taken),
    ("Ditutup (WIB)", lambda t: _when(t.closed_at)),
]
HEADERS = [header for header, _get in COLUMNS]


def neutralise(value: str) -> str:
    """A cell that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if value and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def export_rows(tickets: QuerySet[Ticket]) -> Iterator[list[str]]:
    """The data rows, labels in Indonesian, read in chunks."""
    tickets = tickets.select_related("organization", "location", "category", "assigned_to")
    with translation.override("id"):
        for ticket in tickets.iterator(chunk_size=CHUNK):
            yield [str(get(ticket) or "") for _header, get in COLUMNS]


class _Echo:
    def write(self, value):
        return value


def _csv_lines(rows: Iterable[list[str]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # BOM, so spreadsheet programs read UTF-8
    yield writer.writerow(HEADERS)
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])


def filename(fmt: str) -> str:
    return f"tiket-{timezone.localtime():%Y%m%d-%H%M}.{fmt}"


def csv_response(tickets: QuerySet[Ticket]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _csv_lines(export_rows(tickets)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename("csv")}"'
    return response


def write_xlsx(tickets: QuerySet[Ticket], target) -> None:
    """Write the workbook to the file object `target` (write-only mode: rows go to disk)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Tiket")
    bold = Font(bold=True)
    header = []
    for text in HEADERS:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in export_rows(tickets):
        # text cells, never formulas: openpyxl stores a leading "=" as a formula otherwise
        sheet.append([neutralise(cell) for cell in row])
    workbook.save(target)


def xlsx_response(tickets: QuerySet[Ticket]) -> FileResponse:
    target = tempfile.TemporaryFile()  # noqa: SIM115 — closed by FileResponse
    write_xlsx(tickets, target)
    target.seek(0)
    return FileResponse(
        target, as_attachment=True, filename=filename("xlsx"), content_type=XLSX_CONTENT_TYPE
    )
