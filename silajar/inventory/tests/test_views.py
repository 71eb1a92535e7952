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
