"""Exports of the providers' and links' lists (CSV and XLSX, Indonesian headers), streamed
through `core.exports` (formulas neutralised)."""

from __future__ import annotations

from silajar.core.exports import ListExport


def _day(value) -> str:
    return value.isoformat() if value else ""


def _contacts(provider) -> str:
    return "; ".join(
        " ".join(part for part in (c.get("name"), c.get("phone"), c.get("email")) if part)
        for c in provider.contacts
    )


PROVIDER_EXPORT = ListExport(
    columns=[
        ("Nama", lambda p: p.name),
        ("Singkatan", lambda p: p.short_name),
        ("Kontak NOC", _contacts),
        ("Tingkat eskalasi", lambda p: str(len(p.escalation))),
        ("Aktif", lambda p: "Ya" if p.is_active else "Tidak"),
    ],
    related=(),
    stem="penyedia-internet",
    sheet="Penyedia",
)
LINK_EXPORT = ListExport(
    columns=[
        ("ID sirkuit", lambda k: k.circuit_id),
        ("Penyedia", lambda k: k.provider.name),
        ("Kontrak", lambda k: k.contract.number if k.contract_id else ""),
        ("Jenis", lambda k: str(k.get_kind_display())),
        ("Unduh (Mbps)", lambda k: str(k.bandwidth_down_mbps)),
        ("Unggah (Mbps)", lambda k: str(k.bandwidth_up_mbps)),
        ("OPD", lambda k: k.organization.name),
        ("Lokasi", lambda k: str(k.location) if k.location_id else ""),
        ("Biaya bulanan (Rp)", lambda k: str(k.monthly_fee)),
        ("Status", lambda k: str(k.get_status_display())),
        ("Aktif dari", lambda k: _day(k.active_from)),
        ("Aktif sampai", lambda k: _day(k.active_until)),
    ],
    related=("provider", "contract", "organization", "location"),
    stem="tautan-internet",
    sheet="Tautan",
)
