"""The inventory's rules: tracing, cables on used ports, reservations and their release."""

from datetime import timedelta

import pytest
from django.utils import timezone

from silajar.accounts.roles import Role
from silajar.core.errors import ActionForbidden, Conflict, DomainError
from silajar.inventory import selectors, services
from silajar.inventory.models import Cable, Port
from silajar.inventory.tests.factories import PortFactory, building
from silajar.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def net():
    return building()


@pytest.fixture
def tech(make_user):
    return make_user(Role.TECHNICIAN)


def _names(path):
    return [
        (step["device"].name, step["port"].name, step["cable"] and step["cable"].label)
        for step in path
    ]


def test_an_outlet_traces_to_its_switch_port_and_back(net):
    assert _names(selectors.port_trace(port=net["outlet_port"])) == [
        ("B-OUT-101", "A", "B-C101"),
        ("B-PP", "1R", None),  # through the panel, front to rear
        ("B-PP", "1F", "B-P1"),
        ("B-SW", "Gi0/1", None),
    ]
    assert _names(selectors.port_trace(port=net["switch_port"])) == [
        ("B-SW", "Gi0/1", "B-P1"),
        ("B-PP", "1F", None),
        ("B-PP", "1R", "B-C101"),
        ("B-OUT-101", "A", None),
    ]


def test_a_free_port_traces_to_itself(net):
    [step] = selectors.port_trace(port=net["free_switch_ports"][0])
    assert step["cable"] is None


def test_a_cable_is_refused_on_a_port_in_use(net, tech):
    with pytest.raises(DomainError) as refused:
        services.cable_create(actor=tech, a_port=net["switch_port"], b_port=net["free_position"][0])
    assert "a_port" in refused.value.fields
    cable = services.cable_create(
        actor=tech, a_port=net["free_switch_ports"][0], b_port=net["free_position"][0], label="P2"
    )
    assert sorted(p.state for p in cable.ports.all()) == ["used", "used"]


def test_a_port_is_on_one_cable_only_in_the_database(net):
    from django.db import IntegrityError

    port = net["free_switch_ports"][0]
    port.cable = net["patch"]
    port.state = "free"
    with pytest.raises(IntegrityError):
        port.save()  # a cabled port is used (check constraint)


def test_removing_a_cable_frees_its_ports(net, tech):
    services.cable_delete(actor=tech, cable=net["patch"])
    assert set(
        Port.objects.filter(pk__in=[net["front"].pk, net["switch_port"].pk]).values_list(
            "state", flat=True
        )
    ) == {"free"}


def test_only_the_keepers_lay_cables(net, make_user):
    with pytest.raises(ActionForbidden):
        services.cable_create(
            actor=make_user(Role.HELPDESK),
            a_port=net["free_switch_ports"][0],
            b_port=net["free_position"][0],
        )


def test_capacity_counts_free_switch_ports_and_positions(net, make_user):
    capacity = selectors.location_capacity(user=make_user(Role.HELPDESK), location=net["location"])
    assert capacity["free_switch_ports"] == 3
    assert capacity["free_panel_positions"] == 1


def test_reserving_twice_conflicts_and_releasing_frees(net, tech):
    port = net["free_switch_ports"][0]
    services.ports_reserve(actor=tech, reference="installation:1", ports=[port.pk])
    with pytest.raises(Conflict):
        services.ports_reserve(actor=tech, reference="installation:2", ports=[port.pk])
    # the same work names its picks again: nothing changes; a new pick replaces the old one
    other = net["free_switch_ports"][1]
    services.ports_reserve(actor=tech, reference="installation:1", ports=[other.pk])
    port.refresh_from_db()
    assert port.state == "free"
    assert services.ports_release(actor=tech, reference="installation:1") == 1
    other.refresh_from_db()
    assert (other.state, other.reservation) == ("free", "")


def test_reserving_at_another_place_is_refused(net, tech):
    elsewhere = PortFactory()
    with pytest.raises(DomainError):
        services.ports_reserve(
            actor=tech, reference="x:1", ports=[elsewhere.pk], location_id=net["location"].pk
        )


def test_commissioning_lays_the_cables_and_uses_the_ports(net, tech):
    switch_port = net["free_switch_ports"][0]
    front, rear = net["free_position"]
    outlet = PortFactory(device=net["outlet"], name="B")
    services.ports_reserve(
        actor=tech, reference="installation:7", ports=[switch_port.pk, front.pk, rear.pk, outlet.pk]
    )
    cables = services.ports_commission(actor=tech, reference="installation:7", label="PJ-7")
    assert [c.label for c in cables] == ["PJ-7-1", "PJ-7-2"]
    assert {
        p.state for p in Port.objects.filter(pk__in=[switch_port.pk, front.pk, rear.pk, outlet.pk])
    } == {"used"}
    outlet.refresh_from_db()
    assert [s["port"].name for s in selectors.port_trace(port=outlet)] == ["B", "2R", "2F", "Gi0/2"]


def test_a_reservation_without_decision_for_30_days_is_flagged_once(net, tech, make_user):
    admin = make_user(Role.NETWORK_ADMIN)
    port = net["free_switch_ports"][0]
    services.ports_reserve(actor=tech, reference="installation:9", ports=[port.pk])
    assert services.stale_reservations_flag() == 0
    Port.objects.filter(pk=port.pk).update(reserved_at=timezone.now() - timedelta(days=31))
    assert services.stale_reservations_flag() == 1
    assert services.stale_reservations_flag() == 0
    assert Notification.objects.filter(recipient=admin).count() == 1
    port.refresh_from_db()
    assert selectors.is_stale(port)
    assert Cable.objects.count() == 3


def test_ports_are_added_after_the_last_one(net, tech):
    added = services.ports_add(actor=tech, device=net["panel"], count=2)
    assert [p.name for p in added] == ["3F", "3R", "4F", "4R"]
    added = services.ports_add(actor=tech, device=net["switch"], count=1, prefix="Gi0/")
    assert [p.name for p in added] == ["Gi0/6"]  # five ports already (Gi0/1–4 and the uplink)
