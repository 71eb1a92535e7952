"""The complaint desk as people use it in Chromium: the whole SOP from the helpdesk's phone call
to the technician's signed form on a phone, the agency user's self-service with self-help
first, and a stale action refused without losing the first person's change.

Runs against pytest-django's live server (transactional database); the browser fixtures are in
silajar/conftest.py. The browser's locale is Indonesian, so texts the tests look for are taken
from the app's own translations in the language the page is rendered in.
"""

import io

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect
from pypdf import PdfReader

from silajar.accounts.roles import Role
from silajar.core.tests.browser import (
    PHONE,
    assert_no_horizontal_scroll,
    draw_signature,
    open_nav,
    sign_in,
)
from silajar.organizations.tests.factories import LocationFactory
from silajar.tickets import selectors, services
from silajar.tickets.choices import Channel, Scope, StepOutcome, TicketState
from silajar.tickets.models import Category, ChecklistStep, Deflection, Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIAGNOSIS = "Konektor RJ45 pada port uplink switch lantai 2 putus"
ACTION_TAKEN = "Konektor dipasang ulang dan kabel uplink diganti"
DESCRIPTION = "Seluruh ruang rapat lantai 2 tidak bisa terhubung ke internet sejak pagi"


@pytest.fixture
def site(live_server):
    """The live server's base URL, once roles and ticket reference data are back after a flush."""
    groups = set(Group.objects.filter(name__in=Role.values).values_list("name", flat=True))
    assert groups == set(Role.values), "post_migrate did not re-create the role groups"
    assert ChecklistStep.objects.filter(scope=Scope.WHOLE_LOCATION).exists()
    assert Category.objects.exists()
    return live_server.url


@pytest.fixture
def caller(make_user):
    """The agency user who phones in: has an account and an e-mail address."""
    return make_user(
        Role.OPD_USER,
        username="siti.rahma",
        email="siti.rahma@dinkes.example.org",
        full_name="Siti Rahmawati",
        phone="0812-5678-1234",
    )


@pytest.fixture
def meeting_room(agency):
    return LocationFactory(organization=agency, building="Gedung B", floor="2", room="Ruang Rapat")


@pytest.fixture
def technician(make_user):
    return make_user(
        Role.TECHNICIAN, username="teknisi", full_name="Budi Teknisi", phone="0812-0000-0001"
    )


@pytest.fixture
def other_technician(make_user):
    return make_user(Role.TECHNICIAN, username="teknisi2", full_name="Andi Teknisi")


@pytest.fixture
def section_head(make_user):
    return make_user(Role.SECTION_HEAD, username="kasi", full_name="Rina Kepala Seksi")


CHANGED_MEANWHILE = "This %(record)s was changed by someone else in the meantime: %(reason)s"


def text_in(page, message: str) -> str:
    """`message` as the page shows it: translated into the page's language."""
    with translation.override(page.locator("html").get_attribute("lang") or "id"):
        return str(gettext(message))


def state_label(page, state: str) -> str:
    with translation.override(page.locator("html").get_attribute("lang") or "id"):
        return str(TicketState(state).label)


# --- 1. the whole SOP ---------------------------------------------------------------------------


