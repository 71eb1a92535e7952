"""Desk settings: categories, first-line steps and service-level targets, kept by
administrators and the section head; every change leaves an audit event."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from playwright.sync_api import expect

from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import UserFactory
from silajar.core.calendar import add_working_minutes
from silajar.core.errors import ActionForbidden, DomainError
from silajar.core.models import AuditEvent
from silajar.core.working_calendar import office_calendar
from silajar.tickets import reference_services, selectors, services
from silajar.tickets.choices import Priority
from silajar.tickets.models import Category, ChecklistStep, SlaTarget
from silajar.tickets.reference import TARGETS

pytestmark = pytest.mark.django_db

HOME = reverse("tickets:settings_home")
SUPERUSER = "superuser"
MANAGE_USERS = "manage_users"  # an administrator without superuser rights
ALLOWED = {Role.SECTION_HEAD, Role.SYSTEM_ADMIN, SUPERUSER, MANAGE_USERS}
EVERYONE = [*Role.values, SUPERUSER, MANAGE_USERS]
DEFAULT_MINUTES = {priority: (response, resolution) for priority, response, resolution in TARGETS}


@pytest.fixture
def en(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def person(make_user, who):
    if who == SUPERUSER:
        return UserFactory(username="root", is_superuser=True, is_staff=True)
    if who == MANAGE_USERS:
        user = make_user(Role.HELPDESK, username="useradmin")
        user.user_permissions.add(
            Permission.objects.get(codename="manage_users", content_type__app_label="accounts")
        )
        return user
    return make_user(who, username=f"u_{who}")


@pytest.fixture
def section_head(make_user):
    return make_user(Role.SECTION_HEAD, username="kasi", full_name="Kepala Seksi")


@pytest.fixture
def head(en, client_as, section_head):
    """The section head's signed-in client, English pages."""
    return client_as(section_head)


def events(action, obj=None):
    found = AuditEvent.objects.filter(action=action)
    if obj is not None:
        found = found.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )
    return list(found)


def text(response) -> str:
    return response.content.decode()


def default_row(priority):
    return SlaTarget.objects.get(category=None, priority=priority)


# --- who may ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", EVERYONE)
def test_only_administrators_and_the_section_head_see_the_settings(client_as, make_user, who):
    client = client_as(person(make_user, who))
    wifi = Category.objects.get(code="wifi")
    step = ChecklistStep.objects.order_by("pk").first()
    target = default_row(Priority.HIGH)
    pages = [
        HOME,
        reverse("tickets:settings_category_create"),
        reverse("tickets:settings_category_edit", args=[wifi.pk]),
        reverse("tickets:settings_step_create"),
        reverse("tickets:settings_step_edit", args=[step.pk]),
        reverse("tickets:settings_target_create"),
        reverse("tickets:settings_target_edit", args=[target.pk]),
    ]
    expected = 200 if who in ALLOWED else 403
    assert [client.get(url).status_code for url in pages] == [expected] * len(pages)


@pytest.mark.parametrize("who", sorted(set(EVERYONE) - ALLOWED))
def test_others_cannot_change_anything(client_as, make_user, who):
    client = client_as(person(make_user, who))
    wifi = Category.objects.get(code="wifi")
    step = ChecklistStep.objects.order_by("pk").first()
    target = default_row(Priority.HIGH)
    posts = [
        (reverse("tickets:settings_category_create"), {"code": "x", "name": "X", "sort_order": 1}),
        (reverse("tickets:settings_category_edit", args=[wifi.pk]), {"name": "Y", "sort_order": 1}),
        (reverse("tickets:settings_category_active", args=[wifi.pk]), {"active": "0"}),
        (reverse("tickets:settings_category_delete", args=[wifi.pk]), {}),
        (reverse("tickets:settings_step_create"), {"scope": "any", "order": 1, "question": "Q"}),
        (reverse("tickets:settings_step_active", args=[step.pk]), {"active": "0"}),
        (
            reverse("tickets:settings_target_edit", args=[target.pk]),
            {"response_minutes": 1, "resolution_minutes": 2},
        ),
    ]
    assert [client.post(url, data).status_code for url, data in posts] == [403] * len(posts)
    wifi.refresh_from_db()
    target.refresh_from_db()
    assert (wifi.name, wifi.is_active) == ("Wi-Fi", True)
    assert not Category.objects.filter(code="x").exists()
    assert target.response_minutes == DEFAULT_MINUTES[Priority.HIGH][0]
    assert not AuditEvent.objects.filter(action__regex=r"^(category|checklist_step|sla_target)\.")


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_services_refuse_someone_without_the_role(helpdesk_user):
    with pytest.raises(ActionForbidden):
        reference_services.CATEGORIES.create(
            actor=helpdesk_user, data={"code": "fiber", "name": "Fiber optic"}
        )
    assert not Category.objects.filter(code="fiber").exists()


