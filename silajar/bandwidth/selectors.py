"""Reading distributions: the contracts a user may see with their current version, a
version's tree with its sums, and the comparison of two versions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery

from silajar.bandwidth.models import DistributionVersion
from silajar.bandwidth.rules import FIELDS, Row, oversubscription, tree_order
from silajar.contracts.models import Contract
from silajar.core.access import visible

COMPARED = ("consumer", "kind", "parent", "cir_mbps", "mir_mbps", "priority", "target")


def current_version(*, contract: Contract) -> DistributionVersion | None:
    """The version in force of the contract's distribution (None before the first)."""
    return DistributionVersion.objects.filter(contract=contract, is_current=True).first()


def rows_of(*, version: DistributionVersion | None) -> list[Row]:
    """The allocations of `version` as the rules see them."""
    if version is None:
        return []
    return [Row(**values) for values in version.allocations.order_by("key").values(*FIELDS)]


def distributed_contracts(*, user) -> QuerySet[Contract]:
    """The contracts `user` sees, latest fiscal year first, each with the number of its
    current distribution version (`current_number`, None before the first)."""
    current = DistributionVersion.objects.filter(contract=OuterRef("pk"), is_current=True)
    return (
        visible(user, Contract)
        .select_related("provider")
        .annotate(current_number=Subquery(current.values("number")[:1]))
        .order_by("-fiscal_year", "number")
    )


def versions_of(*, user, contract: Contract) -> QuerySet[DistributionVersion]:
    """The versions of the contract's distribution `user` sees, newest first."""
    return (
        visible(user, DistributionVersion)
        .filter(contract=contract)
        .select_related("created_by")
        .order_by("-number")
    )


@dataclass
class TreeRow:
    row: Row
    level: int
    parent_name: str
    children_cir: int  # the sum of its children's CIR (0 for a leaf)
    has_children: bool


@dataclass
class Tree:
    rows: list[TreeRow]
    capacity: int
    total_cir: int
    total_mir: int
    mir_limit: Decimal

    @property
    def free_cir(self) -> int:
        return self.capacity - self.total_cir

    @property
    def cir_percent(self) -> int:
        return min(100, round(100 * self.total_cir / self.capacity)) if self.capacity else 0


def tree_of(contract: Contract, rows: list[Row]) -> Tree:
    """The rows as a tree (depth-first) with the sums against the contract's capacity."""
    names = {row.key: row.consumer for row in rows}
    under: dict[int, int] = {}
    for row in rows:
        if row.parent_key is not None:
            under[row.parent_key] = under.get(row.parent_key, 0) + row.cir_mbps
    roots = [row for row in rows if row.parent_key is None]
    return Tree(
        rows=[
            TreeRow(
                row=row,
                level=level,
                parent_name=names.get(row.parent_key, "") if row.parent_key else "",
                children_cir=under.get(row.key, 0),
                has_children=row.key in under,
            )
            for row, level in tree_order(rows)
        ],
        capacity=contract.capacity_mbps,
        total_cir=sum(row.cir_mbps for row in roots),
        total_mir=sum(row.mir_mbps for row in roots),
        mir_limit=Decimal(contract.capacity_mbps) * oversubscription(),
    )


@dataclass
class Compared:
    """One consumer's queue in two versions: `change` is added, removed, changed or same;
    `fields` the names of the compared inputs that differ."""

    key: int
    left: dict | None
    right: dict | None
    change: str
    fields: frozenset[str]

    @property
    def sides(self) -> tuple[dict | None, dict | None]:
        return self.left, self.right


def _compared_values(rows: list[Row]) -> dict[int, dict]:
    names = {row.key: row.consumer for row in rows}
    return {
        row.key: {
            "consumer": row.consumer,
            "kind": row.kind,
            "parent": names.get(row.parent_key, "") if row.parent_key else "",
            "cir_mbps": row.cir_mbps,
            "mir_mbps": row.mir_mbps,
            "priority": row.priority,
            "target": row.target,
        }
        for row in rows
    }


def compare(left: DistributionVersion, right: DistributionVersion) -> list[Compared]:
    """The queues of two versions side by side, by the allocation's key (kept from version
    to version), in the order of the right version's tree, removed ones after."""
    left_rows, right_rows = rows_of(version=left), rows_of(version=right)
    a, b = _compared_values(left_rows), _compared_values(right_rows)
    order = [row.key for row, _level in tree_order(right_rows)]
    order += [row.key for row, _level in tree_order(left_rows) if row.key not in b]
    compared = []
    for key in order:
        before, after = a.get(key), b.get(key)
        if before is None:
            change, fields = "added", frozenset(COMPARED)
        elif after is None:
            change, fields = "removed", frozenset(COMPARED)
        else:
            fields = frozenset(name for name in COMPARED if before[name] != after[name])
            change = "changed" if fields else "same"
        compared.append(Compared(key, before, after, change, fields))
    return compared
