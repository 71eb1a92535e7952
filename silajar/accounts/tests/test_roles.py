"""Every role is a group holding exactly the permissions of ROLE_PERMISSIONS."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from silajar.accounts.models import User
from silajar.accounts.roles import (
    ADMINISTRATION_ROLES,
    AGENCY_ROLES,
    PROVIDER_ROLES,
    ROLE_PERMISSIONS,
    STAFF_ROLES,
    Role,
    sync_role_groups,
)


def group_permissions(group: Group) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def assert_groups_match_roles():
    for role in Role:
        group = Group.objects.get(name=role.value)
        assert group_permissions(group) == set(ROLE_PERMISSIONS[role]), role


def test_every_role_has_permissions_listed():
    assert set(ROLE_PERMISSIONS) == set(Role)
    assert set(Role) == AGENCY_ROLES | PROVIDER_ROLES | ADMINISTRATION_ROLES | STAFF_ROLES
    assert not AGENCY_ROLES & STAFF_ROLES
    assert not PROVIDER_ROLES & STAFF_ROLES
    assert not ADMINISTRATION_ROLES & STAFF_ROLES


def test_listed_permissions_exist(db):
    for role, perms in ROLE_PERMISSIONS.items():
        for dotted in perms:
            app_label, codename = dotted.split(".")
            assert Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).exists(), (role, dotted)


def test_groups_exist_after_migrations(db):
    assert set(Role.values) <= set(Group.objects.values_list("name", flat=True))
    assert_groups_match_roles()


def test_data_migrations_name_every_role():
    codes = [
        code
        for name in ("0002_role_groups", "0004_system_admin_role")
        for code in importlib.import_module(f"silajar.accounts.migrations.{name}").ROLE_CODES
    ]
    assert sorted(codes) == sorted(Role.values)


def test_only_the_system_administrator_manages_users(db):
    holders = Permission.objects.get(codename="manage_users").group_set
    assert list(holders.values_list("name", flat=True)) == [Role.SYSTEM_ADMIN]


def test_sync_is_idempotent_and_repairs(db):
    helpdesk = Group.objects.get(name=Role.HELPDESK)
    helpdesk.permissions.add(Permission.objects.get(codename="manage_users"))
    Group.objects.filter(name=Role.KPA).delete()
    sync_role_groups(Group.objects, Permission.objects)
    sync_role_groups(Group.objects, Permission.objects)
    assert Group.objects.filter(name__in=Role.values).count() == len(Role)
    assert_groups_match_roles()


@pytest.mark.django_db(transaction=True)
def test_groups_come_back_after_flush():
    call_command("flush", interactive=False, verbosity=0)
    assert_groups_match_roles()


def test_role_permissions_reach_users(make_user):
    operator = User.objects.get(pk=make_user(Role.OPD_OPERATOR).pk)
    assert operator.has_perm("organizations.change_location")
    assert not operator.has_perm("organizations.change_organization")
    admin = User.objects.get(pk=make_user(Role.NETWORK_ADMIN).pk)
    assert admin.has_perm("organizations.change_organization")
    assert not admin.has_perm("accounts.manage_users")
    provider = User.objects.get(pk=make_user(Role.PROVIDER).pk)
    assert provider.is_provider
    assert not provider.is_internal_staff
    assert not provider.get_all_permissions()


def test_role_codes_ignore_foreign_groups(make_user):
    user = make_user(Role.HELPDESK)
    user.groups.add(Group.objects.create(name="book-club"))
    user = User.objects.get(pk=user.pk)
    assert user.role_codes == {Role.HELPDESK}
    assert user.is_internal_staff
    assert not user.is_agency_user


def test_agency_user_holding_staff_role_is_staff(make_user):
    user = make_user(Role.OPD_USER, Role.HELPDESK)
    assert user.is_internal_staff
    assert not user.is_agency_user
