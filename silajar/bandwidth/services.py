"""Changes of a contract's bandwidth distribution, by the network administrator.

Each service locks the contract's row (so two administrators allocating at the same moment
are served one after the other, the second against the first's result), checks the version
of the distribution the actor saw (`expected_version`: a stale one is a Conflict), applies
the change to a copy of the current allocations, checks the whole tree (`rules.check_rows`)
and only then writes a new version with its audit event: one transaction, nothing saved
when refused. Only an active contract takes a distribution (`takes_distribution`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from silajar.bandwidth.access import may_edit_distribution
from silajar.bandwidth.models import Allocation, DistributionVersion
from silajar.bandwidth.rules import Row, check_rows, clean_target
from silajar.bandwidth.selectors import current_version, rows_of
from silajar.contracts.choices import ContractState
from silajar.contracts.models import Contract
from silajar.core.audit import audit_record
from silajar.core.editing import locked
from silajar.core.errors import ActionForbidden, Conflict, DomainError

INPUTS = ("consumer", "kind", "parent", "cir_mbps", "mir_mbps", "priority", "target")
AUDITED = ("consumer", "kind", "parent_key", "cir_mbps", "mir_mbps", "priority", "target")


def takes_distribution(*, contract: Contract) -> bool:
    """Whether the contract's bandwidth may be distributed: only while it is active."""
    return contract.state == ContractState.ACTIVE


def _begin(*, actor, contract: Contract, expected_version: int | None):
    """Lock the contract, refuse who may not edit and a contract that takes no distribution,
    and check the version the actor saw: the locked contract and the current version."""
    if not may_edit_distribution(actor):
        raise ActionForbidden(_("Only the network administrator can change the distribution."))
    contract = locked(contract)
    if not takes_distribution(contract=contract):
        raise Conflict(_("Only an active contract's bandwidth can be distributed."))
    current = current_version(contract=contract)
    seen = current.number if current is not None else 0
    if expected_version is not None and int(expected_version) != seen:
        raise Conflict(
            _(
                "The distribution was changed by someone else in the meantime (it is now "
                "version %(number)s). Reload it and try again."
            )
            % {"number": seen}
        )
    return contract, current