def test_the_settings_page_lists_the_three_lists(head):
    page = text(head.get(HOME))
    assert 'id="categories"' in page and 'id="steps"' in page and 'id="targets"' in page
    assert "Kabel jaringan" in page
    assert ChecklistStep.objects.order_by("pk").first().question in page
    # the default row shows the starting targets, most urgent first
    critical, high = DEFAULT_MINUTES[Priority.CRITICAL], DEFAULT_MINUTES[Priority.HIGH]
    assert f"{critical[0]} / {critical[1]}" in page
    assert page.index(f"{critical[0]} / {critical[1]}") < page.index(f"{high[0]} / {high[1]}")


# --- categories -------------------------------------------------------------------------------


def test_add_a_category(head, section_head):
    response = head.post(
        reverse("tickets:settings_category_create"),
        {"code": "Fiber", "name": "Fiber optik", "always_open": "on", "sort_order": 70},
    )
    assert response.status_code == 302
    assert response["Location"] == HOME + "#categories"
    fiber = Category.objects.get(code="fiber")
    assert (fiber.name, fiber.always_open, fiber.sort_order, fiber.is_active) == (
        "Fiber optik",
        True,
        70,
        True,
    )
    [event] = events("category.created", fiber)
    assert event.actor == section_head
    assert event.changes["name"] == [None, "Fiber optik"]
    assert event.changes["always_open"] == [None, True]
    assert "Fiber optik" in text(head.get(HOME))


def test_category_form_shows_errors(head):
    response = head.post(
        reverse("tickets:settings_category_create"),
        {"code": "wifi", "name": "", "sort_order": 5},
    )
    assert response.status_code == 200
    page = text(response)
    assert "is-invalid" in page
    assert "Category with this Code already exists." in page
    assert "This field is required." in page
    assert Category.objects.filter(code="wifi").count() == 1
    assert not events("category.created")


def test_rename_set_24x7_and_reorder_a_category(head):
    dns = Category.objects.get(code="dns")
    response = head.post(
        reverse("tickets:settings_category_edit", args=[dns.pk]),
        {"name": "DNS & domain", "always_open": "on", "sort_order": 5},
    )
    assert response.status_code == 302
    dns.refresh_from_db()
    assert (dns.code, dns.name, dns.always_open, dns.sort_order) == ("dns", "DNS & domain", True, 5)
    [event] = events("category.updated", dns)
    assert event.changes == {
        "name": ["DNS", "DNS & domain"],
        "always_open": [False, True],
        "sort_order": [50, 5],
    }
    # now first in the list
    assert list(Category.objects.values_list("code", flat=True))[0] == "dns"


def test_saving_an_unchanged_category_writes_no_event(head):
    wifi = Category.objects.get(code="wifi")
    head.post(
        reverse("tickets:settings_category_edit", args=[wifi.pk]),
        {"name": wifi.name, "sort_order": wifi.sort_order},
    )
    assert not events("category.updated", wifi)


def test_deactivate_and_reactivate_a_category(head):
    wifi = Category.objects.get(code="wifi")
    url = reverse("tickets:settings_category_active", args=[wifi.pk])
    assert head.post(url, {"active": "0"}).status_code == 302
    wifi.refresh_from_db()
    assert wifi.is_active is False
    [event] = events("category.deactivated", wifi)
    assert event.changes == {"is_active": [True, False]}
    assert "Inactive" in text(head.get(reverse("tickets:settings_category_edit", args=[wifi.pk])))

    head.post(url, {"active": "1"})
    wifi.refresh_from_db()
    assert wifi.is_active is True
    assert len(events("category.activated", wifi)) == 1


def test_deactivating_needs_a_post(head):
    wifi = Category.objects.get(code="wifi")
    url = reverse("tickets:settings_category_active", args=[wifi.pk])
    assert head.get(url, {"active": "0"}).status_code == 405
    wifi.refresh_from_db()
    assert wifi.is_active


