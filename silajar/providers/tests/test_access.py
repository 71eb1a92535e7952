"""The internet side's records are seen by staff and by the provider they belong to only."""

import pytest

from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import UserFactory
from silajar.contracts.models import Contract
from silajar.core.access import visible
from silajar.providers.models import Link, Outage, Provider, ProviderIncident
from silajar.providers.tests.factories import (
    IncidentFactory,
    LinkFactory,
    OutageFactory,
    provider_user,
)

pytestmark = pytest.mark.django_db
MODELS = (Provider, Link, Outage, ProviderIncident, Contract)


def test_a_provider_account_sees_its_own_provider_only():
    ours, theirs = LinkFactory(), LinkFactory()
    for link in (ours, theirs):
        OutageFactory(link=link)
        IncidentFactory(provider=link.provider, links=[link])
    account = provider_user(ours.provider)
    for model in MODELS:
        rows = visible(account, model)
        assert rows.count() == 1, model
    assert visible(account, Link).get() == ours
    assert visible(account, Contract).get() == ours.contract


@pytest.mark.parametrize("role", [Role.NETWORK_ADMIN, Role.HELPDESK])
def test_staff_see_every_provider(role):
    LinkFactory(), LinkFactory()
    staff = UserFactory(roles=[role])
    assert visible(staff, Link).count() == 2
    assert visible(staff, Provider).count() == 2


def test_agency_users_and_unattached_provider_users_see_nothing():
    LinkFactory()
    for user in (UserFactory(roles=[Role.OPD_USER]), UserFactory(roles=[Role.PROVIDER])):
        for model in MODELS:
            assert not visible(user, model).exists(), (user, model)
