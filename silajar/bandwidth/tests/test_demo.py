"""The demo distribution: Setda with its bureaus, agencies, servers and public Wi-Fi on the main
demo contract, within its rules whatever the capacity; seeded once."""

import pytest

from silajar.accounts.roles import Role
from silajar.bandwidth import demo, selectors
from silajar.providers.tests.factories import ContractFactory, ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("capacity", [100, 500, 1040])
def test_the_demo_distribution_fits_the_contract_and_is_seeded_once(make_user, capacity):
    admin = make_user(Role.NETWORK_ADMIN)
    ContractFactory(capacity_mbps=5000)  # another provider's: not the main contract
    main = ContractFactory(capacity_mbps=capacity, provider=ProviderFactory(short_name="TELKOM"))
    assert "12 queues" in demo.seed(actor=admin, password="", options={})
    version = selectors.current_version(contract=main)
    rows = selectors.rows_of(version=version)
    setda = next(row for row in rows if row.consumer == "Setda")
    assert len([row for row in rows if row.parent_key == setda.key]) == 4
    assert {row.kind for row in rows} >= {"setda_bureau", "agency", "server", "public_wifi"}
    assert demo.seed(actor=admin, password="", options={}) is None
    assert selectors.current_version(contract=main) == version
