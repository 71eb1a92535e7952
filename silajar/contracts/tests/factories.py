"""The provisioning procedure for tests: a cast of one person per role, an approved need, and a
contract walked through the services to any state of the procurement."""

from __future__ import annotations

from datetime import date

from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import UserFactory
from silajar.contracts.models import BandwidthNeed, Contract
from silajar.contracts.services import CONTRACTS, needs
from silajar.contracts.workflows import CONTRACT_FLOW
from silajar.core.tests.files import signature_data_url
from silajar.providers.tests.factories import ProviderFactory, provider_user

SEGMENTS = [
    {"segment": "Biro Setda", "mbps": 400},
    {"segment": "Kantor OPD", "mbps": 500},
    {"segment": "Server aplikasi", "mbps": 100},
]
NEED_DATA = {
    "fiscal_year": 2026,
    "capacity_mbps": 1000,
    "segments": SEGMENTS,
    "estimated_cost": 1_800_000_000,
    "budget_ceiling": 2_000_000_000,
    "justification": "Kebutuhan naik karena layanan SPBE baru.",
}
TERMS = {
    "fiscal_year": 2026,
    "period_start": date(2026, 1, 1),
    "period_end": date(2026, 12, 31),
    "capacity_mbps": 1000,
    "monthly_fee": 150_000_000,
    "availability_target": "99.5",
    "max_response_minutes": 30,
    "max_restoration_minutes": 240,
    "restitution_method": "proportional",
    "restitution_cap_percent": "30",
    "procurement_method": "e_katalog",
    "owner_estimate": 1_850_000_000,
    "value": 1_800_000_000,
}


class Cast(dict):
    """{role: a user holding it}; `provider` is an account of `self.provider`."""

    def __init__(self):
        super().__init__()
        for role in (Role.SECTION_HEAD, Role.UPDE_HEAD, Role.PPTK, Role.KPA, Role.NETWORK_ADMIN):
            self[role] = UserFactory(roles=[role])
        self.provider = ProviderFactory()
        self[Role.PROVIDER] = provider_user(self.provider)


def approved_need(cast: Cast, **changes) -> BandwidthNeed:
    need = needs.need_create(actor=cast[Role.SECTION_HEAD], data={**NEED_DATA, **changes})
    need = needs.need_submit(need=need, actor=cast[Role.SECTION_HEAD])
    return needs.need_approve(need=need, actor=cast[Role.UPDE_HEAD])


def draft_contract(cast: Cast, *, number: str = "027/001/KONTRAK-INET/2026", **changes) -> Contract:
    need = changes.pop("need", None) or approved_need(cast)
    data = {**TERMS, "number": number, "need": need, "state": "draft", **changes}
    return CONTRACTS.create(actor=cast[Role.PPTK], data=data)


# the path to each state: (action, who acts, inputs)
PATH = [
    ("submit", Role.PPTK, {}),
    (
        "designate",
        Role.KPA,
        {"decision_number": "027/15/KPA/2026", "decision_date": date(2026, 1, 5)},
    ),
    ("start_installation", Role.PPTK, {}),
    (
        "record_checklist",
        Role.PROVIDER,
        {
            "links_up": True,
            "addresses_handed_over": "103.10.20.0/28, gateway 103.10.20.1",
            "test_results": "Throughput 1000 Mbps, latensi 12 ms, loss 0 %",
        },
    ),
    ("activate", Role.NETWORK_ADMIN, {"signer_name": "Andi Wijaya"}),
]


def path_inputs(provider, action: str) -> dict:
    """The inputs of `action` on the way (`provider` is the one designated)."""
    inputs = dict(next((i for a, _r, i in PATH if a == action), {}))
    if action == "designate":
        inputs["provider"] = provider.pk
    if action == "activate":
        inputs["signature"] = signature_data_url()
    return inputs


def contract_in(cast: Cast, state: str, *, checklist: bool = False, **changes) -> Contract:
    """A draft walked through the services until it is in `state` (`installing` with the
    checklist filled when `checklist`)."""
    contract = draft_contract(cast, **changes)
    for action, role, _inputs in PATH:
        if contract.state == state and not (checklist and action == "record_checklist"):
            break
        contract = CONTRACT_FLOW.act(
            obj=contract, action=action, actor=cast[role], **path_inputs(cast.provider, action)
        )
    assert contract.state == state
    return contract
