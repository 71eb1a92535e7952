"""A demo distribution for the active demo contract of the main provider (Telkom, seeded by
`contracts.demo` before this; else the active contract of the largest capacity): the Regional
Secretariat with its bureaus, three agencies, the application servers and public Wi-Fi, as
shares of the capacity, added queue by queue through the services (so the demo has versions to
compare). Idempotent: a contract with a distribution is left as it is."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from silajar.accounts.models import User
from silajar.bandwidth import selectors, services
from silajar.contracts.choices import ContractState
from silajar.contracts.models import Contract
from silajar.organizations.models import Organization

MAIN_PROVIDER = "TELKOM"  # the demo's main contract (contracts.demo); else the largest active
# (consumer, kind, parent, CIR %, MIR % of the capacity, priority, target, agency served)
TREE = [
    ("Setda", "group", None, 30, 50, 2, "", None),
    ("Biro Umum", "setda_bureau", "Setda", 10, 30, 3, "10.10.1.0/24", None),
    ("Biro Hukum", "setda_bureau", "Setda", 5, 20, 4, "10.10.2.0/24", None),
    ("Biro Organisasi", "setda_bureau", "Setda", 5, 20, 4, "10.10.3.0/24", None),
    ("Biro Pemerintahan", "setda_bureau", "Setda", 5, 20, 4, "10.10.4.0/24", None),
    ("Dinas Kesehatan", "agency", None, 10, 25, 4, "vlan120", "DINKES"),
    ("Dinas Pendidikan dan Kebudayaan", "agency", None, 10, 25, 4, "vlan121", "DISDIKBUD"),
    ("BPKAD", "agency", None, 5, 15, 3, "vlan122", "BPKAD"),
    ("Server Aplikasi", "group", None, 20, 40, 1, "", None),
    ("Portal Pemprov", "server", "Server Aplikasi", 10, 40, 1, "10.20.0.10", None),
    ("SIPD", "server", "Server Aplikasi", 5, 30, 1, "10.20.0.20", None),
    ("Wi-Fi Publik", "public_wifi", None, 5, 40, 8, "bridge-wifi", None),
]


def seed(*, actor: User, password: str, options: Mapping[str, Any]) -> str | None:
    active = Contract.objects.filter(state=ContractState.ACTIVE)
    contract = (
        active.filter(provider__short_name=MAIN_PROVIDER).order_by("-fiscal_year").first()
        or active.order_by("-capacity_mbps", "pk").first()
    )
    if contract is None or selectors.current_version(contract=contract) is not None:
        return None
    agencies = dict(Organization.objects.values_list("short_name", "pk"))
    capacity = contract.capacity_mbps
    keys: dict[str, int] = {}
    number = 0
    for consumer, kind, parent, cir, mir, priority, target, agency in TREE:
        version = services.allocation_add(
            actor=actor,
            contract=contract,
            data={
                "consumer": consumer,
                "kind": kind,
                "parent": keys.get(parent) if parent else None,
                "cir_mbps": capacity * cir // 100,
                "mir_mbps": max(1, capacity * mir // 100),
                "priority": priority,
                "target": target,
                "organization": agencies.get(agency) if agency else None,
            },
        )
        keys[consumer] = max(row.key for row in selectors.rows_of(version=version))
        number = version.number
    return (
        f"Demo bandwidth distribution: {len(TREE)} queues of {contract.number} "
        f"({capacity} Mbps), version {number}."
    )
