"""The rules a distribution meets, checked on the whole tree after every change (before
anything is saved): names, targets, priorities, MIR ≥ CIR, the guaranteed rates within the
contract's capacity and within each parent's, a child's MIR within its parent's, and the sum
of the top-level MIRs within the capacity times the allowed oversubscription
(`SILAJAR_BANDWIDTH_OVERSUBSCRIPTION`). Each refusal is a `DomainError` naming the input it is
about, in words."""

from __future__ import annotations

import ipaddress
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from silajar.bandwidth.choices import ConsumerKind
from silajar.core.errors import DomainError

MAX_LEVELS = 7  # RouterOS's HTB has 8 levels, the interface's queue being the first
MAX_TARGETS = 32
INTERFACE = re.compile(r"^[A-Za-z][A-Za-z0-9._-]{0,62}$")
ADDRESS_LIKE = re.compile(r"^[0-9A-Fa-f.:/]+$")
FIELDS = (
    "key",
    "parent_key",
    "consumer",
    "kind",
    "cir_mbps",
    "mir_mbps",
    "priority",
    "target",
    "organization_id",
)


@dataclass
class Row:
    """An allocation as the rules see it (and as a version copies it)."""

    key: int
    consumer: str
    kind: str
    cir_mbps: int
    mir_mbps: int
    priority: int = 8
    target: str = ""
    parent_key: int | None = None
    organization_id: int | None = None
    children: list[Row] = field(default_factory=list, repr=False, compare=False)

    @property
    def kind_label(self) -> str:
        return str(ConsumerKind(self.kind).label) if self.kind in ConsumerKind.values else self.kind

    def values(self) -> dict:
        return {name: getattr(self, name) for name in FIELDS}


def oversubscription() -> Decimal:
    """How many times the capacity the top-level MIRs may add up to."""
    return Decimal(str(settings.SILAJAR_BANDWIDTH_OVERSUBSCRIPTION))


def clean_target(value: str | None) -> str:
    """Where a queue applies, normalised: comma-separated subnets (CIDR, `10.1.2.0/24`; a bare
    address is its /32 or /128) or router interfaces (a VLAN is one: `vlan110`). DomainError
    on the input `target` otherwise."""
    parts = [part.strip() for part in (value or "").split(",") if part.strip()]
    if len(parts) > MAX_TARGETS:
        raise _target_error(_("Give at most %(count)s targets.") % {"count": MAX_TARGETS})
    cleaned = []
    for part in parts:
        if ADDRESS_LIKE.match(part) and not INTERFACE.match(part) or "/" in part:
            try:
                cleaned.append(str(ipaddress.ip_network(part, strict=True)))
            except ValueError:
                raise _target_error(
                    _(
                        "%(value)s is not a subnet: write it as an address and prefix "
                        "(10.1.2.0/24), the address being the subnet's first."
                    )
                    % {"value": part}
                ) from None
        elif INTERFACE.match(part):
            cleaned.append(part)
        else:
            raise _target_error(
                _(
                    "%(value)s is neither a subnet nor an interface name (letters, digits, "
                    "dots, dashes and underscores, starting with a letter)."
                )
                % {"value": part}
            )
    if len(set(cleaned)) != len(cleaned):
        raise _target_error(_("A target is named twice."))
    return ",".join(cleaned)


def _target_error(message: str) -> DomainError:
    return DomainError(message, fields={"target": [message]})


def _refuse(message: str, field_name: str) -> DomainError:
    return DomainError(message, fields={field_name: [message]})


