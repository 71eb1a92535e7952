"""Contracts with their service-level terms: `CONTRACTS.create(actor=, data=)` and
`CONTRACTS.update(actor=, obj=, data=, expected_version=)` (kept by the network administrator
and the PPTK, as the providers and links), and `contract_document_attach` for the scan.

Every term is checked before a contract is saved (`check_contract`): the availability target
is a percentage with at most three decimals; banded restitution has one or more bands, their
`below_percent` strictly falling and their `credit_percent` (0–100) never falling with them;
proportional restitution has none; the cap is a percentage; the period ends on or after its
start, which lies in the fiscal year; the exclusions are known reason codes."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from silajar.contracts.choices import (
    REGISTERED_STATES,
    ContractState,
    NeedState,
    RestitutionMethod,
)
from silajar.contracts.models import Contract
from silajar.core.audit import audit_record
from silajar.core.editing import locked
from silajar.core.errors import Conflict, DomainError
from silajar.core.uploads import KIND_JPEG, KIND_PDF, KIND_PNG, check_upload, store_file
from silajar.providers.choices import Exclusion
from silajar.providers.services.rules import KEEPERS

HUNDRED = Decimal(100)
SCAN_KINDS = (KIND_PDF, KIND_JPEG, KIND_PNG)
CONTRACT_EDIT_FIELDS = (
    "number",
    "need",
    "procurement_method",
    "owner_estimate",
    "value",
    "contract_date",
    "fiscal_year",
    "period_start",
    "period_end",
    "capacity_mbps",
    "monthly_fee",
    "availability_target",
    "min_outage_seconds",
    "max_response_minutes",
    "max_restoration_minutes",
    "restitution_method",
    "restitution_bands",
    "restitution_cap_percent",
    "maintenance_notice_hours",
    "exclusions",
)
# the state is given once, when the contract is created: a draft for the procurement, or one
# of REGISTERED_STATES for a contract signed outside it; afterwards only the workflow moves it
CONTRACT_FIELDS = ("provider", "state", *CONTRACT_EDIT_FIELDS)


def percent(value: Any, *, places: int) -> Decimal | None:
    """`value` as a percentage from 0 to 100 with at most `places` decimals, else None."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not number.is_finite() or not 0 <= number <= HUNDRED:
        return None
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        return None
    return number


def _plain(number: Decimal) -> str:
    """99.500 → "99.5", 5.00 → "5": how a band's numbers are stored."""
    return format(number.normalize(), "f")


def clean_bands(*, method: str, bands: Any) -> list[dict[str, str]]:
    """The restitution bands as stored, highest `below_percent` first (DomainError)."""
    if not isinstance(bands, list):
        raise DomainError(
            _("Give the bands as a list."), fields={"restitution_bands": [_("Not a list.")]}
        )
    if method == RestitutionMethod.PROPORTIONAL:
        if bands:
            raise DomainError(
                _("Proportional restitution has no bands."),
                fields={"restitution_bands": [_("Leave the bands empty, or choose bands.")]},
            )
        return []
    errors: dict[str, list[str]] = {}
    if method == RestitutionMethod.BANDS and not bands:
        errors["restitution_bands"] = [_("Give at least one band.")]
    cleaned = []
    previous: tuple[Decimal, Decimal] | None = None
    for index, band in enumerate(bands):
        where = f"restitution_bands[{index}]"
        if not isinstance(band, dict):
            errors[where] = [_("Each band has below_percent and credit_percent.")]
            continue
        below = percent(band.get("below_percent"), places=3)
        credit = percent(band.get("credit_percent"), places=2)
        if below is None:
            errors[f"{where}.below_percent"] = [_("A percentage from 0 to 100, up to 3 decimals.")]
        if credit is None:
            errors[f"{where}.credit_percent"] = [_("A percentage from 0 to 100, up to 2 decimals.")]
        if below is None or credit is None:
            continue
        if previous is not None and below >= previous[0]:
            errors[f"{where}.below_percent"] = [
                _("Order the bands from the highest availability down, each lower than the last.")
            ]
        elif previous is not None and credit < previous[1]:
            errors[f"{where}.credit_percent"] = [
                _("A lower availability cannot earn a smaller credit than the band before.")
            ]
        previous = (below, credit)
        cleaned.append({"below_percent": _plain(below), "credit_percent": _plain(credit)})
    if errors:
        raise DomainError(_("Check the restitution bands."), fields=errors)
    return cleaned


