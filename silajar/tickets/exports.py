"""Exports of the filtered ticket list (CSV and XLSX), Indonesian headers, streamed.

Rows are read with `QuerySet.iterator()`; writing them out (streamed CSV, write-only XLSX,
formulas neutralised) is silajar.core.exports."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation

from silajar.core import exports as writer
from silajar.core.exports import XLSX_CONTENT_TYPE  # noqa: F401 — re-exported for callers
from silajar.tickets.models import Ticket

CHUNK = 2000


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


def export_rows(tickets: QuerySet[Ticket]) -> Iterator[list[str]]:
    """The data rows, labels in Indonesian, read in chunks."""
    tickets = tickets.select_related("organization", "location", "category", "assigned_to")
    with translation.override("id"):
        for ticket in tickets.iterator(chunk_size=CHUNK):
            yield [str(get(ticket) or "") for _header, get in COLUMNS]


def filename(fmt: str) -> str:
    return f"tiket-{timezone.localtime():%Y%m%d-%H%M}.{fmt}"


def csv_response(tickets: QuerySet[Ticket]) -> StreamingHttpResponse:
    return writer.csv_response(HEADERS, export_rows(tickets), filename("csv"))


def write_xlsx(tickets: QuerySet[Ticket], target) -> None:
    """Write the workbook to the file object `target` (rows go to disk as they come)."""
    writer.write_xlsx(HEADERS, export_rows(tickets), target, "Tiket")


def xlsx_response(tickets: QuerySet[Ticket]) -> FileResponse:
    return writer.xlsx_response(HEADERS, export_rows(tickets), filename("xlsx"), "Tiket")
