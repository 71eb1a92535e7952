"""The procurement's documents as PDFs (WeasyPrint, on the letterhead): the KPA's designation
of the provider (`designation.pdf`, printed from the moment the contract awaits it, for the
KPA to sign) and the handover record (BAST, `bast.pdf`, once the contract is active), signed
by the provider's signer (drawn on screen, or the scan noted) and the office's side."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from silajar.contracts.choices import ContractState
from silajar.contracts.models import Contract
from silajar.core.errors import DomainError
from silajar.documents.dates import day_in_words, long_date
from silajar.documents.pdf import letterhead, render_pdf, stored_image_uri
from silajar.documents.signing import person_block, staff_side

DESIGNATION_STATES = (
    ContractState.AWAITING_DESIGNATION,
    ContractState.DESIGNATED,
    ContractState.INSTALLING,
    ContractState.ACTIVE,
    ContractState.EXPIRED,
)


def _rupiah(amount: int | None) -> str:
    return f"Rp{number_format(amount, force_grouping=True)}" if amount is not None else "-"


def _common(contract: Contract) -> dict:
    return {
        "obj": contract,
        "provider": contract.provider.name if contract.provider else "",
        "period": f"{long_date(contract.period_start)} s.d. {long_date(contract.period_end)}",
        "value": _rupiah(contract.value),
        "owner_estimate": _rupiah(contract.owner_estimate),
        "monthly_fee": _rupiah(contract.monthly_fee),
        "printed_at": long_date(timezone.now(), with_time=True),
    }


def designation_available(contract: Contract) -> bool:
    return contract.state in DESIGNATION_STATES


def render_designation(contract: Contract) -> bytes:
    """The KPA's letter designating the provider (a draft, dotted, until it is designated)."""
    if not designation_available(contract):
        raise DomainError(_("The designation is printed once the contract awaits it."))
    place = letterhead()["place"]
    kpa = person_block(contract.designated_by)
    context = {
        **_common(contract),
        "letter": {
            "number": contract.decision_number or "." * 40,
            "place_date": f"{place}, {long_date(contract.decision_date) or '.' * 30}",
            "nature": "Penting",
            "attachment": "-",
            "subject": "Penetapan Penyedia Layanan Akses Internet",
            "addressee": [contract.provider.name if contract.provider else "." * 40],
            "destination": "Tempat",
            "signature": {"title_lines": ["Kuasa Pengguna Anggaran,"], **kpa},
            "copies": ["Pejabat Pelaksana Teknis Kegiatan (PPTK)"],
        },
    }
    return render_pdf("documents/designation_letter.html", context)


def bast_available(contract: Contract) -> bool:
    return bool(contract.bast_number)


def render_bast(contract: Contract) -> bytes:
    """The handover record (berita acara serah terima) of an activated contract."""
    if not bast_available(contract):
        raise DomainError(_("The handover record exists once the contract is activated."))
    provider_side = {
        "heading": "Pihak Pertama (Penyedia)",
        "image": stored_image_uri(contract.signature),
        "note": "(berita acara bertanda tangan dipindai dan dilampirkan)"
        if contract.signed_form
        else "",
        "name": contract.signer_name,
    }
    context = {
        **_common(contract),
        "opening": day_in_words(contract.bast_date) if contract.bast_date else "",
        "sides": [
            provider_side,
            staff_side(contract.bast_by, "Pihak Kedua (Diskominfo)", completed=True),
        ],
    }
    return render_pdf("documents/bast.html", context)
