"""The demo network: cabled end to end, with free capacity, and seeded once."""

import pytest

from silajar.inventory import demo, selectors
from silajar.inventory.models import Device, Port
from silajar.organizations.tests.factories import LocationFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_the_demo_network_traces_and_has_free_ports(admin_user):
    location = LocationFactory(organization=OrganizationFactory(short_name="DINKES"))
    assert demo.seed(actor=admin_user, password="", options={}) == "Demo network: 12 devices added."
    assert demo.seed(actor=admin_user, password="", options={}) == "Demo network: 0 devices added."
    outlet = Port.objects.get(device__name="DINKES-OUT-01")
    path = selectors.port_trace(port=outlet)
    assert [s["device"].name for s in path] == [
        "DINKES-OUT-01",
        "DINKES-PP-1",
        "DINKES-PP-1",
        "DINKES-SW-CORE",
    ]
    capacity = selectors.location_capacity(user=admin_user, location=location)
    assert capacity["free_switch_ports"] == 17  # 24 − 4 patched outlets − 2 APs − the uplink
    assert capacity["free_panel_positions"] == 7
    assert Device.objects.filter(location=location).count() == 12
