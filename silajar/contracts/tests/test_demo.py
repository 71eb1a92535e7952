"""The demo provisioning (contracts' `seed`): the need behind Telkom's running contract, and
this year's procurement for the coming year: its need approved and its contract awaiting the
KPA's designation; seeding again adds nothing."""

import pytest
from django.utils import timezone

from silajar.contracts.models import BandwidthNeed, Contract
from silajar.providers.tests.test_demo import counts, seed_all

pytestmark = pytest.mark.django_db


def test_the_demo_provisioning(admin_user):
    seed_all(admin_user)
    telkom = Contract.objects.get(provider__short_name="TELKOM")
    assert telkom.state == "active" and telkom.need.state == "approved"
    coming = timezone.localdate().year + 1
    contract = Contract.objects.get(fiscal_year=coming)
    assert contract.state == "awaiting_designation" and contract.provider is None
    assert contract.need.fiscal_year == coming and contract.need.state == "approved"
    need = contract.need
    assert sum(s["mbps"] for s in need.segments) == need.capacity_mbps
    before = [*counts(), BandwidthNeed.objects.count()]
    seed_all(admin_user)
    assert [*counts(), BandwidthNeed.objects.count()] == before
