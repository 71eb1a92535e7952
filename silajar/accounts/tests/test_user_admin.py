"""Administrators' pages for users and roles: who may open them and what they do; the system
administrator's role, which holds them and takes no part in the procedures."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client, override_settings
from rest_framework.test import APIClient

from silajar.accounts.models import RolePolicy, TOTPDevice, User
from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import UserFactory
from silajar.core.models import AuditEvent, Holiday

pytestmark = pytest.mark.django_db

BACKEND = "silajar.accounts.backends.UsernameOrEmailBackend"
BASE_URL = "https://silajar.kalbarprov.go.id"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    return client


@pytest.fixture
def target(make_user):
    return make_user(Role.TECHNICIAN, username="teknisi1", email="teknisi1@example.org")


@pytest.fixture
def administrator(db):
    """Not a superuser: holds accounts.manage_users directly."""
    user = UserFactory(username="pengelola")
    user.user_permissions.add(Permission.objects.get(codename="manage_users"))
    return User.objects.get(pk=user.pk)  # fresh permission cache


def admin_pages(target) -> list[str]:
    return [
        "/accounts/users/",
        "/accounts/users/new/",
        f"/accounts/users/{target.pk}/",
        f"/accounts/users/{target.pk}/edit/",
        "/accounts/roles/",
    ]


# every role but the system administrator's: the procedures' roles
PROCEDURE_ROLES = [role for role in Role.values if role != Role.SYSTEM_ADMIN]


def new_user_data(**overrides):
    data = {
        "username": "baru",
        "email": "Baru@Example.org",
        "full_name": "Pegawai Baru, S.Kom.",
        "nip": "",
        "phone": "",
        "organization": "",
        "position": "Pranata Komputer",
        "is_active": "on",
        "roles": [Role.TECHNICIAN],
    }
    data.update(overrides)
    return data


def edit_data(user, **overrides):
    data = {
        "username": user.username,
        "email": user.email,
        "full_name": user.full_name,
        "nip": user.nip,
        "phone": user.phone,
        "organization": user.organization_id or "",
        "position": user.position,
        "is_active": "on" if user.is_active else "",
        "roles": sorted(user.role_codes),
        "version": user.version,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", PROCEDURE_ROLES)
def test_every_procedure_role_is_refused(make_user, target, role):
    client = signed_in(make_user(role))
    for url in admin_pages(target):
        assert client.get(url).status_code == 403, url
    for url in [
        "/accounts/users/new/",
        f"/accounts/users/{target.pk}/edit/",
        f"/accounts/users/{target.pk}/deactivate/",
        f"/accounts/users/{target.pk}/reset-2fa/",
        f"/accounts/users/{target.pk}/send-reset/",
        "/accounts/roles/",
    ]:
        assert client.post(url, {}).status_code == 403, url
    target.refresh_from_db()
    assert target.is_active


def test_user_with_all_procedure_roles_is_refused(make_user, target):
    client = signed_in(make_user(*PROCEDURE_ROLES))
    for url in admin_pages(target):
        assert client.get(url).status_code == 403, url


def test_anonymous_is_sent_to_login(client, target):
    for url in admin_pages(target):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


def test_superuser_opens_every_page_and_the_audit_trail(admin_user, target):
    client = signed_in(admin_user)
    for url in [*admin_pages(target), "/audit/"]:
        assert client.get(url).status_code == 200, url


def test_manage_users_permission_opens_every_page_not_the_audit_trail(administrator, target):
    client = signed_in(administrator)
    for url in admin_pages(target):
        assert client.get(url).status_code == 200, url
    assert client.get("/audit/").status_code == 403


def test_user_list_filters(admin_user, make_user, target):
    make_user(Role.HELPDESK, username="meja1", full_name="Meja Bantuan")
    make_user(Role.TECHNICIAN, username="nonaktif", is_active=False)
    client = signed_in(admin_user)
    names = lambda r: {u.username for u in r.context["page"]}  # noqa: E731
    assert names(client.get("/accounts/users/?role=technician")) == {"teknisi1", "nonaktif"}
    assert names(client.get("/accounts/users/?role=technician&active=1")) == {"teknisi1"}
    assert names(client.get("/accounts/users/?q=meja")) == {"meja1"}
    assert "nonaktif" in names(client.get("/accounts/users/?active=0"))


def test_roles_page_lists_every_role(admin_user):
    response = signed_in(admin_user).get("/accounts/roles/")
    assert [row["code"] for row in response.context["rows"]] == Role.values


# --- creating ---------------------------------------------------------------------------


@override_settings(SILAJAR_BASE_URL=BASE_URL)
def test_create_user_sends_invitation_and_audits(admin_user, django_capture_on_commit_callbacks):
    client = signed_in(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/users/new/", new_user_data(roles=[Role.TECHNICIAN, Role.HELPDESK])
        )
    assert response.status_code == 302
    user = User.objects.get(username="baru")
    assert response["Location"] == f"/accounts/users/{user.pk}/"
    assert user.email == "baru@example.org"
    assert user.is_active
    assert not user.has_usable_password()
    assert user.role_codes == {Role.TECHNICIAN, Role.HELPDESK}

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["baru@example.org"]
    assert "baru" in message.body
    assert f"{BASE_URL}/accounts/password/reset/" in message.body

    event = AuditEvent.objects.get(action="account.created", object_id=str(user.pk))
    assert event.actor == admin_user
    assert event.changes["roles"][1] == sorted([Role.TECHNICIAN, Role.HELPDESK])


@override_settings(SILAJAR_BASE_URL=BASE_URL)
def test_invitation_link_sets_first_password(admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(admin_user).post("/accounts/users/new/", new_user_data())
    link = next(w for w in mail.outbox[0].body.split() if w.startswith(BASE_URL + "/accounts/"))
    client = Client()
    form_url = client.get(link.removeprefix(BASE_URL))["Location"]
    response = client.post(
        form_url, {"new_password1": "Sungai-Landak-42", "new_password2": "Sungai-Landak-42"}
    )
    assert response.status_code == 302
    response = client.post(
        "/accounts/login/", {"username": "baru@example.org", "password": "Sungai-Landak-42"}
    )
    assert response.status_code == 302


def test_agency_role_needs_agency(admin_user):
    response = signed_in(admin_user).post(
        "/accounts/users/new/", new_user_data(roles=[Role.OPD_USER])
    )
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not User.objects.filter(username="baru").exists()
    assert mail.outbox == []


def test_agency_role_with_agency_is_created(admin_user, agency):
    response = signed_in(admin_user).post(
        "/accounts/users/new/",
        new_user_data(roles=[Role.OPD_OPERATOR], organization=agency.pk),
    )
    assert response.status_code == 302
    user = User.objects.get(username="baru")
    assert user.organization == agency
    assert user.is_agency_user


def test_duplicate_username_or_email_is_refused(admin_user, target):
    client = signed_in(admin_user)
    response = client.post("/accounts/users/new/", new_user_data(username="TEKNISI1"))
    assert response.status_code == 200
    assert response.context["form"].errors
    response = client.post("/accounts/users/new/", new_user_data(email="TEKNISI1@example.org"))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.filter(username__iexact="baru").exists()


def test_unknown_role_is_refused(admin_user):
    response = signed_in(admin_user).post(
        "/accounts/users/new/", new_user_data(roles=["superhero"])
    )
    assert response.status_code == 200
    assert "roles" in response.context["form"].errors


# --- editing ----------------------------------------------------------------------------


def test_edit_form_carries_version(admin_user, target):
    response = signed_in(admin_user).get(f"/accounts/users/{target.pk}/edit/")
    assert response.context["form"]["version"].value() == target.version
    assert b'name="version"' in response.content
    assert b'type="hidden"' in response.content


def test_edit_saves_and_audits(admin_user, target):
    client = signed_in(admin_user)
    response = client.post(
        f"/accounts/users/{target.pk}/edit/",
        edit_data(target, position="Teknisi Senior", roles=[Role.TECHNICIAN, Role.NETWORK_ADMIN]),
    )
    assert response.status_code == 302
    target = User.objects.get(pk=target.pk)
    assert target.position == "Teknisi Senior"
    assert target.version == 2
    assert target.role_codes == {Role.TECHNICIAN, Role.NETWORK_ADMIN}
    updated = AuditEvent.objects.get(action="account.updated", object_id=str(target.pk))
    assert updated.changes["position"] == ["", "Teknisi Senior"]
    assert AuditEvent.objects.filter(
        action="account.roles_changed", object_id=str(target.pk)
    ).exists()


def test_roles_can_be_removed(admin_user, make_user):
    user = make_user(Role.TECHNICIAN, Role.HELPDESK, Role.PPTK)
    response = signed_in(admin_user).post(
        f"/accounts/users/{user.pk}/edit/", edit_data(user, roles=[Role.PPTK])
    )
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).role_codes == {Role.PPTK}


def test_stale_version_is_a_conflict_and_saves_nothing(admin_user, target):
    client = signed_in(admin_user)
    stale = edit_data(target)
    # someone else saves first
    assert (
        client.post(
            f"/accounts/users/{target.pk}/edit/", edit_data(target, full_name="Nama Baru")
        ).status_code
        == 302
    )
    response = client.post(
        f"/accounts/users/{target.pk}/edit/",
        {**stale, "position": "Ditimpa", "roles": [Role.KPA]},
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors
    assert "alert-danger" in response.content.decode()
    fresh = User.objects.get(pk=target.pk)
    assert fresh.full_name == "Nama Baru"
    assert fresh.position == ""
    assert fresh.version == 2
    assert fresh.role_codes == {Role.TECHNICIAN}


def test_edit_agency_role_without_agency_is_refused(admin_user, target):
    response = signed_in(admin_user).post(
        f"/accounts/users/{target.pk}/edit/", edit_data(target, roles=[Role.OPD_USER])
    )
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert User.objects.get(pk=target.pk).role_codes == {Role.TECHNICIAN}


def test_send_reset_action_mails_the_user(admin_user, target):
    response = signed_in(admin_user).post(f"/accounts/users/{target.pk}/send-reset/")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["teknisi1@example.org"]


def test_admin_cannot_deactivate_self(admin_user):
    response = signed_in(admin_user).post(f"/accounts/users/{admin_user.pk}/deactivate/")
    assert response.status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_deactivate_needs_post(admin_user, target):
    response = signed_in(admin_user).get(f"/accounts/users/{target.pk}/deactivate/")
    assert response.status_code == 405
    target.refresh_from_db()
    assert target.is_active


def test_audit_page_searches(admin_user, target):
    client = signed_in(admin_user)
    client.post(f"/accounts/users/{target.pk}/deactivate/")
    response = client.get("/audit/?action=account.updated")
    assert response.status_code == 200
    events = list(response.context["page"])
    assert [e.object_id for e in events] == [str(target.pk)]


# --- the system administrator's role ------------------------------------------------------------


@pytest.fixture
def system_admin(make_user):
    return make_user(Role.SYSTEM_ADMIN, username="sysadmin", email="sysadmin@example.org")


def test_system_administrator_opens_the_administration_pages(system_admin, target):
    client = signed_in(system_admin)
    pages = [
        *admin_pages(target),
        "/tickets/settings/",
        "/installations/settings/steps/",
        "/calendar/",
        "/api/v1/users/",
        f"/api/v1/users/{target.pk}/",
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
    home = client.get("/").content.decode()
    for url in ["/accounts/users/", "/accounts/roles/", "/tickets/settings/", "/calendar/"]:
        assert f'href="{url}"' in home, url


def test_system_administrator_manages_users_roles_and_holidays(system_admin, target, agency):
    client = signed_in(system_admin)
    response = client.post(
        "/accounts/users/new/",
        new_user_data(roles=[Role.OPD_OPERATOR], organization=agency.pk),
    )
    assert response.status_code == 302
    assert User.objects.get(username="baru").role_codes == {Role.OPD_OPERATOR}
    response = client.post(
        f"/accounts/users/{target.pk}/edit/", edit_data(target, roles=[Role.SECTION_HEAD])
    )
    assert response.status_code == 302
    assert User.objects.get(pk=target.pk).role_codes == {Role.SECTION_HEAD}
    client.post("/accounts/roles/", {"require_two_factor": [Role.SECTION_HEAD]})
    assert RolePolicy.objects.get(role=Role.SECTION_HEAD).require_two_factor
    response = client.post(
        "/calendar/", {"date": "2030-05-01", "name": "Hari Buruh", "kind": "national"}
    )
    assert response.status_code == 302
    assert Holiday.objects.filter(date="2030-05-01").exists()


def test_system_administrator_takes_no_part_in_the_procedures(system_admin, agency, location):
    client = signed_in(system_admin)
    for url in ["/tickets/new/", "/installations/", "/installations/new/"]:
        assert client.get(url).status_code == 403, url
    for url in ["/audit/", "/notifications/deliveries/"]:  # superusers only
        assert client.get(url).status_code == 403, url
    api = APIClient()
    api.force_authenticate(system_admin)
    response = api.post(
        "/api/v1/tickets/",
        {
            "channel": "phone",
            "organization": agency.pk,
            "location": location.pk,
            "reporter_name": "Budi",
            "description": "Jaringan mati.",
        },
        format="json",
    )
    assert response.status_code == 403
    assert api.get("/api/v1/tickets/").json()["results"] == []
    assert not system_admin.is_internal_staff


def test_only_a_superuser_changes_a_superusers_account(system_admin, admin_user):
    client = signed_in(system_admin)
    response = client.post(
        f"/accounts/users/{admin_user.pk}/edit/",
        edit_data(admin_user, email="sysadmin.baru@example.org"),
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    client.post(f"/accounts/users/{admin_user.pk}/deactivate/")
    TOTPDevice.objects.create(user=admin_user, secret="JBSWY3DPEHPK3PXP")
    client.post(f"/accounts/users/{admin_user.pk}/reset-2fa/")
    admin_user.refresh_from_db()
    assert admin_user.email != "sysadmin.baru@example.org"
    assert admin_user.is_active
    assert TOTPDevice.objects.filter(user=admin_user).exists()


def test_an_administrator_sets_a_staff_members_nip_and_rank(client_as, make_user, target):
    admin = make_user(Role.SYSTEM_ADMIN)
    client = client_as(admin)
    url = f"/accounts/users/{target.pk}/edit/"
    refused = client.post(url, edit_data(target, nip="199001012015131001", rank="III/a"))
    assert refused.status_code == 200 and refused.context["form"].errors["nip"]
    response = client.post(url, edit_data(target, nip="199001012015031001", rank="III/a"))
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.nip, target.get_rank_display()) == ("199001012015031001", "Penata Muda (III/a)")
    page = client.get(f"/accounts/users/{target.pk}/").content.decode()
    assert "Penata Muda (III/a)" in page
