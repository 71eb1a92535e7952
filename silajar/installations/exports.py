"""Exports of the filtered list of installation requests (CSV and XLSX), Indonesian headers,
streamed through silajar.core.exports (formulas neutralised)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation

from silajar.core import exports as writer
from silajar.installations.models import InstallationRequest

CHUNK = 500
SHEET = "Pemasangan"


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _day(value) -> str:
    return value.isoformat() if value else ""


def _yes_no(value) -> str:
    return "" if value is None else ("Ya" if value else "Tidak")


COLUMNS = [
    ("Nomor", lambda r: r.number),
    ("Diajukan (WIB)", lambda r: _when(r.created_at)),
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
    ("Batas langkah (WIB)", lambda r: _when(r.step_due_at)),
    ("Langkah terlambat", lambda r: _yes_no(r.step_overdue) if r.is_open else ""),
    ("Alamat IP", lambda r: r.ip_address or ""),
    ("Kecepatan (Mbps)", lambda r: str(r.measured_mbps) if r.measured_mbps is not None else ""),
    ("Ditandatangani oleh", lambda r: r.signer_name),
    ("Ditutup (WIB)", lambda r: _when(r.closed_at)),
]
HEADERS = [header for header, _get in COLUMNS]


def export_rows(installations: QuerySet[InstallationRequest]) -> Iterator[list[str]]:
    """The data rows, labels in Indonesian, read in chunks."""
    installations = installations.select_related("organization", "technician")
    with translation.override("id"):
        for installation in installations.iterator(chunk_size=CHUNK):
            yield [str(get(installation) or "") for _header, get in COLUMNS]


def filename(fmt: str) -> str:
    return f"pemasangan-jaringan-{timezone.localtime():%Y%m%d-%H%M}.{fmt}"


def csv_response(installations: QuerySet[InstallationRequest]) -> StreamingHttpResponse:
    return writer.csv_response(HEADERS, export_rows(installations), filename("csv"))


def xlsx_response(installations: QuerySet[InstallationRequest]) -> FileResponse:
    return writer.xlsx_response(HEADERS, export_rows(installations), filename("xlsx"), SHEET)
