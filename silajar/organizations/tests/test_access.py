"""Who sees and changes which agencies and places (silajar.organizations.access)."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.http import Http404

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import UserFactory
from silajar.core.access import can, get_visible_or_404, visible
from silajar.organizations.models import Location, Organization

pytestmark = pytest.mark.django_db


def fresh(user) -> User:
    """The user as loaded by a request: no cached roles or permissions."""
    return User.objects.get(pk=user.pk)


def pks(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


@pytest.fixture
def places(location, other_location):
    return location, other_location


STAFF_VIEWERS = [
    r
    for r in Role.values
    if r not in (Role.OPD_USER, Role.OPD_OPERATOR, Role.PROVIDER, Role.SYSTEM_ADMIN)
]


@pytest.mark.parametrize("role", STAFF_VIEWERS)
def test_staff_see_every_agency_and_place(make_user, agency, other_agency, places, role):
    user = fresh(make_user(role))
    assert pks(visible(user, Organization)) == {agency.pk, other_agency.pk}
    assert pks(visible(user, Location)) == {p.pk for p in places}


def test_agency_user_sees_own_agency_and_places(agency_user, agency, other_agency, places):
    user = fresh(agency_user)
    location, other_location = places
    assert pks(visible(user, Organization)) == {agency.pk}
    assert pks(visible(user, Location)) == {location.pk}
    assert can(user, "view", agency)
    assert not can(user, "view", other_agency)
    assert can(user, "view", location)
    assert not can(user, "view", other_location)


def test_agency_user_of_other_agency(other_agency_user, agency, other_agency, places):
    user = fresh(other_agency_user)
    assert pks(visible(user, Organization)) == {other_agency.pk}
    assert pks(visible(user, Location)) == {places[1].pk}


def test_agency_user_cannot_change_anything(agency_user, agency, places):
    user = fresh(agency_user)
    assert not can(user, "change", agency)
    assert not can(user, "change", places[0])
    assert not visible(user, Location, "add").exists()


def test_agency_operator_changes_own_places_only(make_user, agency, places):
    operator = fresh(make_user(Role.OPD_OPERATOR))
    location, other_location = places
    assert can(operator, "change", location)
    assert not can(operator, "change", other_location)
    assert not can(operator, "change", agency)
    assert not can(operator, "delete", location)


def test_agency_role_without_agency_sees_nothing(make_user, agency, places):
    user = fresh(make_user(Role.OPD_USER, organization=None))
    assert user.organization_id is None
    assert not visible(user, Organization).exists()
    assert not visible(user, Location).exists()


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.SYSTEM_ADMIN])
def test_provider_and_system_administrator_see_no_agency(make_user, agency, places, role):
    user = fresh(make_user(role))
    assert not visible(user, Organization).exists()
    assert not visible(user, Location).exists()


def test_user_without_role_sees_nothing(agency, places):
    user = fresh(UserFactory())
    assert not visible(user, Organization).exists()
    assert not visible(user, Location).exists()


def test_anonymous_and_inactive_see_nothing(make_user, agency, places):
    assert not visible(AnonymousUser(), Organization).exists()
    assert not visible(None, Location).exists()
    inactive = fresh(make_user(Role.HELPDESK, is_active=False))
    assert not visible(inactive, Organization).exists()
    assert not visible(inactive, Location).exists()


def test_superuser_sees_and_changes_everything(admin_user, agency, other_agency, places):
    user = fresh(admin_user)
    assert pks(visible(user, Organization, "change")) == {agency.pk, other_agency.pk}
    assert pks(visible(user, Location, "delete")) == {p.pk for p in places}


def test_staff_change_needs_the_permission(make_user, agency, places):
    helpdesk = fresh(make_user(Role.HELPDESK))
    network_admin = fresh(make_user(Role.NETWORK_ADMIN))
    section_head = fresh(make_user(Role.SECTION_HEAD))
    assert not can(helpdesk, "change", agency)
    assert can(helpdesk, "change", places[1])
    assert can(network_admin, "change", agency)
    assert can(network_admin, "change", places[1])
    assert not can(section_head, "change", places[0])
    assert not can(section_head, "change", agency)
    assert not can(network_admin, "delete", agency)


def test_staff_and_agency_role_together_is_staff(make_user, agency, other_agency):
    user = fresh(make_user(Role.OPD_USER, Role.TECHNICIAN))
    assert pks(visible(user, Organization)) == {agency.pk, other_agency.pk}


def test_get_visible_or_404(agency_user, agency, other_agency):
    user = fresh(agency_user)
    assert get_visible_or_404(user, Organization, pk=agency.pk) == agency
    with pytest.raises(Http404):
        get_visible_or_404(user, Organization, pk=other_agency.pk)
    with pytest.raises(Http404):
        get_visible_or_404(user, Organization, pk=999999)


def test_visible_narrows_a_given_queryset(helpdesk_user, agency, other_agency):
    user = fresh(helpdesk_user)
    narrowed = visible(user, Organization, queryset=Organization.objects.filter(pk=agency.pk))
    assert pks(narrowed) == {agency.pk}


def test_unregistered_model_is_denied_by_default(helpdesk_user, admin_user):
    assert not visible(fresh(helpdesk_user), Group).exists()
    assert visible(fresh(admin_user), Group).exists()
