"""The installation procedure (SOP 1) as people use it in Chromium, both branches, each step
through the pages: the agency operator files the signed letter, the head of UPDE forwards it,
the section head assigns the survey, the technician surveys and installs on his phone, and the
agency signs the installation form — on the screen, or by uploading the signed paper.

Runs against pytest-django's live server (transactional database); the browser fixtures are in
silajar/conftest.py, the sign-in and drawing helpers in silajar/core/tests/browser.py."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from silajar.accounts.roles import Role
from silajar.core.tests.browser import (
    PHONE,
    assert_no_horizontal_scroll,
    draw_signature,
    open_nav,
    sign_in,
)
from silajar.core.tests.files import pdf_bytes, png_bytes
from silajar.installations.choices import RequestState as S
from silajar.installations.models import InstallationRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"viewport": {"width": 1366, "height": 900}}
SUBJECT = "Permohonan pemasangan jaringan ruang rapat lantai 2"


@pytest.fixture
def site(live_server):
    groups = set(Group.objects.filter(name__in=Role.values).values_list("name", flat=True))
    assert groups == set(Role.values), "post_migrate did not re-create the role groups"
    return live_server.url


@pytest.fixture
def people(make_user, agency):
    return {
        "operator": make_user(Role.OPD_OPERATOR, username="operator", full_name="Sari Operator"),
        "agency_user": make_user(Role.OPD_USER, username="pegawai", full_name="Budi Pegawai"),
        "upde_head": make_user(Role.UPDE_HEAD, username="kaupde", full_name="Kepala UPDE"),
        "section_head": make_user(  # signs the reply letter: NIP and rank required
            Role.SECTION_HEAD,
            username="kasi",
            full_name="Rina Kasi",
            nip="198001012005012001",
            rank="III/d",
        ),
        "technician": make_user(Role.TECHNICIAN, username="teknisi", full_name="Andi Teknisi"),
    }


def state_is(page, state: str):
    expect(page.locator("[data-testid=request-state]")).to_have_attribute("data-state", state)


def open_action(page, name: str):
    panel = page.locator(f"[data-testid=action-{name}]")
    panel.locator("summary").click()
    expect(panel).to_have_attribute("open", "")
    return panel


def downloaded(page, testid: str) -> bytes:
    with page.expect_download() as info:
        page.locator(f"[data-testid={testid}]").click()
    return Path(info.value.path()).read_bytes()


@pytest.fixture
def problems():
    """Script errors and console errors (a CSP refusal is one) of every page opened; each test
    ends by asserting there were none."""
    return []


@pytest.fixture
def signed_in(new_page, site, password, problems):
    def open_as(user, **options):
        page = new_page(**(options or DESK))
        page.on("pageerror", lambda error: problems.append(f"{user.username}: {error}"))
        page.on(
            "console",
            lambda msg: msg.type == "error" and problems.append(f"{user.username}: {msg.text}"),
        )
        sign_in(page, site, user.username, password)
        return page

    return open_as


def file_the_letter(page) -> InstallationRequest:
    """The agency operator downloads the pre-filled letter and files the signed scan."""
    open_nav(page, "/installations/new/")
    form = page.locator("[data-testid=request-form]")
    form.locator("[name=letter_number]").fill("005/321/DINKES-UM/2026")
    letter_day = timezone.localdate() - timedelta(days=1)
    form.locator("[name=letter_date]").fill(letter_day.isoformat())
    form.locator("[name=subject]").fill(SUBJECT)
    form.locator("[name=signatory_name]").fill("dr. Harisson, M.Kes.")
    form.locator("[name=signatory_title]").fill("Kepala Dinas Kesehatan")
    form.locator("[name=signatory_nip]").fill("197001011995031001")
    form.locator("[name=description]").fill("Delapan titik jaringan dan dua access point.")
    form.locator("[name=location_detail]").fill("Ruang rapat, lantai 2")
    form.locator("[name=network_points]").fill("8")
    form.locator("[name=access_points]").fill("2")
    letter = downloaded(page, "letter-pdf")
    assert letter.startswith(b"%PDF")
    link = page.locator("[data-testid=letter-pdf]")  # pre-filled with what is typed above
    expect(link).to_have_attribute("href", re.compile(r"subject=Permohonan\+pemasangan"))
    expect(link).to_have_attribute("href", re.compile(r"network_points=8"))
    form.locator("[name=letter_file]").set_input_files(
        files=[
            {"name": "surat-permohonan.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
        ]
    )
    with page.expect_navigation():
        page.locator("[data-testid=submit-request]").click()
    state_is(page, S.SUBMITTED)
    expect(page.locator("[data-testid=request-subject]")).to_have_text(SUBJECT)
    return InstallationRequest.objects.get(subject=SUBJECT)


def forward_and_assign(signed_in, site, people, obj):
    url = f"{site}/installations/{obj.pk}/"
    head = signed_in(people["upde_head"])
    head.goto(url)
    panel = open_action(head, "forward")
    panel.locator("textarea").fill("Mohon segera disurvei.")
    panel.locator("[data-testid=submit-forward]").click()
    state_is(head, S.FORWARDED)

    section = signed_in(people["section_head"])
    section.goto(url)
    panel = open_action(section, "assign_survey")
    panel.locator("select").select_option(str(people["technician"].pk))
    panel.locator("[data-testid=submit-assign_survey]").click()
    state_is(section, S.SURVEY_ASSIGNED)
    expect(section.locator("[data-testid=request-technician]")).to_have_text("Andi Teknisi")
    return section


def fill_item(row, name, specification, quantity, provided_by):
    row.locator("input[name$='-name']").fill(name)
    row.locator("input[name$='-specification']").fill(specification)
    row.locator("input[name$='-quantity']").fill(str(quantity))
    row.locator("select").select_option(provided_by)


def technician_surveys(signed_in, people, obj, *, adequate: bool):
    """On his phone: the request is in his list; he records the survey with items and a photo."""
    phone = signed_in(people["technician"], **PHONE)
    open_nav(phone, "/installations/")
    assert_no_horizontal_scroll(phone)
    row = phone.locator(f"[data-testid=request-row][data-number='{obj.number}']")
    expect(row.locator("[data-testid=to-do]")).to_be_visible()
    with phone.expect_navigation():
        row.locator("a").first.click()
    state_is(phone, S.SURVEY_ASSIGNED)
    panel = open_action(phone, "record_survey")
    panel.locator("[name='record_survey-slot_available'][value=yes]").check()
    panel.locator(f"[name='record_survey-adequate'][value={'yes' if adequate else 'no'}]").check()
    rows = panel.locator("[data-testid=item-row]")
    expect(rows).to_have_count(1)
    fill_item(rows.nth(0), "Kabel UTP Cat6", "1 box 305 m", 1, "diskominfo")
    panel.locator("[data-testid=item-add]").click()
    expect(rows).to_have_count(2)
    if adequate:  # a row added by mistake is removed again
        rows.nth(1).locator("[data-item-remove]").click()
        expect(rows).to_have_count(1)
    else:
        fill_item(rows.nth(1), "Switch 24 port", "Gigabit, managed", 1, "agency")
    panel.locator("[name='record_survey-notes']").fill("Rak server tersedia di lantai 2.")
    photos = panel.locator("[name='record_survey-photos']")
    expect(photos).to_have_attribute("accept", "image/*")
    photos.set_input_files(
        files=[{"name": "ruang-rapat.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    assert_no_horizontal_scroll(phone)
    panel.locator("[data-testid=submit-record_survey]").click()
    state_is(phone, S.SURVEYED)
    expect(phone.locator("[data-testid=survey-items] tbody tr")).to_have_count(1 if adequate else 2)
    photo = phone.locator("[data-testid=survey-photos] img")
    expect(photo).to_have_count(1)
    # the thumbnail (lazy: scrolled to) is served through the access-checked view and decoded
    photo.scroll_into_view_if_needed()
    expect(photo).to_have_js_property("complete", True)
    assert photo.evaluate("img => img.naturalWidth") > 0
    return phone


def technician_installs(phone, obj):
    phone.locator("[data-testid=action-start_installation] button").click()
    state_is(phone, S.INSTALLING)
    panel = open_action(phone, "complete_installation")
    panel.locator("[name='complete_installation-link_up']").check()
    panel.locator("[name='complete_installation-ip_address']").fill("10.20.30.40")
    panel.locator("[name='complete_installation-measured_mbps']").fill("95.5")
    panel.locator("[name='complete_installation-notes']").fill("8 titik terpasang, AP aktif.")
    assert_no_horizontal_scroll(phone)
    panel.locator("[data-testid=submit-complete_installation]").click()
    state_is(phone, S.INSTALLED)
    expect(phone.locator("[data-testid=ip-address]")).to_have_text("10.20.30.40")


def test_adequate_location_installed_and_signed_on_the_screen(signed_in, site, people, problems):
    operator = signed_in(people["operator"])
    obj = file_the_letter(operator)
    forward_and_assign(signed_in, site, people, obj)
    phone = technician_surveys(signed_in, people, obj, adequate=True)
    technician_installs(phone, obj)

    # the agency user signs the installation form on the screen (a phone)
    signer = signed_in(people["agency_user"], **PHONE)
    open_nav(signer, "/installations/")
    row = signer.locator(f"[data-testid=request-row][data-number='{obj.number}']")
    expect(row.locator("[data-testid=to-do]")).to_be_visible()
    with signer.expect_navigation():
        row.locator("a").first.click()
    panel = open_action(signer, "sign_off")
    panel.locator("[name='sign_off-signer_name']").fill("Budi Pegawai")
    draw_signature(signer)
    assert_no_horizontal_scroll(signer)
    panel.locator("[data-testid=sign-submit]").click()
    state_is(signer, S.COMPLETED)
    expect(signer.locator("[data-testid=signer-name]")).to_contain_text("Budi Pegawai")
    signer.locator("[data-testid=signature-image]").scroll_into_view_if_needed()
    expect(signer.locator("[data-testid=signature-image]")).to_have_js_property("complete", True)
    assert signer.locator("[data-testid=signature-image]").evaluate("i => i.naturalWidth") > 0
    form = downloaded(signer, "doc-installation-form")
    assert form.startswith(b"%PDF")
    obj.refresh_from_db()
    assert obj.state == S.COMPLETED and obj.signature and obj.adequate is True
    assert obj.items.count() == 1 and obj.photos.count() == 1
    assert not problems


def test_inadequate_location_reply_letter_equipment_and_scanned_form(
    signed_in, site, people, problems
):
    operator = signed_in(people["operator"])
    obj = file_the_letter(operator)
    section = forward_and_assign(signed_in, site, people, obj)
    phone = technician_surveys(signed_in, people, obj, adequate=False)

    # the section head issues the reply letter: it gets an official number and downloads
    section.reload()
    state_is(section, S.SURVEYED)
    panel = open_action(section, "issue_reply_letter")
    panel.locator("[data-testid=submit-issue_reply_letter]").click()
    state_is(section, S.AWAITING_EQUIPMENT)
    obj.refresh_from_db()
    assert obj.reply_letter_number
    expect(section.locator("[data-testid=reply-letter-number]")).to_have_text(
        obj.reply_letter_number
    )
    assert downloaded(section, "doc-reply-letter").startswith(b"%PDF")

    # the operator sees the letter and says the equipment is ready
    operator.reload()
    state_is(operator, S.AWAITING_EQUIPMENT)
    expect(operator.locator("[data-testid=reply-letter-number]")).to_have_text(
        obj.reply_letter_number
    )
    operator.locator("[data-testid=action-confirm_equipment] button").click()
    state_is(operator, S.EQUIPMENT_READY)

    phone.reload()
    technician_installs(phone, obj)

    # the operator uploads the scan of the form signed on paper
    operator.reload()
    state_is(operator, S.INSTALLED)
    panel = open_action(operator, "sign_off")
    panel.locator("[name='sign_off-signer_name']").fill("dr. Harisson, M.Kes.")
    panel.locator("[name='sign_off-signed_form']").set_input_files(
        files=[{"name": "formulir-ttd.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    panel.locator("[data-testid=sign-submit]").click()
    state_is(operator, S.COMPLETED)
    expect(operator.locator("[data-testid=signed-form]")).to_be_visible()
    obj.refresh_from_db()
    assert obj.state == S.COMPLETED and obj.signed_form and not obj.signature
    assert obj.equipment_confirmed_at is not None and obj.items.count() == 2
    assert not problems
