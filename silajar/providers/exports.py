"""Exports of the providers', links' and provider incidents' lists (CSV and XLSX, Indonesian
headers), streamed through `core.exports` (formulas neutralised)."""

from __future__ import annotations

from silajar.core.exports import ListExport


def _contacts(provider) -> str:
    return "; ".join(
        " ".join(part for part in (c.get("name"), c.get("phone"), c.get("email")) if part)
        for c in provider.contacts
    )


PROVIDER_EXPORT = ListExport(
    columns=[
        ("Nama", "name"),
        ("Singkatan", "short_name"),
        ("Kontak NOC", _contacts),
        ("Tingkat eskalasi", lambda p: str(len(p.escalation))),
        ("Aktif", "is_active"),
    ],
    related=(),
    stem="penyedia-internet",
    sheet="Penyedia",
)
LINK_EXPORT = ListExport(
    columns=[
        ("ID sirkuit", "circuit_id"),
        ("Penyedia", "provider.name"),
        ("Kontrak", "contract.number"),
        ("Jenis", "kind"),
        ("Unduh (Mbps)", "bandwidth_down_mbps"),
        ("Unggah (Mbps)", "bandwidth_up_mbps"),
        ("OPD", "organization.name"),
        ("Lokasi", "location"),
        ("Biaya bulanan (Rp)", "monthly_fee"),
        ("Status", "status"),
        ("Aktif dari", "active_from"),
        ("Aktif sampai", "active_until"),
    ],
    related=("provider", "contract", "organization", "location"),
    stem="tautan-internet",
    sheet="Tautan",
)


def _circuits(incident) -> str:
    return ", ".join(link.circuit_id for link in incident.links.all())


INCIDENT_EXPORT = ListExport(
    columns=[
        ("Nomor", "number"),
        ("Penyedia", "provider"),
        ("Link", _circuits),
        ("Status", "state"),
        ("Sumber", "source"),
        ("Mulai (WIB)", "started_at"),
        ("Dilaporkan (WIB)", "reported_at"),
        ("Melalui", "report_channel"),
        ("Kepada", "report_contact"),
        ("Nomor tiket penyedia", "provider_ticket_ref"),
        ("Ditanggapi (WIB)", "acknowledged_at"),
        ("Pulih (WIB)", "restored_at"),
        ("Penyebab", "cause"),
        ("Tindakan", "action_taken"),
        ("Ditutup (WIB)", "closed_at"),
    ],
    related=("provider",),
    stem="gangguan-internet",
    sheet="Gangguan internet",
    chunk=500,
)
