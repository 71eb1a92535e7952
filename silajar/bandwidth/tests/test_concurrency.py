"""Two (and more) network administrators allocating at the same moment, on the real database
(SQLite or PostgreSQL): the contract's row is locked, so the guaranteed sum never passes the
capacity and every accepted change is its own version."""

import pytest
from django.contrib.auth.models import Group, Permission

from silajar.accounts.roles import Role, sync_role_groups
from silajar.accounts.tests.factories import UserFactory
from silajar.bandwidth import selectors
from silajar.bandwidth.models import DistributionVersion
from silajar.core.tests.concurrency import run_together
from silajar.providers.tests.factories import ContractFactory

pytestmark = pytest.mark.django_db(transaction=True)
ADMINS = 8


def test_admins_allocating_at_once_never_exceed_the_capacity():
    sync_role_groups(Group.objects, Permission.objects)
    contract = ContractFactory(capacity_mbps=100)
    admins = [UserFactory(roles=[Role.NETWORK_ADMIN]) for _ in range(ADMINS)]
    url = f"/api/v1/contracts/{contract.pk}/allocations/"
    # each asks for 30 Mbps guaranteed: at most three fit in 100
    calls = [
        (
            admin,
            url,
            {
                "consumer": f"Dinas {i}",
                "kind": "agency",
                "cir_mbps": 30,
                "mir_mbps": 40,
                "target": f"10.0.{i}.0/24",
            },
        )
        for i, admin in enumerate(admins)
    ]
    statuses = run_together(calls)
    assert statuses[201] == 3 and statuses[400] == ADMINS - 3, statuses
    current = selectors.current_version(contract=contract)
    assert sum(row.cir_mbps for row in selectors.rows_of(version=current)) == 90
    assert list(
        DistributionVersion.objects.filter(contract=contract)
        .order_by("number")
        .values_list("number", flat=True)
    ) == [1, 2, 3]
