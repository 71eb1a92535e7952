"""Export of the contracts' list (CSV and XLSX, Indonesian headers) through `core.exports`."""

from __future__ import annotations

from silajar.core.exports import ListExport

CONTRACT_EXPORT = ListExport(
    columns=[
        ("Nomor kontrak", lambda c: c.number),
        ("Penyedia", lambda c: c.provider.name if c.provider else ""),
        ("Tahun anggaran", lambda c: str(c.fiscal_year)),
        ("Periode dari", lambda c: c.period_start.isoformat()),
        ("Periode sampai", lambda c: c.period_end.isoformat()),
        ("Kapasitas (Mbps)", lambda c: str(c.capacity_mbps)),
        ("Biaya bulanan (Rp)", lambda c: str(c.monthly_fee)),
        ("Status", lambda c: str(c.get_state_display())),
        ("Target ketersediaan (%)", lambda c: str(c.availability_target)),
        ("Restitusi", lambda c: str(c.get_restitution_method_display())),
        ("Batas restitusi (%)", lambda c: str(c.restitution_cap_percent)),
    ],
    related=("provider",),
    stem="kontrak-internet",
    sheet="Kontrak",
)