def test_delete_an_unused_category_with_its_overrides(head):
    fiber = Category.objects.create(code="fiber", name="Fiber optik", sort_order=70)
    SlaTarget.objects.create(
        category=fiber, priority=Priority.HIGH, response_minutes=20, resolution_minutes=300
    )
    edit_page = text(head.get(reverse("tickets:settings_category_edit", args=[fiber.pk])))
    assert 'data-testid="delete"' in edit_page

    response = head.post(reverse("tickets:settings_category_delete", args=[fiber.pk]))
    assert response.status_code == 302
    assert not Category.objects.filter(code="fiber").exists()
    assert not SlaTarget.objects.filter(priority=Priority.HIGH).exclude(category=None).exists()
    [event] = events("category.deleted")
    assert event.object_id == str(fiber.pk)
    assert event.changes["code"] == ["fiber", None]
    assert "high" in event.note


def test_a_category_in_use_cannot_be_deleted(head, section_head, helpdesk_user, agency, location):
    wifi = Category.objects.get(code="wifi")
    services.ticket_create(
        actor=helpdesk_user,
        channel="phone",
        organization=agency,
        location=location,
        reporter_name="Budi Santoso",
        description="Wi-Fi ruang rapat putus",
        category=wifi,
    )
    edit_url = reverse("tickets:settings_category_edit", args=[wifi.pk])
    edit_page = text(head.get(edit_url))
    assert 'data-testid="in-use"' in edit_page
    assert 'data-testid="delete"' not in edit_page

    response = head.post(reverse("tickets:settings_category_delete", args=[wifi.pk]), follow=True)
    assert response.redirect_chain[0] == (edit_url, 302)
    assert "Tickets or first-line steps use this category, so it cannot be deleted." in text(
        response
    )
    assert Category.objects.filter(pk=wifi.pk).exists()
    assert not events("category.deleted")
    with pytest.raises(DomainError):
        reference_services.CATEGORIES.delete(actor=section_head, obj=wifi)
    assert Category.objects.filter(pk=wifi.pk).exists()


def test_a_category_with_its_own_steps_cannot_be_deleted(section_head):
    cable = Category.objects.get(code="cable")
    assert not cable.tickets.exists() and cable.checklist_steps.exists()
    with pytest.raises(DomainError):
        reference_services.CATEGORIES.delete(actor=section_head, obj=cable)
    assert Category.objects.filter(pk=cable.pk).exists()


# --- first-line steps -------------------------------------------------------------------------


