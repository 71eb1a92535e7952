"""Exports of the filtered list of installation requests (CSV and XLSX), Indonesian headers,
streamed through silajar.core.exports (formulas neutralised)."""

from __future__ import annotations

from silajar.core.exports import ListExport, cell

COLUMNS = [
    ("Nomor", "number"),
    ("Diajukan (WIB)", "created_at"),
    ("Status", "state"),
    ("OPD", "organization.name"),
    ("Nomor surat", "letter_number"),
    ("Tanggal surat", "letter_date"),
    ("Perihal", "subject"),
    ("Penanda tangan", "signatory_name"),
    ("Kebutuhan", "description"),
    ("Ruang/lantai", "location_detail"),
    ("Titik jaringan", "network_points"),
    ("Access point", "access_points"),
    ("Tanggal diharapkan", "desired_date"),
    ("Teknisi", "technician"),
    ("Batas survei", "survey_due_date"),
    ("Layak dipasang", "adequate"),
    ("Nomor surat balasan", "reply_letter_number"),
    ("Tanggal surat balasan", "reply_letter_date"),
    ("Batas langkah (WIB)", "step_due_at"),
    ("Langkah terlambat", lambda r: cell(r, "step_overdue") if r.is_open else ""),
    ("Alamat IP", "ip_address"),
    ("Kecepatan (Mbps)", "measured_mbps"),
    ("Ditandatangani oleh", "signer_name"),
    ("Ditutup (WIB)", "closed_at"),
]
INSTALLATION_EXPORT = ListExport(
    columns=COLUMNS,
    related=("organization", "technician"),
    stem="pemasangan-jaringan",
    sheet="Pemasangan",
    chunk=500,
)
