"""The internet side's services: their rules, who may, the audit event of each change, the
version check."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from silajar.accounts.roles import Role
from silajar.core.audit import audit_timeline
from silajar.core.errors import ActionForbidden, Conflict, DomainError
from silajar.inventory.tests.factories import DeviceFactory
from silajar.organizations.tests.factories import LocationFactory, OrganizationFactory
from silajar.providers import services
from silajar.providers.models import Outage, Provider, ProviderAccount
from silajar.providers.tests.factories import (
    ContractFactory,
    LinkFactory,
    MaintenanceWindowFactory,
    OutageFactory,
    ProviderFactory,
    provider_user,
)

pytestmark = pytest.mark.django_db
WIB = timezone.get_fixed_timezone(7 * 60)


@pytest.fixture
def netadmin(make_user):
    return make_user(Role.NETWORK_ADMIN)


def provider_data(**changes):
    return {
        "name": "PT Jaringan Khatulistiwa",
        "short_name": "JK",
        "contacts": [{"name": "NOC", "phone": "0561-700100", "email": "noc@example.org"}],
        "escalation": [
            {"level": 1, "contact": "NOC 24 jam", "after_minutes": 30},
            {"level": "2", "contact": "Manajer", "after_minutes": "120"},
        ],
        **changes,
    }


# --- providers -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.NETWORK_ADMIN, Role.PPTK])
def test_the_keepers_add_a_provider_with_its_audit_event(make_user, role):
    actor = make_user(role)
    provider = services.PROVIDERS.create(actor=actor, data=provider_data())
    assert provider.escalation[1] == {"level": 2, "contact": "Manajer", "after_minutes": 120}
    assert provider.contacts[0]["whatsapp"] == ""
    [event] = audit_timeline(provider)
    assert event.action == "provider.created" and event.actor == actor


@pytest.mark.parametrize("role", [Role.HELPDESK, Role.KPA, Role.PROVIDER, Role.SYSTEM_ADMIN])
def test_others_may_not_add_a_provider(make_user, role):
    with pytest.raises(ActionForbidden):
        services.PROVIDERS.create(actor=make_user(role), data=provider_data())
    assert not Provider.objects.exists()


@pytest.mark.parametrize(
    ("escalation", "field"),
    [
        ([{"level": 2, "contact": "NOC", "after_minutes": 30}], "escalation[0].level"),
        (
            [
                {"level": 1, "contact": "NOC", "after_minutes": 30},
                {"level": 3, "contact": "Manajer", "after_minutes": 60},
            ],
            "escalation[1].level",
        ),
        ([{"level": 1, "contact": " ", "after_minutes": 30}], "escalation[0].contact"),
        ([{"level": 1, "contact": "NOC", "after_minutes": 0}], "escalation[0].after_minutes"),
        ([{"level": 1, "contact": "NOC", "after_minutes": "1.5"}], "escalation[0].after_minutes"),
        (["NOC"], "escalation[0]"),
    ],
)
def test_the_escalation_matrix_runs_from_level_one_in_order(netadmin, escalation, field):
    with pytest.raises(DomainError) as refused:
        services.PROVIDERS.create(actor=netadmin, data=provider_data(escalation=escalation))
    assert field in refused.value.fields


@pytest.mark.parametrize(
    ("contacts", "field"),
    [
        ([{"name": "", "phone": "0561"}], "contacts[0].name"),
        ([{"name": "NOC"}], "contacts[0].phone"),
        ([{"name": "NOC", "email": "bukan-surel"}], "contacts[0].email"),
    ],
)
def test_each_contact_has_a_name_and_a_way_to_reach_it(netadmin, contacts, field):
    with pytest.raises(DomainError) as refused:
        services.PROVIDERS.create(actor=netadmin, data=provider_data(contacts=contacts))
    assert field in refused.value.fields


def test_a_provider_saved_meanwhile_is_a_conflict(netadmin):
    provider = ProviderFactory()
    services.PROVIDERS.update(actor=netadmin, obj=provider, data={"name": "PT A"})
    with pytest.raises(Conflict):
        services.PROVIDERS.update(
            actor=netadmin, obj=provider, data={"name": "PT B"}, expected_version=provider.version
        )
    provider.refresh_from_db()
    assert provider.name == "PT A"
    assert [e.action for e in audit_timeline(provider)] == ["provider.updated"]


def test_an_account_of_role_provider_is_attached_once(netadmin, make_user):
    provider, other = ProviderFactory(), ProviderFactory()
    user = make_user(Role.PROVIDER)
    services.provider_account_attach(actor=netadmin, provider=provider, user=user)
    assert ProviderAccount.objects.get(user=user).provider == provider
    assert audit_timeline(provider).first().action == "provider.account_attached"
    with pytest.raises(DomainError) as refused:
        services.provider_account_attach(actor=netadmin, provider=other, user=user)
    assert "user" in refused.value.fields
    with pytest.raises(DomainError):
        services.provider_account_attach(
            actor=netadmin, provider=provider, user=make_user(Role.HELPDESK)
        )
    services.provider_account_detach(actor=netadmin, account=ProviderAccount.objects.get())
    assert not ProviderAccount.objects.exists()
    assert audit_timeline(provider).first().action == "provider.account_detached"


# --- links -----------------------------------------------------------------------------------


def link_data(provider, agency, **changes):
    return {
        "provider": provider,
        "contract": ContractFactory(provider=provider),
        "circuit_id": "TLK-PTK-0001",
        "kind": "dedicated",
        "bandwidth_down_mbps": 100,
        "bandwidth_up_mbps": 50,
        "organization": agency,
        "monthly_fee": 12_500_000,
        "status": "active",
        "active_from": datetime(2026, 1, 1).date(),
        **changes,
    }


def test_a_link_is_added_with_its_event(netadmin, agency):
    link = services.LINKS.create(actor=netadmin, data=link_data(ProviderFactory(), agency))
    assert audit_timeline(link).get().action == "link.created"


def test_a_links_contract_is_its_providers(netadmin, agency):
    provider = ProviderFactory()
    data = link_data(provider, agency, contract=ContractFactory())
    with pytest.raises(DomainError) as refused:
        services.LINKS.create(actor=netadmin, data=data)
    assert "contract" in refused.value.fields


def test_a_links_place_dates_and_circuit_are_checked(netadmin, agency, other_location):
    provider = ProviderFactory()
    services.LINKS.create(actor=netadmin, data=link_data(provider, agency))
    data = link_data(
        provider,
        agency,
        location=other_location,
        active_until=datetime(2025, 12, 31).date(),
    )
    with pytest.raises(DomainError) as refused:
        services.LINKS.create(actor=netadmin, data=data)
    assert {"location", "active_until", "circuit_id"} <= set(refused.value.fields)
    with pytest.raises(DomainError) as refused:
        services.LINKS.create(
            actor=netadmin,
            data=link_data(provider, agency, circuit_id="B", status="active", active_from=None),
        )
    assert "active_from" in refused.value.fields


def test_a_link_stays_with_its_provider(netadmin):
    link = LinkFactory()
    services.LINKS.update(actor=netadmin, obj=link, data={"provider": ProviderFactory()})
    link.refresh_from_db()
    assert link.provider == link.contract.provider


def test_a_links_ont_is_a_providers_ont_at_its_place_and_the_place_shows_the_link(netadmin, client):
    agency = OrganizationFactory()
    link = LinkFactory(organization=agency, location=LocationFactory(organization=agency))
    ont = DeviceFactory(location=link.location, kind="provider_ont", name="DKS-ONT")
    for wrong in (
        DeviceFactory(location=link.location, kind="router"),  # not the provider's
        DeviceFactory(kind="provider_ont"),  # at another place
    ):
        with pytest.raises(DomainError) as refused:
            services.LINKS.update(actor=netadmin, obj=link, data={"ont": wrong})
        assert set(refused.value.fields) == {"ont"}
    services.LINKS.update(
        actor=netadmin, obj=link, data={"ont": ont}, expected_version=link.version
    )
    client.force_login(netadmin)
    page = client.get(f"/inventory/places/{link.location_id}/").content.decode()
    shown = f'href="/providers/links/{link.pk}/">{link.provider.short_name} {link.circuit_id}'
    assert shown in page
    page = client.get(f"/inventory/devices/{ont.pk}/").content.decode()
    assert shown in page


# --- outages ---------------------------------------------------------------------------------


def ago(**delta):
    return timezone.now() - timedelta(**delta)


def test_the_network_admin_records_an_outage_with_its_event(netadmin):
    link = LinkFactory()
    outage = services.outage_record(
        actor=netadmin,
        link=link,
        started_at=ago(hours=3),
        ended_at=ago(hours=1),
        source="network_admin",
        cause="Kabel putus",
        exclusion="force_majeure",
    )
    event = audit_timeline(outage).get()
    assert event.action == "outage.recorded"
    assert event.changes["exclusion"] == [None, "force_majeure"]
    assert outage.recorded_by == netadmin


@pytest.mark.parametrize(
    ("started", "ended", "field"),
    [
        (ago(hours=1), ago(hours=2), "ended_at"),
        (timezone.now() + timedelta(hours=1), None, "started_at"),
        (datetime(2026, 1, 5, 8, 0), None, "started_at"),  # no offset
    ],
)
def test_outage_times_are_checked(netadmin, started, ended, field):
    with pytest.raises(DomainError) as refused:
        services.outage_record(
            actor=netadmin,
            link=LinkFactory(),
            started_at=started,
            ended_at=ended,
            source="monitoring",
        )
    assert field in refused.value.fields
    assert not Outage.objects.exists()


def test_a_provider_reports_outages_of_its_own_links_only():
    link, other = LinkFactory(), LinkFactory()
    account = provider_user(link.provider)
    outage = services.outage_record(
        actor=account, link=link, started_at=ago(hours=2), source="provider"
    )
    assert outage.ended_at is None
    with pytest.raises(ActionForbidden):
        services.outage_record(
            actor=account, link=other, started_at=ago(hours=2), source="provider"
        )
    for changes, field in (
        ({"source": "monitoring"}, "source"),
        ({"exclusion": "maintenance"}, "exclusion"),
    ):
        with pytest.raises(DomainError) as refused:
            services.outage_record(
                actor=account,
                link=link,
                started_at=ago(hours=2),
                **{"source": "provider", **changes},
            )
        assert field in refused.value.fields


@pytest.mark.parametrize("role", [Role.HELPDESK, Role.PPTK, Role.TECHNICIAN])
def test_other_staff_do_not_record_outages(make_user, role):
    with pytest.raises(ActionForbidden):
        services.outage_record(
            actor=make_user(role), link=LinkFactory(), started_at=ago(hours=1), source="monitoring"
        )


def test_an_open_outage_is_ended_once(netadmin):
    outage = OutageFactory()
    ended = services.outage_end(actor=netadmin, outage=outage, version=outage.version)
    assert ended.ended_at is not None and ended.version == outage.version + 1
    assert audit_timeline(outage).first().action == "outage.ended"
    with pytest.raises(Conflict):
        services.outage_end(actor=netadmin, outage=ended)


def test_a_correction_keeps_the_values_before_and_the_reason(netadmin):
    outage = OutageFactory(ended_at=ago(minutes=30))
    before = outage.started_at
    corrected = services.outage_correct(
        actor=netadmin,
        outage=outage,
        reason="Jam mulai salah ketik",
        data={"started_at": before - timedelta(hours=1), "exclusion": "customer_side"},
        expected_version=outage.version,
    )
    assert corrected.exclusion == "customer_side"
    event = audit_timeline(outage).get()
    assert event.action == "outage.corrected" and event.note == "Jam mulai salah ketik"
    assert event.changes["started_at"][0] == before.isoformat()
    assert event.changes["exclusion"] == ["", "customer_side"]


def test_a_correction_needs_a_reason_and_the_current_version(netadmin):
    outage = OutageFactory()
    with pytest.raises(DomainError) as refused:
        services.outage_correct(actor=netadmin, outage=outage, reason=" ", data={"cause": "x"})
    assert "reason" in refused.value.fields
    with pytest.raises(Conflict):
        services.outage_correct(
            actor=netadmin, outage=outage, reason="r", data={"cause": "x"}, expected_version=99
        )
    with pytest.raises(DomainError) as refused:
        services.outage_correct(
            actor=netadmin,
            outage=outage,
            reason="r",
            data={"ended_at": outage.started_at - timedelta(minutes=1)},
        )
    assert "ended_at" in refused.value.fields
    assert not audit_timeline(outage).exists()


def test_a_provider_corrects_its_own_reports_and_grants_no_exclusion(netadmin):
    link = LinkFactory()
    account = provider_user(link.provider)
    ours = OutageFactory(link=link, source="provider")
    theirs = OutageFactory(link=link, source="network_admin")
    services.outage_correct(
        actor=account, outage=ours, reason="Salah jam", data={"cause": "Router"}
    )
    with pytest.raises(ActionForbidden):
        services.outage_correct(actor=account, outage=theirs, reason="r", data={"cause": "x"})
    with pytest.raises(DomainError) as refused:
        services.outage_correct(
            actor=account, outage=ours, reason="r", data={"exclusion": "force_majeure"}
        )
    assert "exclusion" in refused.value.fields


# --- maintenance windows ---------------------------------------------------------------------


def window_inputs(provider, **changes):
    start = datetime(2026, 3, 1, 1, 0, tzinfo=WIB)
    return {
        "provider": provider,
        "starts_at": start,
        "ends_at": start + timedelta(hours=3),
        "announced_at": datetime(2026, 2, 20, 9, 0, tzinfo=UTC),
        "weekly": True,
        **changes,
    }


def test_a_provider_announces_its_weekly_maintenance_on_its_links():
    link = LinkFactory()
    account = provider_user(link.provider)
    window = services.maintenance_window_create(
        actor=account, links=[link], **window_inputs(link.provider)
    )
    assert list(window.links.all()) == [link]
    event = audit_timeline(window).get()
    assert event.action == "maintenance_window.created"
    assert event.changes["links"] == [None, [link.pk]]
    with pytest.raises(ActionForbidden):
        services.maintenance_window_create(actor=account, **window_inputs(ProviderFactory()))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": datetime(2026, 3, 1, 0, 0, tzinfo=WIB)}, "ends_at"),
        ({"ends_at": datetime(2026, 3, 8, 2, 0, tzinfo=WIB)}, "ends_at"),  # weekly, > a week
        ({"announced_at": timezone.now() + timedelta(days=1)}, "announced_at"),
        ({"starts_at": datetime(2026, 3, 1, 1, 0)}, "starts_at"),
    ],
)
def test_a_windows_times_are_checked(netadmin, changes, field):
    with pytest.raises(DomainError) as refused:
        services.maintenance_window_create(
            actor=netadmin, **window_inputs(ProviderFactory(), **changes)
        )
    assert field in refused.value.fields


def test_a_window_names_its_providers_links_only(netadmin):
    provider = ProviderFactory()
    with pytest.raises(DomainError) as refused:
        services.maintenance_window_create(
            actor=netadmin, links=[LinkFactory()], **window_inputs(provider)
        )
    assert "links" in refused.value.fields


def test_a_window_is_changed_in_one_event_against_its_version(netadmin):
    window = MaintenanceWindowFactory()
    link = LinkFactory(provider=window.provider)
    updated = services.maintenance_window_update(
        actor=netadmin,
        window=window,
        data={"links": [link], "description": "Upgrade perangkat"},
        expected_version=window.version,
    )
    assert updated.version == window.version + 1
    event = audit_timeline(window).get()
    assert set(event.changes) == {"links", "description"}
    with pytest.raises(Conflict):
        services.maintenance_window_update(
            actor=netadmin, window=window, data={"weekly": True}, expected_version=window.version
        )
    with pytest.raises(ActionForbidden):
        services.maintenance_window_update(
            actor=provider_user(ProviderFactory()), window=window, data={"weekly": True}
        )
