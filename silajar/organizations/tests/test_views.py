"""Agency and place pages: who may open them, creating and editing, stale edits, scoping."""

import html

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from silajar.accounts.roles import Role
from silajar.core.errors import Conflict
from silajar.core.models import AuditEvent
from silajar.organizations.models import Location, Organization
from silajar.organizations.tests.factories import LocationFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

PLACE_EDITORS = {Role.HELPDESK, Role.TECHNICIAN, Role.NETWORK_ADMIN, Role.OPD_OPERATOR}
OUTSIDERS = {Role.PROVIDER, Role.SYSTEM_ADMIN}  # no agency's records at all

# page → expected status for a user of each role (agency roles belong to the page's agency)
EXPECTED = {
    "list": {role: 403 if role in OUTSIDERS else 200 for role in Role},
    "export": {role: 403 if role in OUTSIDERS else 200 for role in Role},
    "detail": {role: 404 if role in OUTSIDERS else 200 for role in Role},
    "create": {role: 200 if role == Role.NETWORK_ADMIN else 403 for role in Role},
    "import": {role: 200 if role == Role.NETWORK_ADMIN else 403 for role in Role},
    "edit": {
        role: 200 if role == Role.NETWORK_ADMIN else 404 if role in OUTSIDERS else 403
        for role in Role
    },
    "location_create": {
        role: 200 if role in PLACE_EDITORS else 404 if role in OUTSIDERS else 403 for role in Role
    },
    "location_edit": {
        role: 200 if role in PLACE_EDITORS else 404 if role in OUTSIDERS else 403 for role in Role
    },
}


def page_url(page: str, organization: Organization, location: Location) -> str:
    if page in ("list", "create", "import"):
        return reverse(f"organizations:{page}")
    if page == "export":
        return reverse("organizations:export", args=["csv"])
    if page == "location_edit":
        return reverse("organizations:location_edit", args=[organization.pk, location.pk])
    return reverse(f"organizations:{page}", args=[organization.pk])


def conflict_text() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return html.escape(str(Conflict.default_message))


def organization_data(organization: Organization | None = None, **changes) -> dict:
    data = {
        "name": "Badan Pendapatan Daerah Provinsi Kalimantan Barat",
        "short_name": "BAPENDA",
        "kind": "badan",
        "address": "Jl. Sutoyo, Pontianak",
        "phone": "0561-736541",
        "email": "bapenda@example.org",
        "head_name": "Ir. Kepala Bapenda",
        "head_title": "Kepala Badan",
        "head_nip": "197001011990031001",
        "criticality": "normal",
        "is_active": "on",
    }
    if organization is not None:
        data.update(
            {
                "name": organization.name,
                "short_name": organization.short_name,
                "kind": organization.kind,
                "address": organization.address,
                "phone": organization.phone,
                "email": organization.email,
                "head_name": organization.head_name,
                "head_title": organization.head_title,
                "head_nip": organization.head_nip,
                "criticality": organization.criticality,
                "version": organization.version,
            }
        )
        if not organization.is_active:
            del data["is_active"]
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def location_data(location: Location | None = None, **changes) -> dict:
    data = {
        "building": "Gedung B",
        "floor": "2",
        "room": "Ruang Server",
        "address": "Jl. Ahmad Yani No. 1",
        "latitude": "-0.048950",
        "longitude": "109.343650",
        "is_active": "on",
    }
    if location is not None:
        data.update(
            {
                "building": location.building,
                "floor": location.floor,
                "room": location.room,
                "address": location.address,
                "latitude": location.latitude if location.latitude is not None else "",
                "longitude": location.longitude if location.longitude is not None else "",
                "version": location.version,
            }
        )
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- who may open what -----------------------------------------------------------------------


@pytest.mark.parametrize("page", list(EXPECTED))
@pytest.mark.parametrize("role", list(Role))
def test_permission_matrix(client_as, make_user, agency, location, page, role):
    user = make_user(role)
    response = client_as(user).get(page_url(page, agency, location))
    assert response.status_code == EXPECTED[page][role], (page, role)


@pytest.mark.parametrize(
    "page,expected",
    [
        ("detail", 404),
        ("edit", 404),
        ("location_create", 404),
        ("location_edit", 404),
        ("create", 403),
        ("import", 403),
    ],
)
@pytest.mark.parametrize("role", [Role.OPD_USER, Role.OPD_OPERATOR])
def test_user_of_another_agency_is_refused(
    client_as, make_user, other_agency, agency, location, page, expected, role
):
    stranger = make_user(role, organization=other_agency)
    response = client_as(stranger).get(page_url(page, agency, location))
    assert response.status_code == expected