def test_add_a_step(head, section_head):
    response = head.post(
        reverse("tickets:settings_step_create"),
        {
            "scope": "whole_location",
            "order": 35,
            "question": "Periksa lampu indikator ONT",
            "guidance": "Lampu LOS merah berarti jalur fiber putus.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == HOME + "#steps"
    step = ChecklistStep.objects.get(question="Periksa lampu indikator ONT")
    assert (step.scope, step.order, step.is_active) == ("whole_location", 35, True)
    [event] = events("checklist_step.created", step)
    assert event.actor == section_head
    assert event.changes["question"] == [None, "Periksa lampu indikator ONT"]
    # the helpdesk is offered it between the existing steps 30 and 40
    orders = [s.order for s in selectors.checklist_for("whole_location")]
    assert orders == sorted(orders) and 35 in orders


def test_step_form_shows_errors(head):
    response = head.post(
        reverse("tickets:settings_step_create"),
        {"scope": "everywhere", "order": "-1", "question": ""},
    )
    assert response.status_code == 200
    page = text(response)
    assert page.count("invalid-feedback") == 3
    assert "Select a valid choice." in page
    assert "This field is required." in page
    assert not events("checklist_step.created")


def test_edit_a_step(head):
    step = ChecklistStep.objects.get(order=10)
    response = head.post(
        reverse("tickets:settings_step_edit", args=[step.pk]),
        {
            "scope": "any",
            "category": step.category_id,
            "order": 15,
            "question": step.question,
            "guidance": "Lebih jelas.",
        },
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.scope, step.order, step.guidance) == ("any", 15, "Lebih jelas.")
    [event] = events("checklist_step.updated", step)
    assert set(event.changes) == {"scope", "order", "guidance"}
    assert event.changes["scope"] == ["single_device", "any"]


def test_deactivate_a_step(head):
    step = ChecklistStep.objects.get(order=30)
    assert step in selectors.checklist_for("whole_location")
    response = head.post(reverse("tickets:settings_step_active", args=[step.pk]), {"active": "0"})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.is_active is False
    assert step not in selectors.checklist_for("whole_location")
    [event] = events("checklist_step.deactivated", step)
    assert event.changes == {"is_active": [True, False]}


# --- service-level targets --------------------------------------------------------------------


def test_the_grid_shows_defaults_and_overrides(head):
    wifi = Category.objects.get(code="wifi")
    SlaTarget.objects.create(
        category=wifi, priority=Priority.HIGH, response_minutes=20, resolution_minutes=300
    )
    page = text(head.get(HOME))
    high = DEFAULT_MINUTES[Priority.HIGH]
    for code, expected in [
        ("default-high", f"{high[0]} / {high[1]}"),
        ("wifi-high", "20 / 300"),
        ("wifi-low", "{} / {}".format(*DEFAULT_MINUTES[Priority.LOW])),
    ]:
        cell = page.split(f'data-testid="target-{code}"', 1)[1].split("</td>", 1)[0]
        assert expected in cell, code
    wifi_low = page.split('data-testid="target-wifi-low"', 1)[1].split("</td>", 1)[0]
    assert f"?category={wifi.pk}&amp;priority=low" in wifi_low  # "Override" link


def test_add_an_override(head, section_head):
    wifi = Category.objects.get(code="wifi")
    form_page = text(
        head.get(
            reverse("tickets:settings_target_create"), {"category": wifi.pk, "priority": "high"}
        )
    )
    assert f'<option value="{wifi.pk}" selected>' in form_page
    response = head.post(
        reverse("tickets:settings_target_create"),
        {
            "category": wifi.pk,
            "priority": "high",
            "response_minutes": 20,
            "resolution_minutes": 300,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == HOME + "#targets"
    target = SlaTarget.objects.get(category=wifi, priority="high")
    assert (target.response_minutes, target.resolution_minutes) == (20, 300)
    [event] = events("sla_target.created", target)
    assert event.actor == section_head
    assert event.changes["category"] == [None, wifi.pk]
    assert event.changes["resolution_minutes"] == [None, 300]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"response_minutes": 0, "resolution_minutes": 60},
            "Ensure this value is greater than or equal to 1.",
        ),
        (
            {"response_minutes": 30, "resolution_minutes": -5},
            "Ensure this value is greater than or equal to 1.",
        ),
        (
            {"response_minutes": 120, "resolution_minutes": 60},
            "The response target cannot be longer than the resolution target.",
        ),
        ({"response_minutes": "", "resolution_minutes": 60}, "This field is required."),
    ],
)
def test_target_minutes_are_validated(head, data, message):
    wifi = Category.objects.get(code="wifi")
    response = head.post(
        reverse("tickets:settings_target_create"), {"category": wifi.pk, "priority": "high", **data}
    )
    assert response.status_code == 200
    assert message in text(response)
    assert "is-invalid" in text(response)
    assert not SlaTarget.objects.filter(category=wifi).exists()
    assert not events("sla_target.created")


def test_an_existing_override_or_default_is_not_added_twice(head):
    wifi = Category.objects.get(code="wifi")
    SlaTarget.objects.create(
        category=wifi, priority=Priority.HIGH, response_minutes=20, resolution_minutes=300
    )
    for category in (wifi.pk, ""):
        response = head.post(
            reverse("tickets:settings_target_create"),
            {
                "category": category,
                "priority": "high",
                "response_minutes": 10,
                "resolution_minutes": 100,
            },
        )
        assert response.status_code == 200
        assert "Targets for this category and priority already exist" in text(response)
    assert SlaTarget.objects.filter(priority="high").count() == 2
    assert not events("sla_target.created")


def test_edit_the_default_row_but_never_remove_it(head):
    target = default_row(Priority.NORMAL)
    edit_url = reverse("tickets:settings_target_edit", args=[target.pk])
    edit_page = text(head.get(edit_url))
    assert 'data-testid="default-row"' in edit_page
    assert 'data-testid="delete"' not in edit_page

    response = head.post(edit_url, {"response_minutes": 45, "resolution_minutes": 720})
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.response_minutes, target.resolution_minutes) == (45, 720)
    [event] = events("sla_target.updated", target)
    assert event.changes == {"response_minutes": [60, 45], "resolution_minutes": [960, 720]}

    response = head.post(reverse("tickets:settings_target_delete", args=[target.pk]), follow=True)
    assert response.redirect_chain[0] == (edit_url, 302)
    assert "can be changed but not removed" in text(response)
    assert SlaTarget.objects.filter(pk=target.pk).exists()
    assert not events("sla_target.deleted")


