"""Exports of the filtered ticket list (CSV and XLSX), Indonesian headers, streamed.

Rows are read with `QuerySet.iterator()`; writing them out (streamed CSV, write-only XLSX,
formulas neutralised) is silajar.core.exports."""

from __future__ import annotations

from silajar.core.exports import ListExport, local_time


def _name(user) -> str:
    return (user.full_name or user.username) if user else ""


COLUMNS = [
    ("Nomor", lambda t: t.number),
    ("Dibuat (WIB)", lambda t: local_time(t.created_at)),
    ("Status", lambda t: str(t.get_state_display())),
    ("Kanal", lambda t: str(t.get_channel_display())),
    ("Pelapor", lambda t: t.reporter_name),
    ("Telepon pelapor", lambda t: t.reporter_phone),
    ("Unit", lambda t: t.reporter_unit),
    ("OPD", lambda t: t.organization.name),
    ("Lokasi", lambda t: str(t.location) if t.location else ""),
    ("Ruang/lantai", lambda t: t.location_detail),
    ("Kategori", lambda t: t.category.name if t.category else ""),
    ("Prioritas", lambda t: str(t.get_priority_display())),
    ("Cakupan", lambda t: str(t.get_scope_display())),
    ("Teknisi", lambda t: _name(t.assigned_to)),
    ("Status SLA", lambda t: str(t.get_sla_status_display())),
    ("Batas respons (WIB)", lambda t: local_time(t.sla_response_due_at)),
    ("Batas penyelesaian (WIB)", lambda t: local_time(t.sla_resolution_due_at)),
    ("Keluhan", lambda t: t.description),
    ("Masalah yang ditemukan", lambda t: t.diagnosis),
    ("Tindakan", lambda t: t.action_taken),
    ("Ditutup (WIB)", lambda t: local_time(t.closed_at)),
]
TICKET_EXPORT = ListExport(
    columns=COLUMNS,
    related=("organization", "location", "category", "assigned_to"),
    stem="tiket",
    sheet="Tiket",
)
