"""Places read as places: the room or floor the reporter names (`location_detail`) is kept in its
own field, from the intake, the portal's report, the edit page and the API, and shown apart from
the registered place on every screen and on the disruption form, never run into it."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from silajar.accounts.roles import Role
from silajar.organizations.tests.factories import LocationFactory
from silajar.tickets import services
from silajar.tickets.choices import Scope
from silajar.tickets.documents import render_disruption_form
from silajar.tickets.models import Ticket
from silajar.tickets.tests.test_documents import read
from silajar.tickets.tests.test_portal import new_ticket
from silajar.tickets.tests.test_views import intake_data

pytestmark = pytest.mark.django_db

ROOM = "Ruang rapat lantai 3"


@pytest.fixture
def hall(agency):
    return LocationFactory(
        organization=agency, building="Gedung Utama", floor="1", room="Ruang Pelayanan"
    )


@pytest.fixture
def technician(make_user):
    return make_user(Role.TECHNICIAN, username="teknisi", full_name="Budi Teknisi")


def assert_apart(body: str, place: str) -> None:
    """The registered place and the room are both shown, and never in one run of text."""
    assert place in body and ROOM in body
    for text in re.sub(r"<[^>]+>", "\n", body).split("\n"):
        assert not (place in text and ROOM in text), text


def test_intake_and_portal_report_keep_the_room_apart(
    client_as, helpdesk_user, agency_user, agency, hall
):
    client_as(helpdesk_user).post(
        reverse("tickets:intake"),
        intake_data(agency, hall, intent="log", location_detail=f"  {ROOM} "),
    )
    client_as(agency_user).post(
        reverse("tickets:portal_report"),
        {
            "scope": Scope.WHOLE_LOCATION,
            "location": hall.pk,
            "location_detail": ROOM,
            "description": "Semua PC tidak bisa internet",
        },
    )
    phoned, reported = Ticket.objects.order_by("pk")
    for ticket in (phoned, reported):
        assert (ticket.location, ticket.location_detail) == (hall, ROOM)
        assert ROOM not in ticket.description


def test_edit_page_and_api_change_the_room(client_as, helpdesk_user, agency, hall):
    ticket = new_ticket(helpdesk_user, agency, hall)
    edit = client_as(helpdesk_user).get(reverse("tickets:edit", args=[ticket.pk]))
    assert 'name="location_detail"' in edit.content.decode()
    api = APIClient()
    api.force_authenticate(helpdesk_user)
    response = api.patch(
        f"/api/v1/tickets/{ticket.pk}/",
        {"version": ticket.version, "location_detail": ROOM},
        format="json",
    )
    assert response.status_code == 200 and response.json()["location_detail"] == ROOM
    created = api.post(
        "/api/v1/tickets/",
        {
            "channel": "phone",
            "organization": agency.pk,
            "location": hall.pk,
            "location_detail": "Meja loket 2",
            "reporter_name": "Rina",
            "description": "PC loket tidak bisa internet",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert Ticket.objects.get(pk=created.json()["id"]).location_detail == "Meja loket 2"


def test_every_screen_shows_the_room_apart_from_the_place(
    client_as, helpdesk_user, technician, agency_user, agency, hall
):
    ticket = new_ticket(helpdesk_user, agency, hall, location_detail=ROOM)
    services.ticket_triage(ticket=ticket, actor=helpdesk_user)
    services.ticket_dispatch(ticket=ticket, actor=helpdesk_user, technician=technician)
    place = str(hall)
    screens = [
        (helpdesk_user, reverse("tickets:detail", args=[ticket.pk])),
        (technician, reverse("tickets:field_queue")),
        (technician, reverse("tickets:field_detail", args=[ticket.pk])),
        (agency_user, reverse("tickets:portal_detail", args=[ticket.pk])),
    ]
    for user, url in screens:
        response = client_as(user).get(url)
        assert response.status_code == 200, url
        assert_apart(response.content.decode(), place)


def test_disruption_form_prints_the_room_on_its_own_line(helpdesk_user, agency, hall):
    ticket = new_ticket(helpdesk_user, agency, hall, location_detail=ROOM)
    _reader, text = read(render_disruption_form(ticket))
    lines = text.splitlines()
    assert any(line.startswith("Lokasi") and str(hall) in line for line in lines), lines
    assert any(line.startswith("Ruang/lantai") and ROOM in line for line in lines), lines
    assert not any(str(hall) in line and ROOM in line for line in lines)
    # without a room named, no empty row
    plain = new_ticket(helpdesk_user, agency, hall)
    assert "Ruang/lantai" not in read(render_disruption_form(plain))[1]
