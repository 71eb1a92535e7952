"""Factories of the internet side: providers (with an account), links, outages, incidents."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import UserFactory
from silajar.contracts.models import Contract
from silajar.organizations.tests.factories import OrganizationFactory
from silajar.providers.models import (
    Link,
    MaintenanceWindow,
    Outage,
    Provider,
    ProviderAccount,
    ProviderIncident,
)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"PT Penyedia Internet Uji {n}")
    short_name = factory.Sequence(lambda n: f"PIU{n}")
    contacts = factory.LazyFunction(
        lambda: [{"name": "NOC", "phone": "0561-700100", "email": "noc@example.org"}]
    )
    escalation = factory.LazyFunction(
        lambda: [
            {"level": 1, "contact": "NOC 24 jam", "after_minutes": 30},
            {"level": 2, "contact": "Manajer layanan", "after_minutes": 120},
        ]
    )


def provider_user(provider: Provider, **kwargs):
    """A user of role `provider`, an account of `provider`."""
    user = UserFactory(roles=[Role.PROVIDER], **kwargs)
    ProviderAccount.objects.create(provider=provider, user=user)
    return user


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    provider = factory.SubFactory(ProviderFactory)
    number = factory.Sequence(lambda n: f"027/{n}/KONTRAK-INTERNET/2026")
    fiscal_year = 2026
    period_start = date(2026, 1, 1)
    period_end = date(2026, 12, 31)
    capacity_mbps = 1000
    monthly_fee = 150_000_000
    availability_target = Decimal("99.500")
    min_outage_seconds = 300
    max_response_minutes = 30
    max_restoration_minutes = 240
    restitution_method = "bands"
    restitution_bands = factory.LazyFunction(
        lambda: [
            {"below_percent": "99.5", "credit_percent": "5"},
            {"below_percent": "99.0", "credit_percent": "10"},
            {"below_percent": "95.0", "credit_percent": "25"},
        ]
    )
    restitution_cap_percent = Decimal("30")
    maintenance_notice_hours = 72


class LinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Link

    provider = factory.SubFactory(ProviderFactory)
    contract = factory.SubFactory(ContractFactory, provider=factory.SelfAttribute("..provider"))
    circuit_id = factory.Sequence(lambda n: f"CID-{n:06d}")
    kind = "dedicated"
    bandwidth_down_mbps = 100
    bandwidth_up_mbps = 100
    organization = factory.SubFactory(OrganizationFactory)
    monthly_fee = 15_000_000
    status = "active"
    active_from = date(2026, 1, 1)


class OutageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outage

    link = factory.SubFactory(LinkFactory)
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    source = "network_admin"


class IncidentFactory(factory.django.DjangoModelFactory):
    """An open incident on one link of its provider (the workflow's own services take it on)."""

    class Meta:
        model = ProviderIncident
        skip_postgeneration_save = True

    # its own series: never one `incident_create` numbers (GI-<year>-0001, …)
    number = factory.Sequence(lambda n: f"GI-UJI-{n:04d}")
    provider = factory.SubFactory(ProviderFactory)
    source = "tickets"
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))

    @factory.post_generation
    def links(self, create, extracted, **kwargs):
        if create:
            self.links.set(extracted or [LinkFactory(provider=self.provider)])


class MaintenanceWindowFactory(factory.django.DjangoModelFactory):
    """A two-hour window of its provider, announced a week before, on all its links."""

    class Meta:
        model = MaintenanceWindow

    provider = factory.SubFactory(ProviderFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda w: w.starts_at + timedelta(hours=2))
    announced_at = factory.LazyAttribute(lambda w: w.starts_at - timedelta(days=7))