def _commit(
    *,
    actor,
    contract: Contract,
    current: DistributionVersion | None,
    rows: list[Row],
    action: str,
    changes: dict[str, list[Any]],
    note: str,
    focus: int | None = None,
) -> DistributionVersion:
    """Check `rows` and write them as the contract's new current version, audited."""
    check_rows(rows, capacity=contract.capacity_mbps, focus=focus)
    number = (
        DistributionVersion.objects.filter(contract=contract).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    if current is not None:
        DistributionVersion.objects.filter(pk=current.pk).update(is_current=False)
    version = DistributionVersion.objects.create(
        contract=contract, number=number, created_by=actor, note=note[:255], is_current=True
    )
    Allocation.objects.bulk_create(Allocation(version=version, **row.values()) for row in rows)
    audit_record(actor=actor, action=action, obj=version, changes=changes, note=note)
    return version


def _parent_key(value: Any, rows: list[Row]) -> int | None:
    """The parent's key from an input: a key, an allocation, or empty for the top level."""
    if value in (None, ""):
        return None
    key = getattr(value, "key", value)
    try:
        key = int(key)
    except (TypeError, ValueError):
        key = -1
    if key not in {row.key for row in rows}:
        message = _("Choose a parent among this distribution's queues.")
        raise DomainError(message, fields={"parent": [message]})
    return key


def _apply(row: Row, data: Mapping[str, Any], rows: list[Row]) -> None:
    """Set the inputs given in `data` on `row` (keys of INPUTS, `organization`)."""
    for name in ("consumer", "kind"):
        if name in data:
            setattr(row, name, str(data[name] or "").strip())
    for name in ("cir_mbps", "mir_mbps", "priority"):
        if name in data:
            setattr(row, name, _whole(data[name], name))
    if "target" in data:
        row.target = clean_target(data["target"])
    if "parent" in data:
        row.parent_key = _parent_key(data["parent"], rows)
    if "organization" in data:
        organization = data["organization"]
        row.organization_id = getattr(organization, "pk", organization) or None


def _whole(value: Any, name: str) -> int:
    if isinstance(value, bool):
        value = None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0 or str(number) != str(value).strip():
        message = _("A whole number, 0 or more.")
        raise DomainError(message, fields={name: [message]})
    return number


def _audited(row: Row | None) -> dict[str, Any]:
    return {name: getattr(row, name) for name in AUDITED} if row is not None else {}


def _changes(before: Row | None, after: Row | None) -> dict[str, list[Any]]:
    old, new = _audited(before), _audited(after)
    return {
        name: [old.get(name), new.get(name)]
        for name in AUDITED
        if old.get(name) != new.get(name) or name == "consumer"
    }


@transaction.atomic
def allocation_add(
    *, actor, contract: Contract, data: Mapping[str, Any], expected_version: int | None = None
) -> DistributionVersion:
    """Add a consumer's queue (`consumer`, `kind`, `parent`, `cir_mbps`, `mir_mbps`,
    `priority`, `target`, `organization`): a new version of the distribution."""
    contract, current = _begin(actor=actor, contract=contract, expected_version=expected_version)
    rows = rows_of(version=current)
    key = max((row.key for row in rows), default=0) + 1
    row = Row(key=key, consumer="", kind="", cir_mbps=0, mir_mbps=0)
    _apply(row, {"priority": 8, **data}, rows)
    rows.append(row)
    return _commit(
        actor=actor,
        contract=contract,
        current=current,
        rows=rows,
        action="distribution.allocation_added",
        changes=_changes(None, row),
        note="",
        focus=key,
    )


def _find(rows: list[Row], key: int) -> Row:
    for row in rows:
        if row.key == key:
            return row
    raise Conflict(_("This allocation is no longer in the distribution. Reload it."))


@transaction.atomic
def allocation_change(
    *,
    actor,
    contract: Contract,
    key: int,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> DistributionVersion:
    """Change the inputs of the allocation `key` given in `data`: a new version (none when
    nothing changed)."""
    contract, current = _begin(actor=actor, contract=contract, expected_version=expected_version)
    rows = rows_of(version=current)
    row = _find(rows, key)
    before = Row(**row.values())
    _apply(row, data, rows)
    if row.values() == before.values() and current is not None:
        return current
    return _commit(
        actor=actor,
        contract=contract,
        current=current,
        rows=rows,
        action="distribution.allocation_changed",
        changes=_changes(before, row),
        note="",
        focus=key,
    )


@transaction.atomic
def allocation_remove(
    *, actor, contract: Contract, key: int, expected_version: int | None = None
) -> DistributionVersion:
    """Remove the allocation `key`; one with queues under it is refused."""
    contract, current = _begin(actor=actor, contract=contract, expected_version=expected_version)
    rows = rows_of(version=current)
    row = _find(rows, key)
    if any(other.parent_key == key for other in rows):
        raise DomainError(
            _("Remove or move the queues under %(name)s first.") % {"name": row.consumer}
        )
    return _commit(
        actor=actor,
        contract=contract,
        current=current,
        rows=[other for other in rows if other.key != key],
        action="distribution.allocation_removed",
        changes=_changes(row, None),
        note="",
    )


@transaction.atomic
def distribution_restore(
    *, actor, contract: Contract, number: int, expected_version: int | None = None
) -> DistributionVersion:
    """Make a new version equal to the older version `number` (checked again against the
    contract as it is now)."""
    contract, current = _begin(actor=actor, contract=contract, expected_version=expected_version)
    older = DistributionVersion.objects.filter(contract=contract, number=number).first()
    if older is None:
        raise DomainError(_("There is no such version of the distribution."))
    if current is not None and older.pk == current.pk:
        raise Conflict(_("This version is already the one in force."))
    return _commit(
        actor=actor,
        contract=contract,
        current=current,
        rows=rows_of(version=older),
        action="distribution.restored",
        changes={"restored_from": [None, older.number]},
        note=_("Restored from version %(number)s.") % {"number": older.number},
    )
