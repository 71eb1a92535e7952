"""The inventory's pages: the list, a device, a place's network, the trace, the import."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from silajar.accounts.roles import Role
from silajar.inventory import services
from silajar.inventory.models import ImportRun, Port
from silajar.inventory.tests.factories import building

pytestmark = pytest.mark.django_db


@pytest.fixture
def net(location):
    return building(location, prefix="DKS")


def test_the_list_searches(net, helpdesk_user, client_as):
    page = client_as(helpdesk_user).get("/inventory/", {"q": "DKS-SW"}).content.decode()
    assert "DKS-SW" in page and "DKS-GW" not in page


def test_the_trace_page_draws_the_path(net, helpdesk_user, client_as):
    page = client_as(helpdesk_user).get(f"/inventory/ports/{net['outlet_port'].pk}/trace/")
    text = page.content.decode()
    assert text.count('data-testid="trace-step"') == 4
    assert text.index("DKS-OUT-101") < text.index("DKS-PP") < text.index("DKS-SW")


def test_the_place_page_shows_capacity_and_a_stale_reservation(net, client_as, make_user):
    tech = make_user(Role.TECHNICIAN)
    port = net["free_switch_ports"][0]
    services.ports_reserve(actor=tech, reference="installation:5", ports=[port.pk])
    Port.objects.filter(pk=port.pk).update(reserved_at=timezone.now() - timedelta(days=40))
    page = client_as(tech).get(f"/inventory/places/{net['location'].pk}/").content.decode()
    assert 'data-testid="capacity"' in page
    assert 'data-testid="stale"' in page
    device = client_as(tech).get(f"/inventory/devices/{net['switch'].pk}/").content.decode()
    assert 'data-testid="stale"' in device


def test_an_agency_user_reaches_its_own_devices_only(
    net, other_location, agency_user, other_agency_user, client_as
):
    assert client_as(agency_user).get(f"/inventory/devices/{net['switch'].pk}/").status_code == 200
    assert (
        client_as(other_agency_user).get(f"/inventory/devices/{net['switch'].pk}/").status_code
        == 404
    )


def test_the_import_page_runs_the_dry_run_and_shows_its_progress(
    client_as, make_user, django_capture_on_commit_callbacks
):
    tech = make_user(Role.TECHNICIAN)
    client = client_as(tech)
    assert "Perangkat" in client.get("/inventory/import/").content.decode()  # the columns
    upload = SimpleUploadedFile("p.csv", b"Perangkat,Port\nTIDAK-ADA,1\n", content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/inventory/import/", {"what": "ports", "file": upload})
    run = ImportRun.objects.get()
    assert response.url == f"/inventory/import/{run.pk}/"
    progress = client.get(f"/inventory/import/{run.pk}/progress/").content.decode()
    assert 'data-stage="rejected"' in progress and "hx-trigger" not in progress
    assert client_as(make_user(Role.HELPDESK)).get("/inventory/import/").status_code == 403


def test_a_keeper_adds_and_edits_a_device_against_the_version_seen(net, client_as, make_user):
    tech = make_user(Role.TECHNICIAN)
    client = client_as(tech)
    assert 'data-testid="new-device"' in client.get("/inventory/").content.decode()
    data = {
        "location": net["location"].pk,
        "kind": "access_switch",
        "name": "DKS-SW2",
        "status": "active",
        "owner": "diskominfo",
    }
    created = client.post("/inventory/devices/new/", data)
    device = services.Device.objects.get(name="DKS-SW2")
    assert created.status_code == 302 and created["Location"] == f"/inventory/devices/{device.pk}/"
    edited = client.post(
        f"/inventory/devices/{device.pk}/edit/",
        {**data, "model": "CRS326", "version": device.version},
    )
    assert edited.status_code == 302
    stale = client.post(
        f"/inventory/devices/{device.pk}/edit/", {**data, "model": "X", "version": device.version}
    )
    assert stale.status_code == 200 and services.Device.objects.get(pk=device.pk).model == "CRS326"
    twice = client.post("/inventory/devices/new/", data)  # the name is taken: said on the field
    assert twice.status_code == 200 and services.Device.objects.filter(name="DKS-SW2").count() == 1


def test_ports_are_added_and_a_cable_laid_and_removed_from_the_device_page(
    net, client_as, make_user
):
    tech = make_user(Role.TECHNICIAN)
    client = client_as(tech)
    switch = net["switch"]
    added = client.post(
        f"/inventory/devices/{switch.pk}/ports/",
        {"ports-count": 2, "ports-prefix": "Gi1/0/", "ports-kind": "copper"},
    )
    assert added.status_code == 302
    assert set(switch.ports.filter(name__startswith="Gi1/0/").values_list("name", flat=True)) == {
        "Gi1/0/6",
        "Gi1/0/7",
    }
    a, b = net["free_switch_ports"][0], net["free_position"][0]
    laid = client.post(
        f"/inventory/devices/{switch.pk}/cables/",
        {"cable-a_port": a.pk, "cable-b_port": b.pk, "cable-label": "P9"},
    )
    assert laid.status_code == 302
    a.refresh_from_db()
    assert a.state == "used" and a.cable.label == "P9"
    in_use = client.post(  # the port is on a cable now: not offered, refused on the form
        f"/inventory/devices/{switch.pk}/cables/",
        {"cable-a_port": a.pk, "cable-b_port": net["free_switch_ports"][1].pk},
    )
    assert in_use.status_code == 200 and 'data-testid="cable-add" open' in in_use.content.decode()
    removed = client.post(f"/inventory/devices/{switch.pk}/cables/{a.cable_id}/remove/")
    assert removed.status_code == 302
    a.refresh_from_db()
    assert a.state == "free" and a.cable is None


def test_only_the_inventorys_keepers_change_it_from_the_pages(net, helpdesk_user, client_as):
    client = client_as(helpdesk_user)  # reads the inventory, keeps none of it
    switch = net["switch"]
    page = client.get(f"/inventory/devices/{switch.pk}/").content.decode()
    assert "edit-device" not in page and "ports-add" not in page and "cable-remove" not in page
    assert client.get("/inventory/devices/new/").status_code == 403
    assert client.post(f"/inventory/devices/{switch.pk}/ports/", {}).status_code == 403
    cable = net["patch"]
    assert (
        client.post(f"/inventory/devices/{switch.pk}/cables/{cable.pk}/remove/").status_code == 403
    )
    assert switch.ports.filter(cable=cable).exists()
