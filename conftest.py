"""Fixtures that read like the domain: "a helpdesk user", "a user of another agency"."""

import pytest
from rest_framework.test import APIClient

from silajar.accounts.roles import AGENCY_ROLES, Role
from silajar.accounts.tests.factories import TEST_PASSWORD, UserFactory
from silajar.organizations.tests.factories import LocationFactory, OrganizationFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    # axes counts failures in the database, throttles use the cache: start each test clean
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    return TEST_PASSWORD


@pytest.fixture
def agency(db):
    return OrganizationFactory(
        name="Dinas Kesehatan Provinsi Kalimantan Barat", short_name="DINKES"
    )


@pytest.fixture
def other_agency(db):
    return OrganizationFactory(
        name="Dinas Perhubungan Provinsi Kalimantan Barat", short_name="DISHUB"
    )


@pytest.fixture
def make_user(db, agency):
    """make_user("helpdesk") → a user holding that role; agency roles belong to `agency`."""

    def make(*roles, **fields):
        if "organization" not in fields and set(roles) & AGENCY_ROLES:
            fields["organization"] = agency
        return UserFactory(roles=list(roles), **fields)

    return make


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def helpdesk_user(make_user):
    return make_user(Role.HELPDESK, username="helpdesk", email="helpdesk@example.org")


@pytest.fixture
def agency_user(make_user):
    return make_user(Role.OPD_USER, username="opd_user", email="opd_user@example.org")


@pytest.fixture
def other_agency_user(make_user, other_agency):
    return make_user(Role.OPD_USER, organization=other_agency, username="opd_lain")


@pytest.fixture
def location(agency):
    return LocationFactory(organization=agency)


@pytest.fixture
def other_location(other_agency):
    return LocationFactory(organization=other_agency)


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def client_as(client):
    """client_as(user) → the Django test client signed in as `user`."""

    def sign_in(user):
        client.force_login(user, backend="silajar.accounts.backends.UsernameOrEmailBackend")
        return client

    return sign_in
