"""The inventory's API: the contract's names, the trace's shape, scoping, cables."""

import pytest

from silajar.accounts.roles import Role
from silajar.inventory.models import Port
from silajar.inventory.tests.factories import building

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(location):
    return building(location, prefix="DKS")


@pytest.fixture
def theirs(other_location):
    return building(other_location, prefix="DSH")


@pytest.fixture
def as_user(api_client):
    def sign_in(user):
        api_client.force_authenticate(user)
        return api_client

    return sign_in


def test_the_trace_answers_the_contract(mine, theirs, make_user, as_user):
    client = as_user(make_user(Role.TECHNICIAN))
    body = client.get(f"/api/v1/ports/{mine['outlet_port'].pk}/trace/").json()
    assert body == {
        "path": [
            {
                "port": {"id": mine["outlet_port"].pk, "name": "A"},
                "device": {"id": mine["outlet"].pk, "name": "DKS-OUT-101", "kind": "wall_outlet"},
                "cable": {"id": mine["drop"].pk, "label": "DKS-C101"},
            },
            {
                "port": {"id": mine["rear"].pk, "name": "1R"},
                "device": {"id": mine["panel"].pk, "name": "DKS-PP", "kind": "patch_panel"},
                "cable": None,
            },
            {
                "port": {"id": mine["front"].pk, "name": "1F"},
                "device": {"id": mine["panel"].pk, "name": "DKS-PP", "kind": "patch_panel"},
                "cable": {"id": mine["patch"].pk, "label": "DKS-P1"},
            },
            {
                "port": {"id": mine["switch_port"].pk, "name": "Gi0/1"},
                "device": {"id": mine["switch"].pk, "name": "DKS-SW", "kind": "access_switch"},
                "cable": None,
            },
        ]
    }


def test_an_agency_sees_its_own_places_devices_only(mine, theirs, agency_user, as_user):
    client = as_user(agency_user)
    names = {d["name"] for d in client.get("/api/v1/devices/").json()["results"]}
    assert names == {"DKS-GW", "DKS-SW", "DKS-PP", "DKS-OUT-101"}
    assert client.get(f"/api/v1/devices/{theirs['switch'].pk}/").status_code == 404
    assert client.get(f"/api/v1/ports/{theirs['switch_port'].pk}/trace/").status_code == 404
    assert client.get(f"/api/v1/locations/{theirs['location'].pk}/capacity/").status_code == 404
    ports = client.get("/api/v1/ports/", {"state": "free"}).json()["results"]
    assert {p["device"] for p in ports} <= {mine["switch"].pk, mine["panel"].pk}


def test_a_provider_sees_nothing(mine, make_user, as_user):
    client = as_user(make_user(Role.PROVIDER))
    assert client.get("/api/v1/devices/").json()["results"] == []
    assert client.get(f"/api/v1/ports/{mine['switch_port'].pk}/trace/").status_code == 404


def test_filters_by_location_and_kind(mine, theirs, helpdesk_user, as_user):
    client = as_user(helpdesk_user)
    rows = client.get(
        "/api/v1/devices/", {"location": mine["location"].pk, "kind": "access_switch"}
    ).json()["results"]
    assert [(d["name"], d["kind"], d["location"]) for d in rows] == [
        ("DKS-SW", "access_switch", mine["location"].pk)
    ]
    ports = client.get("/api/v1/ports/", {"location": theirs["location"].pk, "state": "free"})
    assert {p["state"] for p in ports.json()["results"]} == {"free"}
    assert {p["device"] for p in ports.json()["results"]} == {
        theirs["switch"].pk,
        theirs["panel"].pk,
    }


def test_capacity_per_device(mine, helpdesk_user, as_user):
    body = as_user(helpdesk_user).get(f"/api/v1/locations/{mine['location'].pk}/capacity/").json()
    assert (body["free_switch_ports"], body["free_panel_positions"]) == (3, 1)
    panel = next(d for d in body["devices"] if d["kind"] == "patch_panel")
    assert (panel["free_ports"], panel["free_positions"]) == (2, 1)


def test_a_cable_on_a_port_in_use_is_refused(mine, make_user, as_user):
    client = as_user(make_user(Role.TECHNICIAN))
    taken = client.post(
        "/api/v1/cables/",
        {"a_port": mine["switch_port"].pk, "b_port": mine["free_position"][0].pk, "label": "X"},
        format="json",
    )
    assert taken.status_code == 400
    assert "a_port" in taken.json()["error"]["fields"]
    laid = client.post(
        "/api/v1/cables/",
        {
            "a_port": mine["free_switch_ports"][0].pk,
            "b_port": mine["free_position"][0].pk,
            "label": "P9",
        },
        format="json",
    )
    assert laid.status_code == 201, laid.content
    cable = laid.json()
    assert [p["id"] for p in cable["ports"]] == sorted(
        [mine["free_switch_ports"][0].pk, mine["free_position"][0].pk]
    )
    assert client.delete(f"/api/v1/cables/{cable['id']}/").status_code == 204
    assert Port.objects.get(pk=mine["free_switch_ports"][0].pk).state == "free"


def test_only_keepers_add_devices(mine, helpdesk_user, make_user, as_user, location):
    body = {"name": "DKS-AP-1", "kind": "access_point", "location": location.pk}
    assert as_user(helpdesk_user).post("/api/v1/devices/", body, format="json").status_code == 403
    response = as_user(make_user(Role.NETWORK_ADMIN)).post("/api/v1/devices/", body, format="json")
    assert response.status_code == 201, response.content
    device = response.json()
    changed = as_user(make_user(Role.TECHNICIAN)).patch(
        f"/api/v1/devices/{device['id']}/",
        {"status": "broken", "version": device["version"]},
        format="json",
    )
    assert changed.json()["status"] == "broken"