def check_rows(rows: list[Row], *, capacity: int, focus: int | None = None) -> None:
    """Refuse (DomainError) a distribution that breaks a rule. `focus` is the key of the row
    being added or edited: a refusal about it names its input; other refusals name the
    input that made them (a parent's children are over its CIR: `cir_mbps`)."""
    by_key = {row.key: row for row in rows}
    names: dict[str, int] = {}
    for row in rows:
        row.children = []
    for row in rows:
        name = row.consumer.strip()
        if not name:
            raise _refuse(_("Name the consumer."), "consumer")
        if name.casefold() in names:
            raise _refuse(
                _("Another allocation is already named %(name)s.") % {"name": name}, "consumer"
            )
        names[name.casefold()] = row.key
        if row.kind not in ConsumerKind.values:
            raise _refuse(_("Choose the kind of consumer."), "kind")
        if not 1 <= row.priority <= 8:
            raise _refuse(_("The priority is from 1 (highest) to 8 (lowest)."), "priority")
        if row.kind != ConsumerKind.GROUP and not row.target:
            raise _refuse(
                _("Give the subnet, VLAN or router interface the queue of %(name)s applies to.")
                % {"name": name},
                "target",
            )
        if row.mir_mbps < row.cir_mbps:
            raise _refuse(
                _(
                    "The maximum rate (MIR) of %(name)s, %(mir)s Mbps, cannot be below its "
                    "guaranteed rate (CIR), %(cir)s Mbps."
                )
                % {"name": name, "mir": row.mir_mbps, "cir": row.cir_mbps},
                "mir_mbps",
            )
        if row.mir_mbps > capacity:
            raise _refuse(
                _(
                    "The maximum rate of %(name)s, %(mir)s Mbps, is above the contract's "
                    "capacity of %(capacity)s Mbps."
                )
                % {"name": name, "mir": row.mir_mbps, "capacity": capacity},
                "mir_mbps",
            )
        if row.parent_key is not None:
            parent = by_key.get(row.parent_key)
            if parent is None:
                raise _refuse(_("Choose a parent among this distribution's queues."), "parent")
            parent.children.append(row)
    roots = [row for row in rows if row.parent_key is None]
    _check_nesting(rows, by_key)
    total_cir = sum(row.cir_mbps for row in roots)
    if total_cir > capacity:
        raise _refuse(
            _(
                "The guaranteed rates (CIR) would add up to %(sum)s Mbps, above the contract's "
                "capacity of %(capacity)s Mbps."
            )
            % {"sum": total_cir, "capacity": capacity},
            "cir_mbps",
        )
    for parent in rows:
        if not parent.children:
            continue
        under = sum(child.cir_mbps for child in parent.children)
        if under > parent.cir_mbps:
            raise _refuse(
                _(
                    "The guaranteed rates under %(parent)s would add up to %(sum)s Mbps, above "
                    "its own guaranteed %(cir)s Mbps."
                )
                % {"parent": parent.consumer, "sum": under, "cir": parent.cir_mbps},
                "cir_mbps",
            )
        for child in parent.children:
            if child.mir_mbps > parent.mir_mbps:
                raise _refuse(
                    _(
                        "The maximum rate of %(name)s, %(mir)s Mbps, is above that of the "
                        "queue it is under, %(parent)s (%(parent_mir)s Mbps)."
                    )
                    % {
                        "name": child.consumer,
                        "mir": child.mir_mbps,
                        "parent": parent.consumer,
                        "parent_mir": parent.mir_mbps,
                    },
                    "mir_mbps",
                )
    ratio = oversubscription()
    total_mir = sum(row.mir_mbps for row in roots)
    limit = Decimal(capacity) * ratio
    if total_mir > limit:
        raise _refuse(
            _(
                "The maximum rates (MIR) of the top-level queues would add up to %(sum)s Mbps, "
                "above %(limit)s Mbps: the capacity of %(capacity)s Mbps times the allowed "
                "oversubscription of %(ratio)s."
            )
            % {
                "sum": total_mir,
                "limit": format(limit.normalize(), "f"),
                "capacity": capacity,
                "ratio": format(ratio.normalize(), "f"),
            },
            "mir_mbps",
        )


def _check_nesting(rows: list[Row], by_key: dict[int, Row]) -> None:
    for row in rows:
        seen = {row.key}
        level = 0
        parent_key = row.parent_key
        while parent_key is not None:
            if parent_key in seen:
                raise _refuse(
                    _("A queue cannot sit under itself or under one of its own children."),
                    "parent",
                )
            seen.add(parent_key)
            level += 1
            if level >= MAX_LEVELS:
                raise _refuse(
                    _("Queues nest at most %(levels)s levels deep.") % {"levels": MAX_LEVELS},
                    "parent",
                )
            parent_key = by_key[parent_key].parent_key


def tree_order(rows: list[Row]) -> list[tuple[Row, int]]:
    """The rows depth-first (each parent before its children, siblings by key) with their
    level (0 at the top): the order of the tree view and of the router's additions."""
    children: dict[int | None, list[Row]] = defaultdict(list)
    keys = {row.key for row in rows}
    for row in sorted(rows, key=lambda r: r.key):
        children[row.parent_key if row.parent_key in keys else None].append(row)
    ordered: list[tuple[Row, int]] = []
    stack = [(row, 0) for row in reversed(children[None])]
    while stack:
        row, level = stack.pop()
        ordered.append((row, level))
        stack.extend((child, level + 1) for child in reversed(children[row.key]))
    return ordered