def check_contract(contract: Contract) -> None:
    """Normalise and check a contract's terms before it is saved (DomainError per input)."""
    errors: dict[str, list[str]] = {}
    contract.number = (contract.number or "").strip()
    if not contract.number:
        errors["number"] = [_("This field is required.")]
    if contract._state.adding and contract.state not in (ContractState.DRAFT, *REGISTERED_STATES):
        errors["state"] = [_("A contract is prepared as a draft or registered as signed.")]
    if contract.provider_id is None and contract.state != ContractState.DRAFT:
        errors["provider"] = [_("Only a draft may wait for its provider.")]
    if contract.need is not None and contract.need.state != NeedState.APPROVED:
        errors["need"] = [_("Only an approved need can be procured.")]
    if contract.period_start and contract.period_end:
        if contract.period_end < contract.period_start:
            errors["period_end"] = [_("The period cannot end before it starts.")]
        if contract.fiscal_year and contract.period_start.year != contract.fiscal_year:
            errors["period_start"] = [_("The period starts in the contract's fiscal year.")]
    target = percent(contract.availability_target, places=3)
    if target is None:
        errors["availability_target"] = [_("A percentage from 0 to 100, up to 3 decimals.")]
    else:
        contract.availability_target = target
    cap = percent(contract.restitution_cap_percent, places=2)
    if cap is None:
        errors["restitution_cap_percent"] = [_("A percentage from 0 to 100, up to 2 decimals.")]
    else:
        contract.restitution_cap_percent = cap
    if contract.restitution_method not in RestitutionMethod.values:
        errors["restitution_method"] = [_("Choose bands or proportional.")]
    exclusions = contract.exclusions if isinstance(contract.exclusions, list) else None
    if exclusions is None or any(code not in Exclusion.values for code in exclusions):
        errors["exclusions"] = [
            _("Choose among: %(codes)s.") % {"codes": ", ".join(Exclusion.values)}
        ]
    else:
        contract.exclusions = [code for code in Exclusion.values if code in exclusions]
    try:
        contract.restitution_bands = clean_bands(
            method=contract.restitution_method, bands=contract.restitution_bands
        )
    except DomainError as error:
        errors.update(error.fields)
    if errors:
        raise DomainError(_("Check the contract's terms."), fields=errors)


CONTRACTS = KEEPERS.declare(
    Contract,
    action="contract",
    create_fields=CONTRACT_FIELDS,
    edit_fields=CONTRACT_EDIT_FIELDS,
    check=check_contract,
)


@transaction.atomic
def contract_document_attach(
    *, actor, contract: Contract, upload, expected_version: int | None = None
) -> Contract:
    """Keep the scan of the signed contract (PDF, JPEG or PNG, checked by its content and
    kept exactly as scanned), replacing the one before; the history names both files."""
    KEEPERS.require(actor)
    try:
        checked = check_upload(upload, allowed=SCAN_KINDS, keep_original=True)
    except DomainError as error:
        raise DomainError(error.message, fields={"document": [error.message]}) from None
    current = locked(contract)
    if expected_version is not None and current.version != int(expected_version):
        raise Conflict()
    before = current.document_name or None
    current.document = store_file(Contract, "document", checked)
    current.document_name = checked.original_name
    current.document_content_type = checked.content_type
    current.version += 1
    current.save(
        update_fields=[
            "document",
            "document_name",
            "document_content_type",
            "version",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="contract.document_attached",
        obj=current,
        changes={"document_name": [before, checked.original_name]},
    )
    return current


@transaction.atomic
def contract_register(*, actor, data: dict[str, Any], document=None) -> Contract:
    """Register a signed contract from `data` with, when given, the scan of it: both or
    neither."""
    contract = CONTRACTS.create(actor=actor, data=data)
    if document is not None:
        contract = contract_document_attach(actor=actor, contract=contract, upload=document)
    return contract


@transaction.atomic
def contract_change(
    *,
    actor,
    contract: Contract,
    data: dict[str, Any],
    document=None,
    expected_version: int | None = None,
) -> Contract:
    """Edit a contract's terms and, when given, replace its scan: both or neither."""
    contract = CONTRACTS.update(
        actor=actor, obj=contract, data=data, expected_version=expected_version
    )
    if document is not None:
        contract = contract_document_attach(actor=actor, contract=contract, upload=document)
    return contract
