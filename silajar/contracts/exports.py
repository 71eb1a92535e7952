"""Export of the contracts' list (CSV and XLSX, Indonesian headers) through `core.exports`."""

from __future__ import annotations

from silajar.core.exports import ListExport

CONTRACT_EXPORT = ListExport(
    columns=[
        ("Nomor kontrak", "number"),
        ("Penyedia", "provider.name"),
        ("Tahun anggaran", "fiscal_year"),
        ("Periode dari", "period_start"),
        ("Periode sampai", "period_end"),
        ("Kapasitas (Mbps)", "capacity_mbps"),
        ("Biaya bulanan (Rp)", "monthly_fee"),
        ("Status", "state"),
        ("Target ketersediaan (%)", "availability_target"),
        ("Restitusi", "restitution_method"),
        ("Batas restitusi (%)", "restitution_cap_percent"),
    ],
    related=("provider",),
    stem="kontrak-internet",
    sheet="Kontrak",
)
