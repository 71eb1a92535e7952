"""The fixed cost of a page: what every page pays around its own work.

The bare signed-in response (/ping) is the middleware stack alone: it reads the session and the
account, and writes the session at most once a minute; a trivial page adds the layout
(navigation and badges) for one query, the badges'. The navigation and the permissions behind it
are worked out once per account and process, and follow every change of roles or permissions on
the next request."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from silajar.accounts import services as account_services
from silajar.accounts.models import RolePolicy, User
from silajar.accounts.roles import Role
from silajar.core import navigation
from silajar.core.context_processors import navigation as layout_context
from silajar.core.middleware import SESSION_REFRESH_SECONDS, SESSION_REFRESHED
from silajar.notifications.models import Notification

# /ping: the session and the account
BARE = 2
# at most once a minute: the session's expiry moves on (a savepoint, the update, its release)
SLIDE = 3
# read once per account and process: its roles (with the account) and their sign-in policy (for
# the two-factor check), then its permissions (two queries, for the navigation)
POLICY, PERMISSIONS = 2, 2


def nav_urls(response) -> set[str]:
    return {item["url"] for item in response.context["navigation"]}


@pytest.fixture
def helpdesk(client_as, helpdesk_user):
    return client_as(helpdesk_user)


# --- the bare signed-in response ----------------------------------------------------------------


def test_ping_answers_a_signed_in_user_with_nothing(helpdesk, django_assert_num_queries):
    with django_assert_num_queries(BARE + SLIDE + POLICY):
        helpdesk.get("/ping")
    with django_assert_num_queries(BARE):
        response = helpdesk.get("/ping")
    assert response.status_code == 204
    assert response.content == b""
    assert "no-cache" in response["Cache-Control"]


def test_ping_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.get("/ping")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_ping_passes_the_two_factor_check_like_any_page(helpdesk, admin_user):
    assert helpdesk.get("/ping").status_code == 204
    account_services.role_policy_set(actor=admin_user, role=Role.HELPDESK, require_two_factor=True)
    response = helpdesk.get("/ping")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two_factor_setup")
    account_services.role_policy_set(actor=admin_user, role=Role.HELPDESK, require_two_factor=False)
    assert helpdesk.get("/ping").status_code == 204


def test_a_new_role_brings_its_sign_in_policy_at_once(helpdesk, helpdesk_user, admin_user):
    RolePolicy.objects.create(role=Role.TECHNICIAN, require_two_factor=True)
    assert helpdesk.get("/ping").status_code == 204
    account_services.user_update(
        actor=admin_user,
        user=helpdesk_user,
        expected_version=None,
        roles=[Role.HELPDESK, Role.TECHNICIAN],
    )
    assert helpdesk.get("/ping")["Location"] == reverse("accounts:two_factor_setup")


# --- the session slides without a write on every request ----------------------------------------


def expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_session_moves_on_at_most_once_a_minute(helpdesk, django_assert_num_queries):
    helpdesk.get("/ping")
    first = expiry(helpdesk)
    with django_assert_num_queries(BARE):
        helpdesk.get("/ping")
    assert expiry(helpdesk) == first

    session = helpdesk.session
    session[SESSION_REFRESHED] -= SESSION_REFRESH_SECONDS
    session.save()
    with django_assert_num_queries(BARE + SLIDE):
        helpdesk.get("/ping")
    assert expiry(helpdesk) > first


def test_an_idle_session_never_outlives_its_age(helpdesk):
    helpdesk.get("/ping")
    for _ in range(3):
        helpdesk.get("/ping")
    remaining = expiry(helpdesk) - timezone.now()
    assert timedelta(seconds=settings.SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS) < remaining
    assert remaining <= timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_the_cookie_of_a_session_that_is_gone_stores_nothing(helpdesk):
    helpdesk.get("/ping")
    Session.objects.all().delete()
    assert helpdesk.get("/ping").status_code == 302
    assert not Session.objects.exists()


# --- what the layout adds -----------------------------------------------------------------------


def test_a_trivial_page_costs_the_bare_response_and_one_query(helpdesk, django_assert_num_queries):
    url = reverse("accounts:password_change")
    with django_assert_num_queries(BARE + 1 + SLIDE + POLICY + PERMISSIONS):
        assert helpdesk.get(url).status_code == 200
    with django_assert_num_queries(BARE + 1):
        assert helpdesk.get(url).status_code == 200


def test_the_profile_page_costs_the_bare_response_the_layout_and_its_own_two(
    client_as, agency_user, django_assert_num_queries
):
    # the benchmarks' trivial page: its own queries are the account's authenticator app and its
    # agency; its roles (shown) come with the signed-in account, read once per account
    client = client_as(agency_user)
    url = reverse("accounts:profile")
    client.get(url)
    with django_assert_num_queries(BARE + 1 + 2):
        assert client.get(url).status_code == 200


def test_the_layout_costs_nothing_where_it_is_not_drawn(
    rf, helpdesk_user, django_assert_num_queries
):
    request = rf.get("/tickets/")
    request.user = User.objects.get(pk=helpdesk_user.pk)
    with django_assert_num_queries(0):
        context = layout_context(request)
    with django_assert_num_queries(1):
        assert context["badges"] == {"unread_notifications": 0}


def test_the_current_entry_is_the_most_specific(helpdesk):
    response = helpdesk.get(reverse("tickets:intake"))
    active = [item["url"] for item in response.context["navigation"] if item["active"]]
    assert active == [reverse("tickets:intake")]


def test_the_menu_draws_every_entry_and_marks_the_current_one(helpdesk):
    url = reverse("tickets:intake")
    response = helpdesk.get(url)
    html = response.content.decode()
    menu = html[html.index('data-testid="main-nav"') :]
    menu = menu[: menu.index('<ul class="navbar-nav align-items-lg-center">')]
    # an entry is a link, at the top level or in its group's drop-down menu
    assert menu.count("<a class=") == len(response.context["navigation"])
    groups = {item["group"] for item in response.context["navigation"] if item["group"]}
    assert groups and menu.count('<li class="nav-item dropdown">') == len(groups)
    assert menu.count('aria-current="page"') == 1
    assert f'<a class="nav-link active" href="{url}" aria-current="page">' in menu
    assert f'<a class="nav-link" href="{reverse("tickets:list")}" aria-current="false">' in menu


# --- the navigation follows roles and permissions at once --------------------------------------


def test_a_role_change_shows_the_new_navigation_and_works_at_once(
    helpdesk, helpdesk_user, admin_user
):
    queue = reverse("tickets:field_queue")
    assert queue not in nav_urls(helpdesk.get("/"))
    assert helpdesk.get(queue).status_code == 403

    account_services.user_update(
        actor=admin_user,
        user=helpdesk_user,
        expected_version=None,
        roles=[Role.HELPDESK, Role.TECHNICIAN],
    )
    assert queue in nav_urls(helpdesk.get("/"))
    assert helpdesk.get(queue).status_code == 200

    account_services.user_update(
        actor=admin_user, user=helpdesk_user, expected_version=None, roles=[Role.HELPDESK]
    )
    assert queue not in nav_urls(helpdesk.get("/"))
    assert helpdesk.get(queue).status_code == 403


def test_a_role_given_directly_counts_at_once(helpdesk, helpdesk_user):
    queue = reverse("tickets:field_queue")
    assert helpdesk.get(queue).status_code == 403
    helpdesk_user.groups.add(Group.objects.get(name=Role.TECHNICIAN))
    assert helpdesk.get(queue).status_code == 200
    helpdesk_user.groups.clear()
    assert helpdesk.get(queue).status_code == 403


def test_a_permission_given_to_a_role_shows_and_works_at_once(helpdesk):
    users = reverse("accounts:user_list")
    manage_users = Permission.objects.get(codename="manage_users")
    helpdesk_group = Group.objects.get(name=Role.HELPDESK)
    assert users not in nav_urls(helpdesk.get("/"))
    assert helpdesk.get(users).status_code == 403

    helpdesk_group.permissions.add(manage_users)
    assert users in nav_urls(helpdesk.get("/"))
    assert helpdesk.get(users).status_code == 200

    helpdesk_group.permissions.remove(manage_users)
    assert users not in nav_urls(helpdesk.get("/"))
    assert helpdesk.get(users).status_code == 403


def test_a_permission_given_to_an_account_shows_and_works_at_once(helpdesk, helpdesk_user):
    users = reverse("accounts:user_list")
    manage_users = Permission.objects.get(codename="manage_users")
    assert helpdesk.get(users).status_code == 403

    helpdesk_user.user_permissions.add(manage_users)
    assert users in nav_urls(helpdesk.get("/"))
    assert helpdesk.get(users).status_code == 200

    manage_users.user_set.clear()
    assert users not in nav_urls(helpdesk.get("/"))
    assert helpdesk.get(users).status_code == 403


def test_a_deleted_role_takes_its_permissions_along(helpdesk, helpdesk_user):
    users = reverse("accounts:user_list")
    extra = Group.objects.create(name="user-managers")
    extra.permissions.add(Permission.objects.get(codename="manage_users"))
    helpdesk_user.groups.add(extra)
    assert helpdesk.get(users).status_code == 200

    extra.delete()
    assert helpdesk.get(users).status_code == 403


def test_a_superuser_flag_shows_at_once_however_it_is_saved(helpdesk, helpdesk_user):
    users = reverse("accounts:user_list")
    assert helpdesk.get(users).status_code == 403

    User.objects.filter(pk=helpdesk_user.pk).update(is_superuser=True)
    assert users in nav_urls(helpdesk.get("/"))
    assert helpdesk.get(users).status_code == 200

    User.objects.filter(pk=helpdesk_user.pk).update(is_superuser=False)
    assert users not in nav_urls(helpdesk.get("/"))
    assert helpdesk.get(users).status_code == 403


# --- badges -------------------------------------------------------------------------------------


def notify(user, count: int) -> None:
    Notification.objects.bulk_create(
        Notification(recipient=user, kind="test", title=f"n{i}", dedupe_key=f"n{i}")
        for i in range(count)
    )


def badge(response) -> str:
    html = response.content.decode()
    link = html[html.index('data-testid="notifications-link"') :]
    link = link[: link.index("</a>")]
    if "badge" not in link:
        return ""
    return link[link.index("text-bg-warning") :].split(">", 1)[1].split("<", 1)[0]


def test_a_new_notification_shows_in_the_badge_at_once(helpdesk, helpdesk_user):
    url = reverse("accounts:password_change")
    assert badge(helpdesk.get(url)) == ""
    notify(helpdesk_user, 1)
    assert badge(helpdesk.get(url)) == "1"
    Notification.objects.update(read_at="2026-01-05T08:00:00+07:00")
    assert badge(helpdesk.get(url)) == ""


def test_the_badge_stops_counting_past_99(helpdesk, helpdesk_user):
    notify(helpdesk_user, 120)
    assert badge(helpdesk.get(reverse("accounts:password_change"))) == "99+"


def test_every_badge_in_one_query(
    monkeypatch, helpdesk_user, agency_user, django_assert_num_queries
):
    notify(helpdesk_user, 3)
    notify(agency_user, 2)
    monkeypatch.setitem(
        navigation._badges,
        "everyone_unread",
        lambda *, user: Notification.objects.filter(read_at__isnull=True),
    )
    with django_assert_num_queries(1):
        counts = navigation.badge_counts(helpdesk_user)
    assert counts == {"unread_notifications": 3, "everyone_unread": 5}


def test_the_badges_query_is_compiled_once_per_account(monkeypatch, helpdesk_user):
    built = []

    def everyone_unread(*, user):
        built.append(user.pk)
        return Notification.objects.filter(read_at__isnull=True)

    monkeypatch.setitem(navigation._badges, "everyone_unread", everyone_unread)
    notify(helpdesk_user, 2)
    assert navigation.badge_counts(helpdesk_user)["everyone_unread"] == 2
    Notification.objects.filter(title="n0").update(read_at="2026-01-05T08:00:00+07:00")
    assert navigation.badge_counts(helpdesk_user) == {
        "unread_notifications": 1,
        "everyone_unread": 1,
    }
    assert built == [helpdesk_user.pk]  # compiled once; run twice, with the rows of the moment
