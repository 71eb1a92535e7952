"""Exports of the filtered ticket list (CSV and XLSX), Indonesian headers, streamed.

Rows are read with `QuerySet.iterator()`; writing them out (streamed CSV, write-only XLSX,
formulas neutralised) is silajar.core.exports."""

from __future__ import annotations

from silajar.core.exports import ListExport

COLUMNS = [
    ("Nomor", "number"),
    ("Dibuat (WIB)", "created_at"),
    ("Status", "state"),
    ("Kanal", "channel"),
    ("Pelapor", "reporter_name"),
    ("Telepon pelapor", "reporter_phone"),
    ("Unit", "reporter_unit"),
    ("OPD", "organization.name"),
    ("Lokasi", "location"),
    ("Ruang/lantai", "location_detail"),
    ("Kategori", "category.name"),
    ("Prioritas", "priority"),
    ("Cakupan", "scope"),
    ("Teknisi", "assigned_to"),
    ("Status SLA", "sla_status"),
    ("Batas respons (WIB)", "sla_response_due_at"),
    ("Batas penyelesaian (WIB)", "sla_resolution_due_at"),
    ("Keluhan", "description"),
    ("Masalah yang ditemukan", "diagnosis"),
    ("Tindakan", "action_taken"),
    ("Ditutup (WIB)", "closed_at"),
]
TICKET_EXPORT = ListExport(
    columns=COLUMNS,
    related=("organization", "location", "category", "assigned_to"),
    stem="tiket",
    sheet="Tiket",
)
