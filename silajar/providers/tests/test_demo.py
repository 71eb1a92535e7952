"""The demo internet side (providers' and contracts' `seed`): three providers with links at a
dozen agencies, contracts with SLA terms (one banded, one proportional), a year of outages
(some excluded, some across a month's end in WIB), a weekly window, the demo provider account
in one provider; seeding again adds nothing."""

import pytest
from django.utils import timezone

from silajar.accounts import demo as accounts_demo
from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.contracts import demo as contracts_demo
from silajar.contracts.models import Contract
from silajar.core.access import visible
from silajar.core.models import AuditEvent
from silajar.organizations import demo as organizations_demo
from silajar.providers import demo as providers_demo
from silajar.providers.models import Link, MaintenanceWindow, Outage, Provider

pytestmark = pytest.mark.django_db
WIB = timezone.get_fixed_timezone(7 * 60)


def seed_all(actor):
    for module in (organizations_demo, accounts_demo, providers_demo, contracts_demo):
        module.seed(actor=actor, password="rahasia-demo-123", options={})


def counts():
    return [
        model.objects.count()
        for model in (Provider, Link, Outage, MaintenanceWindow, Contract, AuditEvent)
    ]


def test_the_demo_internet_side(admin_user):
    seed_all(admin_user)
    assert Provider.objects.count() == 3
    links = Link.objects.all()
    assert links.count() == 12
    assert links.values("organization").distinct().count() == 12
    assert not links.filter(contract__isnull=True).exists()
    assert all(link.contract.provider_id == link.provider_id for link in links)

    methods = set(Contract.objects.values_list("restitution_method", flat=True))
    assert methods == {"bands", "proportional"}
    telkom = Contract.objects.get(provider__short_name="TELKOM")
    assert [b["below_percent"] for b in telkom.restitution_bands] == ["99.5", "99", "95"]
    assert telkom.restitution_cap_percent == 30

    outages = Outage.objects.all()
    now = timezone.now()
    assert outages.count() > 12 * 12
    assert not outages.filter(ended_at__gt=now).exists()
    assert outages.exclude(exclusion="").exists() and outages.filter(exclusion="").exists()
    span = [timezone.localtime(moment, WIB) for moment in (o.started_at for o in outages)]
    assert (max(span) - min(span)).days > 300
    crossing = [
        o
        for o in outages
        if timezone.localtime(o.started_at, WIB).month != timezone.localtime(o.ended_at, WIB).month
    ]
    assert crossing
    assert MaintenanceWindow.objects.filter(weekly=True).exists()

    account = User.objects.get(username=Role.PROVIDER)
    assert account.provider_account.provider.short_name == "TELKOM"
    assert set(visible(account, Link).values_list("provider__short_name", flat=True)) == {"TELKOM"}

    before = counts()
    seed_all(admin_user)
    assert counts() == before
