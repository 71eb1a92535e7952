"""The procurement of a contract (SOP 4, `workflows.CONTRACT_FLOW`): one service per action,
and the worker's part (expiry at the period's end, the reminders before it).

The PPTK prepares a draft (`CONTRACTS.create` with `state` draft: `provider` may still be
empty) and submits it to the KPA with its approved need, method and owner's estimate; the KPA
designates the provider with the decision's number, date and letter (PDF); the provider fills
the installation checklist; the network administrator or the PPTK activates the contract with
the handover record (BAST) signed by the provider, drawn on screen or as a scan, numbered from
the official letter sequence (`settings.SILAJAR_BAST_PATTERN`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silajar.accounts.models import User
from silajar.contracts.choices import REMINDER_DAYS, ContractState
from silajar.contracts.models import Contract
from silajar.contracts.workflows import CONTRACT_FLOW
from silajar.core.editing import audited_set
from silajar.core.errors import DomainError
from silajar.core.jobs import enqueue
from silajar.core.letters import letter_number_next
from silajar.core.signatures import checked_sign_off
from silajar.core.uploads import KIND_PDF, check_upload, store_file
from silajar.providers.models import Provider

BAST_SERIES = "bast"


def _announce(event: str, contract: Contract) -> Callable[[], object]:
    """After the commit: tell the people concerned (`contracts.notify`), keyed by the version
    the action gave the contract (`apply` refreshes `contract`)."""
    return lambda: enqueue("contracts.announce", event, contract.pk, contract.version)


def contract_submit(*, contract: Contract, actor: User, version: int | None = None) -> Contract:
    return CONTRACT_FLOW.apply(
        obj=contract,
        action="submit",
        actor=actor,
        version=version,
        on_commit=[_announce("submitted", contract)],
    )


def contract_designate(
    *,
    contract: Contract,
    actor: User,
    provider: Provider | int,
    decision_number: str,
    decision_date: date,
    decision_letter=None,
    version: int | None = None,
) -> Contract:
    """The KPA designates the provider, with the decision's number and date and, when given,
    the signed decision letter (a PDF, checked by its content)."""
    CONTRACT_FLOW.check(contract, "designate", actor)  # refuse before storing anything
    errors: dict[str, list[str]] = {}
    chosen = Provider.objects.filter(
        pk=provider.pk if isinstance(provider, Provider) else provider
    ).first()
    if chosen is None:
        errors["provider"] = [_("Choose the provider.")]
    number = (decision_number or "").strip()
    if not number:
        errors["decision_number"] = [_("This field is required.")]
    if not decision_date:
        errors["decision_date"] = [_("This field is required.")]
    checked = None
    if decision_letter:
        try:
            checked = check_upload(decision_letter, allowed=(KIND_PDF,), keep_original=True)
        except DomainError as error:
            errors["decision_letter"] = [str(error.message)]
    if errors:
        raise DomainError(_("Check the designation."), fields=errors)
    with transaction.atomic():
        changes: dict[str, Any] = {
            "provider": chosen,
            "decision_number": number,
            "decision_date": decision_date,
            "designated_by": actor,
        }
        if checked is not None:
            changes["decision_letter"] = store_file(Contract, "decision_letter", checked)
        return CONTRACT_FLOW.apply(
            obj=contract,
            action="designate",
            actor=actor,
            version=version,
            changes=changes,
            on_commit=[_announce("designated", contract)],
        )


def contract_start_installation(
    *, contract: Contract, actor: User, version: int | None = None
) -> Contract:
    return CONTRACT_FLOW.apply(
        obj=contract, action="start_installation", actor=actor, version=version
    )


def contract_record_checklist(
    *,
    contract: Contract,
    actor: User,
    links_up: bool,
    addresses_handed_over: str = "",
    test_results: str = "",
    version: int | None = None,
) -> Contract:
    """The provider's installation checklist: links up, the addresses handed over, the test
    results (filled in as the work goes; the BAST waits for all three)."""
    return CONTRACT_FLOW.apply(
        obj=contract,
        action="record_checklist",
        actor=actor,
        version=version,
        changes={
            "links_up": bool(links_up),
            "addresses_handed_over": (addresses_handed_over or "").strip(),
            "test_results": (test_results or "").strip(),
            "checklist_by": actor,
        },
    )


def contract_activate(
    *,
    contract: Contract,
    actor: User,
    signer_name: str,
    signature: str = "",
    signed_form=None,
    version: int | None = None,
) -> Contract:
    """The handover (BAST): the provider's signer signs on screen or the scan of the paper
    record is kept; the office's side is the actor. The BAST takes its official number."""
    CONTRACT_FLOW.check(contract, "activate", actor)  # refuse before storing anything
    field, checked = checked_sign_off(
        signer_name=signer_name, signature=signature, signed_form=signed_form
    )
    today = timezone.localdate()
    with transaction.atomic():
        stored = store_file(Contract, field, checked)
        return CONTRACT_FLOW.apply(
            obj=contract,
            action="activate",
            actor=actor,
            version=version,
            changes={
                "signer_name": signer_name.strip(),
                field: stored,
                "bast_by": actor,
                "bast_date": today,
                "bast_number": letter_number_next(
                    BAST_SERIES, day=today, pattern=settings.SILAJAR_BAST_PATTERN
                ),
            },
            on_commit=[_announce("activated", contract)],
        )


def contract_terminate(
    *, contract: Contract, actor: User, reason: str, version: int | None = None
) -> Contract:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason."), fields={"reason": [_("This field is required.")]})
    return CONTRACT_FLOW.apply(
        obj=contract,
        action="terminate",
        actor=actor,
        version=version,
        changes={"termination_reason": reason},
        note=reason,
    )


# --- the worker ---------------------------------------------------------------------------------


def contracts_expire(*, today: date | None = None) -> int:
    """Active contracts whose period is over become expired (the system's event
    `contract.expired`, outside the table: no one fires it). Returns how many."""
    today = today or timezone.localdate()
    ended = Contract.objects.filter(state=ContractState.ACTIVE, period_end__lt=today)
    count = 0
    for pk in list(ended.values_list("pk", flat=True)[:1000]):
        with transaction.atomic():
            contract = (
                Contract.objects.select_for_update()
                .filter(pk=pk, state=ContractState.ACTIVE, period_end__lt=today)
                .first()
            )
            if contract is None:
                continue
            audited_set(
                obj=contract,
                actor=None,
                action="contract.expired",
                values={"state": ContractState.EXPIRED},
                bump_version=True,
            )
            count += 1
    return count


def reminders_due(*, today: date | None = None) -> list[tuple[int, int]]:
    """(contract, days) of every active contract ending in at most 90, 60 or 30 days: the
    smallest mark reached (a contract 25 days from its end is at the 30-day mark; the 90 and
    60 days' reminders, once missed, are not sent late)."""
    today = today or timezone.localdate()
    due = []
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    rows = Contract.objects.filter(
        state=ContractState.ACTIVE, period_end__gte=today, period_end__lte=horizon
    ).values_list("pk", "period_end")
    for pk, end in rows:
        left = (end - today).days
        due.append((pk, min(mark for mark in REMINDER_DAYS if left <= mark)))
    return due
