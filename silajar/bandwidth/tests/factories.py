"""Distributions for tests: a contract's tree added through the services."""

from __future__ import annotations

from silajar.bandwidth import selectors, services
from silajar.bandwidth.models import DistributionVersion

# (consumer, kind, parent, cir, mir, priority, target)
SETDA_TREE = [
    ("Setda", "group", None, 200, 400, 2, ""),
    ("Biro Umum", "setda_bureau", "Setda", 80, 200, 3, "10.10.1.0/24"),
    ("Biro Hukum", "setda_bureau", "Setda", 60, 150, 4, "10.10.2.0/24"),
    ("Dinas Kesehatan", "agency", None, 100, 300, 4, "vlan120"),
    ("Server Aplikasi", "server", None, 150, 300, 1, "10.20.0.0/25,10.20.0.128/26"),
    ("Wi-Fi Publik", "public_wifi", None, 50, 500, 8, "bridge-wifi"),
]


def add_tree(actor, contract, tree=SETDA_TREE) -> DistributionVersion:
    """Add `tree`'s queues one by one (parents named before their children)."""
    keys: dict[str, int] = {}
    version = None
    for consumer, kind, parent, cir, mir, priority, target in tree:
        version = services.allocation_add(
            actor=actor,
            contract=contract,
            data={
                "consumer": consumer,
                "kind": kind,
                "parent": keys.get(parent) if parent else None,
                "cir_mbps": cir,
                "mir_mbps": mir,
                "priority": priority,
                "target": target,
            },
        )
        keys[consumer] = max(row.key for row in selectors.rows_of(version=version))
    assert version is not None
    return version