def test_editing_a_target_is_validated(head, section_head):
    target = default_row(Priority.LOW)
    response = head.post(
        reverse("tickets:settings_target_edit", args=[target.pk]),
        {"response_minutes": 3000, "resolution_minutes": 2400},
    )
    assert response.status_code == 200
    assert "The response target cannot be longer than the resolution target." in text(response)
    target.refresh_from_db()
    assert target.response_minutes == DEFAULT_MINUTES[Priority.LOW][0]
    with pytest.raises(DomainError):
        reference_services.TARGETS.update(
            actor=section_head, obj=target, data={"response_minutes": 0}
        )
    assert not events("sla_target.updated")


def test_remove_an_override(head):
    wifi = Category.objects.get(code="wifi")
    override = SlaTarget.objects.create(
        category=wifi, priority=Priority.HIGH, response_minutes=20, resolution_minutes=300
    )
    edit_page = text(head.get(reverse("tickets:settings_target_edit", args=[override.pk])))
    assert 'data-testid="delete"' in edit_page
    response = head.post(reverse("tickets:settings_target_delete", args=[override.pk]))
    assert response.status_code == 302
    assert not SlaTarget.objects.filter(pk=override.pk).exists()
    [event] = events("sla_target.deleted")
    assert event.object_id == str(override.pk)
    assert event.changes["resolution_minutes"] == [300, None]


def test_a_changed_target_changes_the_next_computed_due_time(head, helpdesk_user, agency, location):
    wifi = Category.objects.get(code="wifi")
    ticket = services.ticket_create(
        actor=helpdesk_user,
        channel="phone",
        organization=agency,
        location=location,
        reporter_name="Budi Santoso",
        description="Wi-Fi ruang rapat putus",
        category=wifi,
        priority=Priority.HIGH,
    )
    start = services.ticket_history(ticket=ticket)[0].at
    calendar = office_calendar(always_open=False)
    before = ticket.sla_resolution_due_at
    assert before == add_working_minutes(calendar, start, DEFAULT_MINUTES[Priority.HIGH][1])

    # an override for Wi-Fi × high
    head.post(
        reverse("tickets:settings_target_create"),
        {
            "category": wifi.pk,
            "priority": "high",
            "response_minutes": 60,
            "resolution_minutes": 960,
        },
    )
    services.ticket_sla_refresh(ticket=ticket)
    ticket.refresh_from_db()
    assert ticket.sla_resolution_due_at == add_working_minutes(calendar, start, 960)
    assert ticket.sla_resolution_due_at > before

    # editing the override moves it again; removing it falls back to the default row
    override = SlaTarget.objects.get(category=wifi, priority="high")
    head.post(
        reverse("tickets:settings_target_edit", args=[override.pk]),
        {"response_minutes": 30, "resolution_minutes": 120},
    )
    services.ticket_sla_refresh(ticket=ticket)
    ticket.refresh_from_db()
    assert ticket.sla_resolution_due_at == add_working_minutes(calendar, start, 120)
    assert ticket.sla_resolution_due_at < before

    head.post(reverse("tickets:settings_target_delete", args=[override.pk]))
    services.ticket_sla_refresh(ticket=ticket)
    ticket.refresh_from_db()
    assert ticket.sla_resolution_due_at == before


# --- on a phone -------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_settings_page_fits_a_phone(new_page, live_server, client, section_head):
    client.force_login(section_head, backend="silajar.accounts.backends.UsernameOrEmailBackend")
    page = new_page(
        locale="en-US", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    for path in (
        HOME,
        reverse("tickets:settings_target_edit", args=[default_row(Priority.HIGH).pk]),
        reverse("tickets:settings_step_create"),
    ):
        page.goto(live_server.url + path)
        expect(page.locator("main h1")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    page.goto(live_server.url + reverse("tickets:settings_category_create"))
    page.get_by_label("Name").fill("Fiber optik")
    page.get_by_label("Code").fill("fiber")
    page.get_by_label("24×7 service clock").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator("#messages .alert-success")).to_be_visible()
    assert Category.objects.get(code="fiber").always_open
