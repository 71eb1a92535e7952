"""The organizations API: staff see every agency, agency users only their own."""

import pytest

from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import token_client
from silajar.organizations.models import Organization
from silajar.organizations.tests.factories import LocationFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_staff_see_every_agency(helpdesk_user, agency, other_agency):
    response = token_client(helpdesk_user).get("/api/v1/organizations/")
    assert response.status_code == 200
    assert ids(response) == {agency.pk, other_agency.pk}


def test_superuser_sees_every_agency(admin_user, agency, other_agency):
    assert ids(token_client(admin_user).get("/api/v1/organizations/")) == {
        agency.pk,
        other_agency.pk,
    }


def test_agency_user_sees_own_agency_only(agency_user, agency, other_agency):
    response = token_client(agency_user).get("/api/v1/organizations/")
    assert response.status_code == 200
    assert ids(response) == {agency.pk}
    assert response.json()["count"] == 1


def test_agency_user_cannot_open_other_agency(agency_user, agency, other_agency):
    client = token_client(agency_user)
    assert client.get(f"/api/v1/organizations/{agency.pk}/").status_code == 200
    response = client.get(f"/api/v1/organizations/{other_agency.pk}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_provider_sees_no_agency(make_user, agency):
    response = token_client(make_user(Role.PROVIDER)).get("/api/v1/organizations/")
    assert response.status_code == 200
    assert ids(response) == set()


def test_user_without_role_sees_nothing(make_user, agency):
    response = token_client(make_user()).get("/api/v1/organizations/")
    assert ids(response) == set()


def test_anonymous_is_refused(api_client, agency):
    response = api_client.get("/api/v1/organizations/")
    assert response.status_code in (401, 403)
    assert "error" in response.json()


def test_organization_fields(helpdesk_user, agency):
    body = token_client(helpdesk_user).get(f"/api/v1/organizations/{agency.pk}/").json()
    assert body["name"] == "Dinas Kesehatan Provinsi Kalimantan Barat"
    assert body["short_name"] == "DINKES"
    assert body["kind"] == "dinas"
    assert body["version"] == 1


def test_organizations_are_read_only(admin_user, agency):
    client = token_client(admin_user)
    assert client.post("/api/v1/organizations/", {"name": "x"}, format="json").status_code == 405
    assert (
        client.patch(
            f"/api/v1/organizations/{agency.pk}/", {"name": "x"}, format="json"
        ).status_code
        == 405
    )


def test_filters(helpdesk_user, agency, other_agency):
    inactive = OrganizationFactory(
        name="Badan Lama", short_name="BLAMA", kind="badan", is_active=False
    )
    client = token_client(helpdesk_user)
    assert ids(client.get("/api/v1/organizations/?q=dishub")) == {other_agency.pk}
    assert ids(client.get("/api/v1/organizations/?q=kesehatan")) == {agency.pk}
    assert ids(client.get("/api/v1/organizations/?kind=badan")) == {inactive.pk}
    assert ids(client.get("/api/v1/organizations/?active=false")) == {inactive.pk}
    assert inactive.pk not in ids(client.get("/api/v1/organizations/?active=true"))


def test_pagination_keys(helpdesk_user):
    # helpdesk_user's fixtures already made one agency
    for n in range(29):
        OrganizationFactory(name=f"Dinas Halaman {n:02d}", short_name=f"DH{n:02d}")
    client = token_client(helpdesk_user)
    first = client.get("/api/v1/organizations/").json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == Organization.objects.count() == 30
    assert len(first["results"]) == 25
    assert first["previous"] is None
    assert "page=2" in first["next"]
    second = client.get("/api/v1/organizations/?page=2").json()
    assert len(second["results"]) == 5
    assert second["next"] is None
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}
    small = client.get("/api/v1/organizations/?page_size=10").json()
    assert len(small["results"]) == 10
    capped = client.get("/api/v1/organizations/?page_size=1000").json()
    assert len(capped["results"]) == 30


def test_page_out_of_range_is_404(helpdesk_user, agency):
    response = token_client(helpdesk_user).get("/api/v1/organizations/?page=99")
    assert response.status_code == 404
    assert "error" in response.json()


# --- locations ------------------------------------------------------------------------------


def test_agency_user_locations_of_own_agency(agency_user, agency, location, other_location):
    second = LocationFactory(organization=agency)
    response = token_client(agency_user).get(f"/api/v1/organizations/{agency.pk}/locations/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert ids(response) == {location.pk, second.pk}
    assert all(row["organization"] == agency.pk for row in body["results"])


def test_agency_user_locations_of_other_agency_is_404(agency_user, other_agency, other_location):
    response = token_client(agency_user).get(f"/api/v1/organizations/{other_agency.pk}/locations/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert str(other_location.room) not in response.content.decode()


def test_staff_see_locations_of_any_agency(helpdesk_user, other_agency, location, other_location):
    response = token_client(helpdesk_user).get(
        f"/api/v1/organizations/{other_agency.pk}/locations/"
    )
    assert response.status_code == 200
    assert ids(response) == {other_location.pk}


def test_locations_of_unknown_agency_is_404(helpdesk_user):
    response = token_client(helpdesk_user).get("/api/v1/organizations/999999/locations/")
    assert response.status_code == 404


def test_location_fields(helpdesk_user, agency, location):
    row = (
        token_client(helpdesk_user)
        .get(f"/api/v1/organizations/{agency.pk}/locations/")
        .json()["results"][0]
    )
    assert set(row) == {
        "id",
        "organization",
        "building",
        "floor",
        "room",
        "address",
        "latitude",
        "longitude",
        "is_active",
        "version",
    }
    assert row["building"] == "Gedung Utama"
