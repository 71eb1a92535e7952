"""The survey reserves the network inventory's ports; the installation's end decides them:
completed, they are used and cabled; cancelled or rejected, they are free again."""

import pytest
from django.contrib.auth.models import Group, Permission

from silajar.accounts.roles import Role, sync_role_groups
from silajar.core.tests.concurrency import run_together
from silajar.installations import services
from silajar.installations.choices import RequestState as S
from silajar.installations.tests.factories import ADEQUATE_PATH, Cast, act, file_request
from silajar.inventory.models import Port
from silajar.inventory.tests.factories import building
from silajar.organizations.tests.factories import LocationFactory, OrganizationFactory


def surveying(cast: Cast, location):
    """A request of `cast`'s agency at `location`, its survey assigned to the technician."""
    installation = file_request(cast, location=location)
    for action, role, inputs in ADEQUATE_PATH:
        installation = act(installation, cast, action, role, inputs)
        if installation.state == S.SURVEY_ASSIGNED:
            return installation
    raise AssertionError("never surveyed")


def url(installation) -> str:
    return f"/api/v1/installation-requests/{installation.pk}/reserve_ports/"


def states(*ports) -> list[str]:
    return [Port.objects.get(pk=p.pk).state for p in ports]


@pytest.fixture
def place(agency):
    return building(LocationFactory(organization=agency))


@pytest.mark.django_db
def test_the_survey_reserves_free_ports_and_a_taken_one_answers_409(agency, place, api_client):
    cast = Cast(agency)
    first, second = surveying(cast, place["location"]), surveying(cast, place["location"])
    port, other = place["free_switch_ports"][:2]
    api_client.force_authenticate(cast[Role.TECHNICIAN])
    response = api_client.post(url(first), {"ports": [port.pk]}, format="json")
    assert response.status_code == 200, response.content
    assert [p["id"] for p in response.json()["reserved_ports"]] == [port.pk]
    refused = api_client.post(url(second), {"ports": [port.pk, other.pk]}, format="json")
    assert refused.status_code == 409
    assert states(port, other) == ["reserved", "free"]  # nothing of the refused one


@pytest.mark.django_db
def test_only_the_assigned_technician_reserves_and_only_at_the_place(agency, place, api_client):
    cast = Cast(agency)
    installation = surveying(cast, place["location"])
    api_client.force_authenticate(cast[Role.SECTION_HEAD])
    port = place["free_switch_ports"][0]
    assert (
        api_client.post(url(installation), {"ports": [port.pk]}, format="json").status_code == 403
    )
    api_client.force_authenticate(cast[Role.TECHNICIAN])
    elsewhere = building(LocationFactory(organization=agency), prefix="X")["free_switch_ports"][0]
    response = api_client.post(url(installation), {"ports": [elsewhere.pk]}, format="json")
    assert response.status_code == 400
    assert states(port, elsewhere) == ["free", "free"]


@pytest.mark.django_db
def test_completing_uses_and_cables_the_ports_cancelling_releases_them(agency, place):
    cast = Cast(agency)
    done = surveying(cast, place["location"])
    switch_port = place["free_switch_ports"][0]
    front, _rear = place["free_position"]
    services.installation_reserve_ports(
        installation=done, actor=cast[Role.TECHNICIAN], ports=[switch_port.pk, front.pk]
    )
    start = [name for name, _role, _inputs in ADEQUATE_PATH].index("record_survey")
    for action, role, inputs in ADEQUATE_PATH[start:]:
        done = act(done, cast, action, role, inputs)
        if done.state == S.INSTALLED:
            break
    assert done.state == S.INSTALLED
    switch_port.refresh_from_db()
    assert switch_port.state == "used" and switch_port.cable.label == f"{done.number}-1"

    dropped = surveying(cast, place["location"])
    spare = place["free_switch_ports"][1]
    services.installation_reserve_ports(
        installation=dropped, actor=cast[Role.TECHNICIAN], ports=[spare.pk]
    )
    act(dropped, cast, "cancel", Role.SECTION_HEAD, {"reason": "Dibatalkan."})
    assert states(spare) == ["free"]


@pytest.mark.django_db(transaction=True)
def test_twenty_surveys_reserving_one_port_at_once_one_wins():
    sync_role_groups(Group.objects, Permission.objects)
    agency = OrganizationFactory()
    cast = Cast(agency)
    place = building(LocationFactory(organization=agency))
    port = place["free_switch_ports"][0]
    requests = [surveying(cast, place["location"]) for _ in range(20)]
    statuses = run_together(
        [(cast[Role.TECHNICIAN], url(r), {"ports": [port.pk]}) for r in requests]
    )
    assert statuses[200] == 1, statuses
    assert statuses[409] == 19, statuses
    port.refresh_from_db()
    assert port.state == "reserved"
    assert Port.objects.filter(state="reserved").count() == 1


@pytest.mark.django_db
def test_the_technician_picks_ports_and_the_device_on_the_page(agency, place, client_as):
    cast = Cast(agency)
    installation = surveying(cast, place["location"])
    client = client_as(cast[Role.TECHNICIAN])
    detail = client.get(f"/installations/{installation.pk}/").content.decode()
    assert 'data-testid="pick-ports"' in detail
    page = client.get(f"/installations/{installation.pk}/ports/").content.decode()
    port = place["free_switch_ports"][0]
    assert f'name="ports" value="{port.pk}"' in page
    assert f'name="ports" value="{place["switch_port"].pk}"' not in page  # in use: not offered
    response = client.post(
        f"/installations/{installation.pk}/ports/",
        {"ports": [port.pk], "device": place["outlet"].pk},
    )
    assert response.status_code == 302
    installation.refresh_from_db()
    assert installation.device == place["outlet"]
    assert states(port) == ["reserved"]
    other = client_as(Cast(agency)[Role.TECHNICIAN])
    assert other.post(f"/installations/{installation.pk}/ports/", {"ports": []}).status_code == 403
