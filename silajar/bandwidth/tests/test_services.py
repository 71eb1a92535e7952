"""The distribution's rules: every refusal says why and saves nothing; every change is a new
version (copy-on-write) with its audit event; restore; only an active contract; only the
network administrator."""

import pytest
from django.test import override_settings

from silajar.accounts.roles import Role
from silajar.bandwidth import selectors, services
from silajar.bandwidth.models import Allocation, DistributionVersion
from silajar.bandwidth.rules import clean_target
from silajar.bandwidth.tests.factories import add_tree
from silajar.core.errors import ActionForbidden, Conflict, DomainError
from silajar.core.models import AuditEvent
from silajar.providers.tests.factories import ContractFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user):
    return make_user(Role.NETWORK_ADMIN)


@pytest.fixture
def contract():
    return ContractFactory(capacity_mbps=1000)


def queue(**changes):
    return {
        "consumer": "Biro Organisasi",
        "kind": "setda_bureau",
        "cir_mbps": 10,
        "mir_mbps": 20,
        "priority": 5,
        "target": "10.10.9.0/24",
        **changes,
    }


def refused(admin, contract, data, *, field=None, **kw):
    """Add `data` and expect a refusal (returns its message); nothing saved."""
    versions = DistributionVersion.objects.count()
    rows = Allocation.objects.count()
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError) as caught:
        services.allocation_add(actor=admin, contract=contract, data=data, **kw)
    assert (DistributionVersion.objects.count(), Allocation.objects.count()) == (versions, rows)
    assert AuditEvent.objects.count() == events
    if field:
        assert field in caught.value.fields
    return str(caught.value.message)


def test_a_tree_is_built_version_by_version(admin, contract):
    version = add_tree(admin, contract)
    assert version.number == 6 and version.is_current
    assert DistributionVersion.objects.filter(contract=contract, is_current=True).count() == 1
    # each version is a full copy: 1 + 2 + … + 6 rows
    assert Allocation.objects.filter(version__contract=contract).count() == 21
    rows = selectors.rows_of(version=version)
    setda = next(row for row in rows if row.consumer == "Setda")
    assert {row.consumer for row in rows if row.parent_key == setda.key} == {
        "Biro Umum",
        "Biro Hukum",
    }
    event = AuditEvent.objects.filter(action="distribution.allocation_added").order_by("pk").last()
    assert event.changes["consumer"] == [None, "Wi-Fi Publik"]


def test_guaranteed_sum_above_capacity_is_refused(admin, contract):
    add_tree(admin, contract)  # 500 Mbps guaranteed at the top
    message = refused(admin, contract, queue(cir_mbps=501, mir_mbps=501), field="cir_mbps")
    assert "1001 Mbps" in message and "1000 Mbps" in message
    services.allocation_add(actor=admin, contract=contract, data=queue(cir_mbps=500, mir_mbps=500))


def test_children_above_their_parent_are_refused(admin, contract):
    add_tree(admin, contract)
    setda = next(
        r
        for r in selectors.rows_of(version=selectors.current_version(contract=contract))
        if r.consumer == "Setda"
    )
    message = refused(
        admin, contract, queue(parent=setda.key, cir_mbps=61, mir_mbps=100), field="cir_mbps"
    )
    assert "Setda" in message and "201 Mbps" in message
    message = refused(admin, contract, queue(parent=setda.key, mir_mbps=401), field="mir_mbps")
    assert "Setda" in message and "401" in message


def test_mir_below_cir_priority_and_unknown_parent_are_refused(admin, contract):
    assert "tidak boleh di bawah" in refused(admin, contract, queue(cir_mbps=30, mir_mbps=20))
    refused(admin, contract, queue(priority=9), field="priority")
    refused(admin, contract, queue(priority=0), field="priority")
    refused(admin, contract, queue(parent=99), field="parent")
    refused(admin, contract, queue(target=""), field="target")
    refused(admin, contract, queue(consumer=" "), field="consumer")