def test_superuser_sees_every_button(client_as, admin_user, agency, location):
    client = client_as(admin_user)
    listing = client.get(reverse("organizations:list")).content.decode()
    assert 'data-testid="add-agency"' in listing
    assert 'data-testid="import-agencies"' in listing
    detail = client.get(reverse("organizations:detail", args=[agency.pk])).content.decode()
    assert 'data-testid="edit-agency"' in detail
    assert 'data-testid="add-place"' in detail
    assert reverse("organizations:location_edit", args=[agency.pk, location.pk]) in detail


def test_buttons_follow_permissions(client_as, make_user, agency, location):
    reader = client_as(make_user(Role.SECTION_HEAD))
    listing = reader.get(reverse("organizations:list")).content.decode()
    assert 'data-testid="add-agency"' not in listing
    assert 'data-testid="import-agencies"' not in listing
    assert 'data-testid="export-csv"' in listing
    detail = reader.get(reverse("organizations:detail", args=[agency.pk])).content.decode()
    assert 'data-testid="edit-agency"' not in detail
    assert 'data-testid="add-place"' not in detail
    assert 'data-testid="edit-place"' not in detail


def test_agency_operator_sees_place_buttons_of_own_agency_only(
    client_as, make_user, agency, location
):
    operator = client_as(make_user(Role.OPD_OPERATOR))
    detail = operator.get(reverse("organizations:detail", args=[agency.pk])).content.decode()
    assert 'data-testid="add-place"' in detail
    assert 'data-testid="edit-place"' in detail
    assert 'data-testid="edit-agency"' not in detail


# --- agencies --------------------------------------------------------------------------------


def test_network_admin_creates_an_agency(client_as, make_user):
    admin = make_user(Role.NETWORK_ADMIN)
    response = client_as(admin).post(reverse("organizations:create"), organization_data())
    created = Organization.objects.get(short_name="BAPENDA")
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:detail", args=[created.pk])
    assert created.head_nip == "197001011990031001"
    assert created.is_active is True
    event = AuditEvent.objects.get(action="organization.created", object_id=str(created.pk))
    assert event.actor == admin


