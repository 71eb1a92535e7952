"""A ticket names the device or outlet concerned (the network inventory); the device's page
lists the ticket."""

import pytest

from silajar.core.errors import DomainError
from silajar.inventory.tests.factories import DeviceFactory
from silajar.organizations.tests.factories import LocationFactory
from silajar.tickets import services
from silajar.tickets.tests.test_portal import new_ticket

pytestmark = pytest.mark.django_db


def test_a_ticket_names_a_device_of_its_place(helpdesk_user, agency, location, client_as):
    ticket = new_ticket(helpdesk_user, agency, location)
    outlet = DeviceFactory(location=location, kind="wall_outlet", name="DKS-OUT-201")
    elsewhere = DeviceFactory(location=LocationFactory(organization=agency), name="DKS-SW-9")
    with pytest.raises(DomainError):
        services.ticket_update(
            actor=helpdesk_user, ticket=ticket, data={"device": elsewhere}, expected_version=None
        )
    services.ticket_update(
        actor=helpdesk_user, ticket=ticket, data={"device": outlet}, expected_version=None
    )
    client = client_as(helpdesk_user)
    assert "DKS-OUT-201" in client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert ticket.number in client.get(f"/inventory/devices/{outlet.pk}/").content.decode()