def test_phone_call_to_signed_form_on_a_phone(
    new_page,
    site,
    password,
    helpdesk_user,
    technician,
    other_technician,  # a second choice in the technician list
    caller,
    meeting_room,
    mailoutbox,
):
    steps = selectors.checklist_for(Scope.WHOLE_LOCATION)
    assert steps
    category = Category.objects.get(code="hub_switch")

    # --- the helpdesk takes the call at the desk, keyboard first
    desk = new_page(viewport={"width": 1366, "height": 900})
    sign_in(desk, site, helpdesk_user.username, password)
    open_nav(desk, "/tickets/new/")
    search = desk.locator("[data-testid=caller-search]")
    expect(search).to_be_focused()  # autofocus: the caller's name is typed straight away
    desk.keyboard.type("Rahmaw")
    first_match = desk.locator(f".caller-pick[data-reporter='{caller.pk}']")
    expect(first_match).to_be_visible()
    expect(search).to_have_attribute("aria-expanded", "true")
    desk.keyboard.press("ArrowDown")
    expect(first_match).to_be_focused()
    desk.keyboard.press("Enter")

    form = desk.locator("[data-testid=intake-form]")
    expect(form.locator("[name=reporter]")).to_have_value(str(caller.pk))
    expect(form.locator("[name=reporter_name]")).to_have_value(caller.full_name)
    expect(form.locator("[name=reporter_phone]")).to_have_value(caller.phone)
    expect(form.locator("[name=organization]")).to_have_value(str(caller.organization_id))
    # the agency's places arrive over HTMX; focus is already on the place
    location = form.locator("[name=location]")
    expect(location).to_be_focused()
    expect(location.locator(f"option[value='{meeting_room.pk}']")).to_be_attached()
    location.press("ArrowDown")  # the first place after "not known"
    expect(location).to_have_value(str(meeting_room.pk))

    form.locator(f"[name=scope][value='{Scope.WHOLE_LOCATION}']").check()
    checklist = desk.locator("[data-testid=intake-steps]")
    expect(checklist).to_be_visible()
    for step in steps:
        expect(checklist.locator(f"[name=step_{step.pk}]")).to_have_count(3)
    form.locator("[name=category]").select_option(str(category.pk))
    form.locator("[name=description]").focus()
    desk.keyboard.type(DESCRIPTION)
    for step in steps:  # walked with the caller: done, still not working
        radio = checklist.locator(f"[name=step_{step.pk}][value='{StepOutcome.DONE_NOT_FIXED}']")
        radio.focus()
        desk.keyboard.press("Space")
        expect(radio).to_be_checked()
    form.locator("[name=technician]").select_option(str(technician.pk))
    with desk.expect_navigation():
        desk.locator("[data-testid=intake-dispatch]").click()

    ticket = Ticket.objects.get()
    assert desk.url == f"{site}/tickets/{ticket.pk}/"
    expect(desk.locator("[data-testid=ticket-number]")).to_have_text(ticket.number)
    expect(desk.locator("[data-testid=ticket-state]")).to_have_text(
        state_label(desk, TicketState.DISPATCHED)
    )
    expect(desk.locator("[data-testid=ticket-technician]")).to_have_text(technician.full_name)
    expect(desk.locator("[data-testid=checklist-answers] li")).to_have_count(len(steps))
    assert ticket.state == TicketState.DISPATCHED
    assert ticket.channel == Channel.PHONE
    assert ticket.reporter == caller
    assert ticket.location == meeting_room
    assert ticket.scope == Scope.WHOLE_LOCATION
    assert ticket.category == category
    assert ticket.description == DESCRIPTION
    assert [(a["step"], a["outcome"]) for a in ticket.checklist] == [
        (s.pk, StepOutcome.DONE_NOT_FIXED) for s in steps
    ]
    assert ticket.assigned_to == technician

    # --- the technician, on site with a phone
    phone = new_page(**PHONE)
    sign_in(phone, site, technician.username, password)
    open_nav(phone, "/tickets/field/")
    assert_no_horizontal_scroll(phone)
    item = phone.locator(f"[data-testid=queue-item][data-number='{ticket.number}']")
    expect(item).to_have_count(1)
    with phone.expect_navigation():
        item.click()
    expect(phone.locator("[data-testid=field-detail]")).to_be_visible()
    expect(phone.locator("[data-testid=ticket-state]")).to_have_text(
        state_label(phone, TicketState.DISPATCHED)
    )
    expect(phone.locator("[data-testid=call-reporter]")).to_have_attribute(
        "href", "tel:081256781234"
    )
    assert_no_horizontal_scroll(phone)

    with phone.expect_navigation():
        phone.locator("[data-testid=start]").click()
    expect(phone.locator("[data-testid=ticket-state]")).to_have_text(
        state_label(phone, TicketState.IN_PROGRESS)
    )
    assert_no_horizontal_scroll(phone)

    phone.locator("#id_diagnosis").fill(DIAGNOSIS)
    phone.locator("#id_action_taken").fill(ACTION_TAKEN)
    with phone.expect_navigation():
        phone.locator("[data-testid=resolve]").click()
    expect(phone.locator("[data-testid=ticket-state]")).to_have_text(
        state_label(phone, TicketState.RESOLVED)
    )
    assert_no_horizontal_scroll(phone)

    sign_form = phone.locator("[data-testid=sign-form]")
    expect(sign_form).to_be_visible()
    draw_signature(phone)
    sign_form.locator("[name=signer_name]").fill("Siti Rahmawati, S.K.M.")
    with phone.expect_navigation():
        sign_form.locator("[data-testid=sign-submit]").click()
    expect(phone.locator("[data-testid=ticket-state]")).to_have_text(
        state_label(phone, TicketState.CLOSED)
    )
    expect(phone.locator("[data-testid=sign-form]")).to_have_count(0)
    assert_no_horizontal_scroll(phone)

    ticket.refresh_from_db()
    assert ticket.state == TicketState.CLOSED
    assert ticket.diagnosis == DIAGNOSIS
    assert ticket.action_taken == ACTION_TAKEN
    assert ticket.signer_name == "Siti Rahmawati, S.K.M."
    assert ticket.signature.name
    with ticket.signature.open("rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"

    # --- the signed form, downloaded on the phone
    with phone.expect_download() as download_info:
        phone.locator("[data-testid=form-pdf]").click()
    download = download_info.value
    assert download.suggested_filename == f"formulir-gangguan-{ticket.number}.pdf"
    with open(download.path(), "rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert ticket.number in flat
    assert DIAGNOSIS in flat

    # --- the caller hears that the problem is repaired, then that the ticket is closed
    to_caller = [m for m in mailoutbox if m.to == [caller.email]]
    assert len(to_caller) == 2, [m.subject for m in mailoutbox]
    assert all(ticket.number in m.subject for m in to_caller)
    assert any(DIAGNOSIS in m.body for m in to_caller)


# --- 2. the agency user's self-service -----------------------------------------------------------


def start_report(page, scope):
    open_nav(page, "/tickets/self-help/")
    report = page.locator("[data-testid=portal-report]")
    expect(report).to_have_attribute("data-stage", "scope")
    page.locator(f"input[name=scope][value='{scope}']").check()
    with page.expect_navigation():
        page.locator("[data-testid=scope-next]").click()
    expect(report).to_have_attribute("data-stage", "help")
    assert_no_horizontal_scroll(page)
    return report


def test_agency_user_reports_after_self_help_or_is_helped_by_it(
    new_page, site, password, caller, meeting_room
):
    steps = selectors.checklist_for(Scope.WHOLE_LOCATION)
    category = Category.objects.get(code="wifi")
    page = new_page(**PHONE)
    sign_in(page, site, caller.username, password)

    # the steps did not help: report the problem
    report = start_report(page, Scope.WHOLE_LOCATION)
    shown = page.locator("[data-testid=self-help-steps] li")
    expect(shown).to_have_count(len(steps))
    for item, step in zip(shown.all(), steps, strict=True):
        expect(item).to_contain_text(step.question)
    shown.first.get_by_role("checkbox").check()  # tried the first step, not the others
    with page.expect_navigation():
        page.locator("[data-testid=self-help-failed]").click()
    expect(report).to_have_attribute("data-stage", "form")
    page.locator("#id_location").select_option(str(meeting_room.pk))
    page.locator("#id_category").select_option(str(category.pk))
    page.locator("#id_description").fill("Wi-Fi ruang rapat hilang, sudah reset access point")
    page.locator("#id_reporter_unit").fill("Sekretariat")
    assert_no_horizontal_scroll(page)
    with page.expect_navigation():
        page.locator("[data-testid=report-submit]").click()

    ticket = Ticket.objects.get()
    assert page.url == f"{site}/tickets/portal/{ticket.pk}/"
    expect(page.locator("main")).to_contain_text(ticket.number)
    assert_no_horizontal_scroll(page)
    assert ticket.channel == Channel.WEB
    assert ticket.reporter == caller
    assert ticket.organization == caller.organization
    assert ticket.scope == Scope.WHOLE_LOCATION
    assert ticket.location == meeting_room
    assert ticket.category == category
    assert ticket.reporter_unit == "Sekretariat"
    assert ticket.state == TicketState.NEW
    # the step tried is the ticket's first recorded step: the helpdesk does not ask again
    assert [(a["step"], a["outcome"], a["by_reporter"]) for a in ticket.checklist] == [
        (steps[0].pk, "not_fixed", True)
    ]
    assert not Deflection.objects.exists()

    # another day, the steps did help: no ticket, the deflection is counted
    start_report(page, Scope.WHOLE_LOCATION)
    with page.expect_navigation():
        page.locator("[data-testid=self-help-solved]").click()
    assert page.url == f"{site}/tickets/portal/"
    expect(page.locator("main")).to_contain_text(ticket.number)  # the earlier report is listed
    assert_no_horizontal_scroll(page)
    assert Ticket.objects.count() == 1
    deflection = Deflection.objects.get()
    assert deflection.user == caller
    assert deflection.organization_id == caller.organization_id
    assert deflection.scope == Scope.WHOLE_LOCATION
    assert sorted(deflection.steps) == sorted(s.pk for s in steps)


def test_a_known_caller_brings_their_unit_and_usual_place(
    new_page, site, password, helpdesk_user, caller, meeting_room, agency
):
    LocationFactory(organization=agency, building="Gedung A", room="Lobi")  # another place
    services.ticket_create(
        actor=helpdesk_user,
        channel=Channel.PHONE,
        organization=agency,
        location=meeting_room,
        reporter=caller,
        reporter_unit="Subbag Umum",
        description="Kemarin: Wi-Fi ruang rapat putus",
    )
    desk = new_page(viewport={"width": 1366, "height": 900})
    sign_in(desk, site, helpdesk_user.username, password)
    open_nav(desk, "/tickets/new/")
    desk.keyboard.type("Rahmaw")
    expect(desk.locator(f".caller-pick[data-reporter='{caller.pk}']")).to_be_visible()
    desk.keyboard.press("Enter")
    form = desk.locator("[data-testid=intake-form]")
    expect(form.locator("[name=reporter_phone]")).to_have_value(caller.phone)
    expect(form.locator("[name=reporter_unit]")).to_have_value("Subbag Umum")
    # the agency's places arrive over HTMX, then the caller's usual one is chosen
    expect(form.locator("[name=location]")).to_have_value(str(meeting_room.pk))


def empty_required_fields_told_once(page, names: list[str]) -> None:
    """The server's message once under each empty required field, nowhere else in the page:
    the browser's own check did not hold the post back (forms are `novalidate`)."""
    required = text_in(page, "This field is required.")
    for name in names:
        block = page.locator(f"main .mb-3:has([name={name}])")
        expect(block.locator(".invalid-feedback")).to_have_text([required])
    expect(page.locator("main .invalid-feedback")).to_have_count(len(names))
    assert page.locator("main").inner_text().count(required) == len(names)
    assert_no_horizontal_scroll(page)


def test_one_message_per_empty_required_field_on_a_phone(
    new_page, site, password, caller, helpdesk_user
):
    portal = new_page(**PHONE)
    sign_in(portal, site, caller.username, password)
    portal.goto(f"{site}/tickets/self-help/?scope={Scope.SINGLE_DEVICE}&step=form")
    expect(portal.locator("[data-testid=portal-report]")).to_have_attribute("data-stage", "form")
    with portal.expect_navigation():
        portal.locator("[data-testid=report-submit]").click()
    empty_required_fields_told_once(portal, ["description"])

    desk = new_page(**PHONE)
    sign_in(desk, site, helpdesk_user.username, password)
    desk.goto(f"{site}/tickets/new/")
    with desk.expect_navigation():
        desk.locator("[data-testid=intake-log]").click()
    empty_required_fields_told_once(desk, ["reporter_name", "organization", "description"])
    assert not Ticket.objects.exists()


# --- 3. a stale action ---------------------------------------------------------------------------


def open_dispatch(page, site, ticket, technician):
    page.goto(f"{site}/tickets/{ticket.pk}/")
    panel = page.locator("[data-testid=action-dispatch]")
    panel.locator("summary").click()
    panel.locator("select[name='dispatch-technician']").select_option(str(technician.pk))
    return panel


def test_second_dispatch_of_the_same_ticket_is_refused_without_losing_the_first(
    new_page,
    site,
    password,
    helpdesk_user,
    section_head,
    technician,
    other_technician,
    agency,
    meeting_room,
):
    ticket = services.ticket_create(
        actor=helpdesk_user,
        channel=Channel.PHONE,
        organization=agency,
        location=meeting_room,
        reporter_name="Siti Pelapor",
        description=DESCRIPTION,
        scope=Scope.WHOLE_LOCATION,
    )
    services.ticket_triage(ticket=ticket, actor=helpdesk_user)

    desk = new_page()
    head = new_page()
    sign_in(desk, site, helpdesk_user.username, password)
    sign_in(head, site, section_head.username, password)
    # both look at the triaged ticket and pick a technician
    first = open_dispatch(desk, site, ticket, technician)
    second = open_dispatch(head, site, ticket, other_technician)

    with desk.expect_navigation():
        first.locator("button[type=submit]").click()
    expect(desk.locator("[data-testid=ticket-state]")).to_have_text(
        state_label(desk, TicketState.DISPATCHED)
    )
    expect(desk.locator("[data-testid=ticket-technician]")).to_have_text(technician.full_name)

    with head.expect_navigation() as navigation:
        second.locator("button[type=submit]").click()
    assert navigation.value.status == 409
    record = text_in(head, "ticket")
    changed = text_in(head, CHANGED_MEANWHILE)
    prefix = (changed % {"record": record, "reason": ""}).rstrip(": ")
    expect(head.locator("#messages [role=alert]")).to_contain_text(prefix)
    # the page now shows the ticket as it is: the first technician, no dispatch offered
    expect(head.locator("[data-testid=ticket-state]")).to_have_text(
        state_label(head, TicketState.DISPATCHED)
    )
    expect(head.locator("[data-testid=ticket-technician]")).to_have_text(technician.full_name)
    expect(head.locator("[data-testid=action-dispatch]")).to_have_count(0)

    ticket.refresh_from_db()
    assert ticket.state == TicketState.DISPATCHED
    assert ticket.assigned_to == technician
    assert ticket.version == 3  # created, triaged, dispatched once