def test_create_shows_field_errors(client_as, make_user, agency):
    client = client_as(make_user(Role.NETWORK_ADMIN))
    response = client.post(
        reverse("organizations:create"),
        organization_data(short_name=agency.short_name, head_nip="123"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "short_name" in form.errors
    assert "head_nip" in form.errors
    assert Organization.objects.count() == 1


def test_edit_saves_and_bumps_version(client_as, make_user, agency):
    client = client_as(make_user(Role.NETWORK_ADMIN))
    url = reverse("organizations:edit", args=[agency.pk])
    page = client.get(url)
    assert f'name="version" value="{agency.version}"' in page.content.decode()
    response = client.post(
        url, organization_data(agency, head_name="dr. Kepala Baru", is_active=None)
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.head_name == "dr. Kepala Baru"
    assert agency.is_active is False
    assert agency.version == 2
    event = AuditEvent.objects.get(action="organization.updated", object_id=str(agency.pk))
    assert event.changes["head_name"] == ["Drs. Kepala Uji", "dr. Kepala Baru"]


def test_stale_agency_edit_is_refused(client_as, make_user, agency):
    client = client_as(make_user(Role.NETWORK_ADMIN))
    stale = organization_data(agency, head_name="Edit lama")
    Organization.objects.filter(pk=agency.pk).update(version=agency.version + 1)
    response = client.post(reverse("organizations:edit", args=[agency.pk]), stale)
    assert response.status_code == 200
    assert conflict_text() in response.content.decode()
    agency.refresh_from_db()
    assert agency.head_name == "Drs. Kepala Uji"
    assert not AuditEvent.objects.filter(action="organization.updated").exists()


def test_post_by_a_reader_changes_nothing(client_as, make_user, agency):
    client = client_as(make_user(Role.HELPDESK))
    response = client.post(
        reverse("organizations:edit", args=[agency.pk]), organization_data(agency, name="X")
    )
    assert response.status_code == 403
    agency.refresh_from_db()
    assert agency.name != "X"


# --- places ----------------------------------------------------------------------------------


def test_operator_adds_a_place_to_own_agency(client_as, make_user, agency):
    operator = make_user(Role.OPD_OPERATOR)
    response = client_as(operator).post(
        reverse("organizations:location_create", args=[agency.pk]), location_data()
    )
    assert response.status_code == 302
    place = Location.objects.get(organization=agency, room="Ruang Server")
    assert str(place.latitude) == "-0.048950"
    assert AuditEvent.objects.filter(action="location.created", object_id=str(place.pk)).exists()


def test_operator_cannot_add_or_edit_places_of_another_agency(
    client_as, make_user, other_agency, other_location
):
    client = client_as(make_user(Role.OPD_OPERATOR))
    add = client.post(
        reverse("organizations:location_create", args=[other_agency.pk]), location_data()
    )
    edit = client.post(
        reverse("organizations:location_edit", args=[other_agency.pk, other_location.pk]),
        location_data(other_location, room="Dibajak"),
    )
    assert add.status_code == 404
    assert edit.status_code == 404
    assert not Location.objects.filter(room__in=["Ruang Server", "Dibajak"]).exists()


def test_place_must_belong_to_the_agency_in_the_address(
    client_as, make_user, agency, other_location
):
    client = client_as(make_user(Role.HELPDESK))
    response = client.get(
        reverse("organizations:location_edit", args=[agency.pk, other_location.pk])
    )
    assert response.status_code == 404


def test_detail_lists_only_places_of_the_agency(client_as, make_user, agency, other_agency):
    LocationFactory(organization=agency, room="Ruang Rapat Dinkes")
    LocationFactory(organization=other_agency, room="Ruang Rapat Dishub")
    client = client_as(make_user(Role.OPD_OPERATOR))
    content = client.get(reverse("organizations:detail", args=[agency.pk])).content.decode()
    assert "Ruang Rapat Dinkes" in content
    assert "Ruang Rapat Dishub" not in content


def test_technician_edits_a_place(client_as, make_user, agency, location):
    client = client_as(make_user(Role.TECHNICIAN))
    response = client.post(
        reverse("organizations:location_edit", args=[agency.pk, location.pk]),
        location_data(location, room="Ruang Jaringan", is_active=None),
    )
    assert response.status_code == 302
    location.refresh_from_db()
    assert location.room == "Ruang Jaringan"
    assert location.is_active is False
    assert location.version == 2


def test_stale_place_edit_is_refused(client_as, make_user, agency, location):
    client = client_as(make_user(Role.HELPDESK))
    stale = location_data(location, room="Edit lama")
    Location.objects.filter(pk=location.pk).update(version=location.version + 1)
    response = client.post(
        reverse("organizations:location_edit", args=[agency.pk, location.pk]), stale
    )
    assert response.status_code == 200
    assert conflict_text() in response.content.decode()
    location.refresh_from_db()
    assert location.room != "Edit lama"


def test_duplicate_place_is_a_form_error(client_as, make_user, agency, location):
    client = client_as(make_user(Role.HELPDESK))
    response = client.post(
        reverse("organizations:location_create", args=[agency.pk]),
        location_data(building=location.building, floor=location.floor, room=location.room),
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Location.objects.filter(organization=agency).count() == 1


def test_coordinates_come_in_pairs_and_in_range(client_as, make_user, agency):
    client = client_as(make_user(Role.HELPDESK))
    url = reverse("organizations:location_create", args=[agency.pk])
    half = client.post(url, location_data(longitude=""))
    assert half.context["form"].non_field_errors()
    out_of_range = client.post(url, location_data(latitude="95"))
    assert "latitude" in out_of_range.context["form"].errors
    assert not Location.objects.exists()


def test_place_without_coordinates(client_as, make_user, agency):
    client = client_as(make_user(Role.HELPDESK))
    response = client.post(
        reverse("organizations:location_create", args=[agency.pk]),
        location_data(latitude="", longitude=""),
    )
    assert response.status_code == 302
    assert Location.objects.get(organization=agency).latitude is None


def test_list_filters(client_as, make_user, agency):
    OrganizationFactory(name="Badan Lama", short_name="BLAMA", kind="badan", is_active=False)
    client = client_as(make_user(Role.HELPDESK))
    page = client.get(reverse("organizations:list"), {"active": "0"})
    names = [o.short_name for o in page.context["page"]]
    assert names == ["BLAMA"]
    assert "active=0" in page.context["export_query"]
