"""Exports of the filtered list of installation requests (CSV and XLSX), Indonesian headers,
streamed through silajar.core.exports (formulas neutralised)."""

from __future__ import annotations

from silajar.core.exports import ListExport, local_time


def _day(value) -> str:
    return value.isoformat() if value else ""


def _yes_no(value) -> str:
    return "" if value is None else ("Ya" if value else "Tidak")


COLUMNS = [
    ("Nomor", lambda r: r.number),
    ("Diajukan (WIB)", lambda r: local_time(r.created_at)),
    ("Status", lambda r: str(r.get_state_display())),
    ("OPD", lambda r: r.organization.name),
    ("Nomor surat", lambda r: r.letter_number),
    ("Tanggal surat", lambda r: _day(r.letter_date)),
    ("Perihal", lambda r: r.subject),
    ("Penanda tangan", lambda r: r.signatory_name),
    ("Kebutuhan", lambda r: r.description),
    ("Ruang/lantai", lambda r: r.location_detail),
    ("Titik jaringan", lambda r: str(r.network_points)),
    ("Access point", lambda r: str(r.access_points)),
    ("Tanggal diharapkan", lambda r: _day(r.desired_date)),
    (
        "Teknisi",
        lambda r: (r.technician.full_name or r.technician.username) if r.technician else "",
    ),
    ("Batas survei", lambda r: _day(r.survey_due_date)),
    ("Layak dipasang", lambda r: _yes_no(r.adequate)),
    ("Nomor surat balasan", lambda r: r.reply_letter_number),
    ("Tanggal surat balasan", lambda r: _day(r.reply_letter_date)),
    ("Batas langkah (WIB)", lambda r: local_time(r.step_due_at)),
    ("Langkah terlambat", lambda r: _yes_no(r.step_overdue) if r.is_open else ""),
    ("Alamat IP", lambda r: r.ip_address or ""),
    ("Kecepatan (Mbps)", lambda r: str(r.measured_mbps) if r.measured_mbps is not None else ""),
    ("Ditandatangani oleh", lambda r: r.signer_name),
    ("Ditutup (WIB)", lambda r: local_time(r.closed_at)),
]
INSTALLATION_EXPORT = ListExport(
    columns=COLUMNS,
    related=("organization", "technician"),
    stem="pemasangan-jaringan",
    sheet="Pemasangan",
    chunk=500,
)
