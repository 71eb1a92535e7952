"""On a phone (360 px), the surveying technician picks a free port of the place and follows its
trace; the inventory's pages fit the phone too."""

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from silajar.accounts.roles import Role, sync_role_groups
from silajar.core.tests.browser import PHONE, assert_no_horizontal_scroll, sign_in
from silajar.installations.tests.factories import Cast
from silajar.installations.tests.test_ports import surveying
from silajar.inventory.models import Port
from silajar.inventory.tests.factories import building
from silajar.organizations.tests.factories import LocationFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_technician_picks_a_port_and_traces_it_on_a_phone(live_server, new_page, password):
    sync_role_groups(Group.objects, Permission.objects)
    agency = OrganizationFactory()
    cast = Cast(agency)
    place = building(LocationFactory(organization=agency), prefix="HP")
    installation = surveying(cast, place["location"])
    port = place["free_switch_ports"][0]
    phone = new_page(**PHONE)
    sign_in(phone, live_server.url, cast[Role.TECHNICIAN].username, password)

    phone.goto(f"{live_server.url}/installations/{installation.pk}/")
    with phone.expect_navigation():
        phone.locator("[data-testid=pick-ports]").click()
    assert_no_horizontal_scroll(phone)
    phone.locator(f"input[name=ports][value='{port.pk}']").check()
    with phone.expect_navigation():
        phone.locator("[data-testid=reserve-ports] button[type=submit]").click()
    expect(phone.locator("[data-testid=reserved-ports]")).to_contain_text("HP-SW Gi0/2")
    assert Port.objects.get(pk=port.pk).state == "reserved"

    for url in (
        f"/inventory/ports/{place['outlet_port'].pk}/trace/",
        f"/inventory/devices/{place['switch'].pk}/",
        f"/inventory/places/{place['location'].pk}/",
        "/inventory/",
    ):
        assert phone.goto(live_server.url + url).status == 200
        assert_no_horizontal_scroll(phone)
    phone.goto(f"{live_server.url}/inventory/ports/{place['outlet_port'].pk}/trace/")
    expect(phone.locator("[data-testid=trace-step]")).to_have_count(4)