@override_settings(SILAJAR_BANDWIDTH_OVERSUBSCRIPTION=1.5)
def test_oversubscription_is_bounded(admin, contract):
    services.allocation_add(actor=admin, contract=contract, data=queue(consumer="A", mir_mbps=1000))
    message = refused(admin, contract, queue(consumer="B", mir_mbps=501), field="mir_mbps")
    assert "1501 Mbps" in message and "1500 Mbps" in message and "1.5" in message
    services.allocation_add(actor=admin, contract=contract, data=queue(consumer="B", mir_mbps=500))


def test_names_are_unique_in_a_version(admin, contract):
    services.allocation_add(actor=admin, contract=contract, data=queue())
    refused(admin, contract, queue(consumer="biro organisasi"), field="consumer")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("10.1.2.0/24", "10.1.2.0/24"),
        ("10.1.2.3", "10.1.2.3/32"),
        (" 10.1.2.0/24 , vlan110 ", "10.1.2.0/24,vlan110"),
        ("ether5", "ether5"),
        ("2001:db8::/48", "2001:db8::/48"),
    ],
)
def test_targets_are_normalised(typed, stored):
    assert clean_target(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["10.1.2.1/24", "10.1.2.0/33", "300.1.1.1", "vlan 110", "eth$", "10.0.0.0/8,10.0.0.0/8"],
)
def test_bad_targets_are_refused(typed):
    with pytest.raises(DomainError) as caught:
        clean_target(typed)
    assert "target" in caught.value.fields


def test_change_remove_and_restore_make_new_versions(admin, contract):
    first = services.allocation_add(actor=admin, contract=contract, data=queue())
    key = selectors.rows_of(version=first)[0].key
    second = services.allocation_change(
        actor=admin, contract=contract, key=key, data={"cir_mbps": 15}, expected_version=1
    )
    assert second.number == 2 and selectors.rows_of(version=second)[0].cir_mbps == 15
    assert selectors.rows_of(version=first)[0].cir_mbps == 10  # the older version is untouched
    # nothing changed: no new version
    assert (
        services.allocation_change(actor=admin, contract=contract, key=key, data={"cir_mbps": 15})
        == second
    )
    third = services.allocation_remove(actor=admin, contract=contract, key=key)
    assert selectors.rows_of(version=third) == []
    fourth = services.distribution_restore(actor=admin, contract=contract, number=2)
    assert fourth.number == 4
    assert [r.values() for r in selectors.rows_of(version=fourth)] == [
        r.values() for r in selectors.rows_of(version=second)
    ]
    assert list(
        AuditEvent.objects.filter(action__startswith="distribution.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "distribution.allocation_added",
        "distribution.allocation_changed",
        "distribution.allocation_removed",
        "distribution.restored",
    ]


def test_a_stale_version_is_a_conflict(admin, contract):
    services.allocation_add(actor=admin, contract=contract, data=queue())
    with pytest.raises(Conflict):
        services.allocation_add(
            actor=admin, contract=contract, data=queue(consumer="B"), expected_version=0
        )


def test_a_parent_with_queues_under_it_is_not_removed(admin, contract):
    add_tree(admin, contract)
    setda = next(
        r
        for r in selectors.rows_of(version=selectors.current_version(contract=contract))
        if r.consumer == "Setda"
    )
    with pytest.raises(DomainError, match="Setda"):
        services.allocation_remove(actor=admin, contract=contract, key=setda.key)
    with pytest.raises(DomainError):  # nor moved under its own child
        child = next(
            r
            for r in selectors.rows_of(version=selectors.current_version(contract=contract))
            if r.parent_key == setda.key
        )
        services.allocation_change(
            actor=admin, contract=contract, key=setda.key, data={"parent": child.key}
        )


def test_only_an_active_contract_and_only_the_network_admin(admin, contract, make_user):
    for role in (Role.SECTION_HEAD, Role.PPTK, Role.KPA, Role.HELPDESK):
        with pytest.raises(ActionForbidden):
            services.allocation_add(actor=make_user(role), contract=contract, data=queue())
    contract.state = "expired"
    contract.save()
    with pytest.raises(Conflict):
        services.allocation_add(actor=admin, contract=contract, data=queue())
    assert not DistributionVersion.objects.exists()
