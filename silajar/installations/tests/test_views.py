"""The installation-request pages: who sees which page, filing a request with its letter, the
request page's actions (fired, refused with the inputs kept, stale), files and documents, the
list's filters and the steps' targets."""

import html
import io
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from silajar.accounts.roles import Role
from silajar.core.audit import audit_timeline
from silajar.core.models import AuditEvent
from silajar.core.tests.files import (
    media_files,
    pdf_bytes,
    png_bytes,
    signature_data_url,
    upload_file,
)
from silajar.installations.choices import DEFAULT_STEP_DAYS
from silajar.installations.choices import RequestState as S
from silajar.installations.models import InstallationRequest, StepTarget
from silajar.installations.tests.factories import Cast, file_request, walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(agency):
    return Cast(agency)


@pytest.fixture
def other_cast(other_agency):
    return Cast(other_agency)


def detail(installation):
    return reverse("installations:detail", args=[installation.pk])


def action_url(installation, name):
    return reverse("installations:action", args=[installation.pk, name])


def post_action(client, installation, name, data=None, **files):
    installation.refresh_from_db()
    payload = {f"{name}-version": installation.version}
    payload.update({f"{name}-{k}": v for k, v in (data or {}).items()})
    payload.update({f"{name}-{k}": v for k, v in files.items()})
    return client.post(action_url(installation, name), payload)


def letter_data(**overrides):
    data = {
        "letter_number": "005/77/DISDIK/2026",
        "letter_date": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "subject": "Permohonan pemasangan jaringan laboratorium",
        "signatory_name": "Drs. Ahmad Yani",
        "signatory_title": "Kepala Dinas Pendidikan",
        "signatory_nip": "197501012000031002",
        "description": "Dua belas titik jaringan di laboratorium komputer lantai 3.",
        "location_detail": "Lab komputer, lantai 3",
        "network_points": "12",
        "access_points": "1",
        "letter_file": upload_file(pdf_bytes(), "surat.pdf"),
    }
    data.update(overrides)
    return data


# --- the list ----------------------------------------------------------------------------------


def test_list_staff_see_all_agency_sees_own(client_as, cast, other_cast, make_user):
    own = file_request(cast)
    theirs = file_request(other_cast)
    page = client_as(cast[Role.SECTION_HEAD]).get(reverse("installations:list"))
    assert page.status_code == 200
    assert own.number in page.text and theirs.number in page.text
    page = client_as(cast[Role.OPD_USER]).get(reverse("installations:list"))
    assert page.status_code == 200
    assert own.number in page.text and theirs.number not in page.text


def test_list_refuses_providers(client_as, make_user):
    provider = make_user(Role.PROVIDER)
    assert client_as(provider).get(reverse("installations:list")).status_code == 403


def test_list_filters_and_search(client_as, cast, other_cast):
    submitted = file_request(cast, subject="Jaringan aula utama")
    forwarded = walk_to(S.FORWARDED, other_cast)
    client = client_as(cast[Role.UPDE_HEAD])
    url = reverse("installations:list")
    page = client.get(url, {"state": S.FORWARDED})
    assert forwarded.number in page.text and submitted.number not in page.text
    page = client.get(url, {"q": "aula utama"})
    assert submitted.number in page.text and forwarded.number not in page.text
    page = client.get(
        url, {"q": forwarded.letter_number, "organization": other_cast.organization.pk}
    )
    assert forwarded.number in page.text and submitted.number not in page.text
    page = client.get(url, {"state": "open", "sort": "-number"})
    assert page.text.index(forwarded.number) < page.text.index(submitted.number)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    page = client.get(url, {"created_from": tomorrow})
    assert submitted.number not in page.text
    # an invalid filter is dropped, never an error page
    assert client.get(url, {"state": "nonsense", "created_from": "x"}).status_code == 200


def test_list_overdue_filter_and_badge(client_as, cast):
    late = file_request(cast)
    on_time = file_request(cast)
    InstallationRequest.objects.filter(pk=late.pk).update(step_overdue=True)
    page = client_as(cast[Role.UPDE_HEAD]).get(reverse("installations:list"), {"overdue": "on"})
    assert late.number in page.text and on_time.number not in page.text
    assert 'data-testid="overdue"' in page.text


def test_list_technician_opens_on_his_own(client_as, cast):
    mine = walk_to(S.SURVEY_ASSIGNED, cast)
    other = file_request(cast)
    client = client_as(cast[Role.TECHNICIAN])
    page = client.get(reverse("installations:list"))
    assert mine.number in page.text and other.number not in page.text
    assert 'data-testid="to-do"' in page.text  # the survey waits for him
    page = client.get(reverse("installations:list"), {"filtered": "1"})
    assert other.number in page.text


def test_list_shows_what_the_agency_must_do(client_as, cast):
    waiting = walk_to(S.AWAITING_EQUIPMENT, cast)
    page = client_as(cast[Role.OPD_OPERATOR]).get(reverse("installations:list"))
    row = page.text[page.text.index(waiting.number) :]
    assert 'data-testid="to-do"' in row[:400]


def test_list_htmx_renders_the_table_only(client_as, cast):
    file_request(cast)
    page = client_as(cast[Role.HELPDESK]).get(
        reverse("installations:list"), {"state": "open"}, HTTP_HX_REQUEST="true"
    )
    assert page.status_code == 200
    assert 'data-testid="requests"' in page.text and "<html" not in page.text


def test_list_pages(client_as, cast):
    for _ in range(27):
        InstallationRequest.objects.create(
            number=f"PJ-X-{_:04d}",
            organization=cast.organization,
            letter_number="1",
            letter_date=timezone.localdate(),
            subject="s",
            signatory_name="n",
            signatory_title="t",
            letter_file="x.pdf",
            description="d",
        )
    client = client_as(cast[Role.HELPDESK])
    url = reverse("installations:list")
    first = client.get(url)
    assert first.text.count('data-testid="request-row"') == 25
    assert 'data-testid="prev-page"' not in first.text
    next_link = re.search(r'href="([^"]*)"[^>]*data-testid="next-page"', first.text)
    with CaptureQueriesContext(connection) as deep:
        second = client.get(url + html.unescape(next_link.group(1)))
    assert second.text.count('data-testid="request-row"') == 2
    assert 'data-testid="next-page"' not in second.text
    assert 'data-testid="prev-page"' in second.text
    # a deep page by cursor counts nothing and skips nothing: it costs what page 1 costs
    sql = " ".join(q["sql"] for q in deep.captured_queries).upper()
    assert "COUNT(" not in sql and " OFFSET " not in sql
    bookmark = client.get(url, {"page": 2})
    assert bookmark.text.count('data-testid="request-row"') == 2


# --- filing a request --------------------------------------------------------------------------


def test_operator_files_for_own_agency(client_as, cast, other_agency):
    client = client_as(cast[Role.OPD_OPERATOR])
    page = client.get(reverse("installations:create"))
    assert page.status_code == 200
    assert 'data-testid="fixed-agency"' in page.text and 'name="organization"' not in page.text
    response = client.post(
        reverse("installations:create"), letter_data(organization=other_agency.pk)
    )
    installation = InstallationRequest.objects.get()
    assert response.status_code == 302 and response.url == detail(installation)
    assert installation.organization == cast.organization  # the posted agency is ignored
    assert installation.state == S.SUBMITTED and installation.letter_file_name == "surat.pdf"
    assert (
        installation.network_points == 12
        and installation.location_detail == "Lab komputer, lantai 3"
    )


def test_staff_register_a_paper_letter_for_an_agency(client_as, cast, location):
    client = client_as(cast[Role.HELPDESK])
    response = client.post(
        reverse("installations:create"),
        letter_data(organization=cast.organization.pk, location=location.pk),
    )
    assert response.status_code == 302
    installation = InstallationRequest.objects.get()
    assert installation.organization == cast.organization and installation.location == location
    # without an agency: the field says so
    page = client.post(reverse("installations:create"), letter_data())
    assert page.status_code == 400
    assert InstallationRequest.objects.count() == 1


@pytest.mark.parametrize("role", [Role.OPD_USER, Role.TECHNICIAN, Role.NETWORK_ADMIN])
def test_create_refused_to_other_roles(client_as, cast, role):
    client = client_as(cast[role])
    assert client.get(reverse("installations:create")).status_code == 403
    assert client.post(reverse("installations:create"), letter_data()).status_code == 403
    assert not InstallationRequest.objects.exists()


def test_refused_upload_stores_nothing_and_keeps_inputs(client_as, cast):
    client = client_as(cast[Role.OPD_OPERATOR])
    before = media_files()
    page = client.post(
        reverse("installations:create"),
        letter_data(letter_file=upload_file(b"MZ\x90\x00 not a letter", "surat.pdf")),
    )
    assert page.status_code == 400
    assert not InstallationRequest.objects.exists()
    assert media_files() == before
    form = page.context["form"]
    assert form.errors["letter_file"]
    assert 'value="Drs. Ahmad Yani"' in page.text  # the inputs are kept


def test_service_refusal_lands_on_the_field(client_as, cast):
    client = client_as(cast[Role.OPD_OPERATOR])
    before = media_files()
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    page = client.post(
        reverse("installations:create"), letter_data(letter_date=future, signatory_nip="123")
    )
    assert page.status_code == 400
    errors = page.context["form"].errors
    assert "letter_date" in errors and "signatory_nip" in errors
    assert media_files() == before


def test_request_letter_downloads(client_as, cast):
    client = client_as(cast[Role.OPD_OPERATOR])
    query = {"subject": "Permohonan jaringan aula", "network_points": "4"}
    docx = client.get(reverse("installations:letter_docx"), query)
    assert docx.status_code == 200
    assert "wordprocessingml" in docx["Content-Type"]
    document = Document(io.BytesIO(docx.content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    text = "\n".join([*(p.text for p in document.paragraphs), *cells])
    assert "Permohonan jaringan aula" in text  # pre-filled with what was typed
    assert "4 titik" in text
    pdf = client.get(reverse("installations:letter_pdf"), query)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (
        client_as(cast[Role.OPD_USER]).get(reverse("installations:letter_pdf")).status_code == 403
    )


def test_staff_letter_needs_an_agency(client_as, cast):
    client = client_as(cast[Role.UPDE_HEAD])
    response = client.get(reverse("installations:letter_pdf"))
    assert response.status_code == 302 and response.url == reverse("installations:create")
    ok = client.get(reverse("installations:letter_pdf"), {"organization": cast.organization.pk})
    assert ok.status_code == 200 and ok.content.startswith(b"%PDF")


# --- the request page --------------------------------------------------------------------------


def test_detail_access(client_as, cast, other_cast, make_user):
    installation = file_request(cast)
    for role in (Role.OPD_USER, Role.OPD_OPERATOR, Role.HELPDESK, Role.TECHNICIAN):
        assert client_as(cast[role]).get(detail(installation)).status_code == 200
    assert client_as(other_cast[Role.OPD_OPERATOR]).get(detail(installation)).status_code == 404
    assert client_as(make_user(Role.PROVIDER)).get(detail(installation)).status_code == 404


def test_detail_shows_step_box_timeline_and_actions(client_as, cast):
    installation = walk_to(S.FORWARDED, cast)
    page = client_as(cast[Role.SECTION_HEAD]).get(detail(installation))
    assert 'data-testid="step-box"' in page.text
    assert 'data-testid="action-assign_survey"' in page.text
    assert 'data-testid="action-cancel"' in page.text
    assert 'data-testid="action-forward"' not in page.text
    assert 'data-action="installation.forward"' in page.text  # the timeline from the trail
    head = client_as(cast[Role.SECTION_HEAD])
    head.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    timeline = head.get(detail(installation)).text.split('data-testid="timeline"')[1]
    assert f"forwarded request {installation}" in timeline  # a sentence, not the code
    assert "<code>installation.forward</code>" not in timeline  # the codes: administrators
    page = client_as(cast[Role.OPD_USER]).get(detail(installation))
    assert 'data-testid="no-actions"' in page.text


def test_forward_and_assign_survey(client_as, cast):
    installation = file_request(cast)
    response = post_action(
        client_as(cast[Role.UPDE_HEAD]), installation, "forward", {"note": "Segera"}
    )
    assert response.status_code == 302
    installation.refresh_from_db()
    assert installation.state == S.FORWARDED and installation.disposition_note == "Segera"
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    technician = cast[Role.TECHNICIAN]
    client = client_as(cast[Role.SECTION_HEAD])
    response = post_action(
        client, installation, "assign_survey", {"technician": technician.pk, "due_date": due}
    )
    assert response.status_code == 302
    installation.refresh_from_db()
    assert installation.state == S.SURVEY_ASSIGNED and installation.technician == technician
    assert installation.survey_due_date.isoformat() == due


def test_action_not_allowed_is_403(client_as, cast):
    installation = file_request(cast)
    response = post_action(client_as(cast[Role.OPD_USER]), installation, "forward")
    assert response.status_code == 403
    assert f'href="{detail(installation)}"' in response.text  # the way back is the request
    installation.refresh_from_db()
    assert installation.state == S.SUBMITTED


def test_action_of_another_agency_is_404(client_as, cast, other_cast):
    installation = walk_to(S.AWAITING_EQUIPMENT, cast)
    response = post_action(
        client_as(other_cast[Role.OPD_OPERATOR]), installation, "confirm_equipment"
    )
    assert response.status_code == 404


def test_unknown_action_is_404(client_as, cast):
    installation = file_request(cast)
    assert post_action(client_as(cast[Role.UPDE_HEAD]), installation, "explode").status_code == 404


def test_stale_version_is_a_conflict_showing_the_current_state(client_as, cast):
    installation = file_request(cast)
    client = client_as(cast[Role.UPDE_HEAD])
    stale = installation.version
    walk = post_action(client, installation, "forward", {"note": "pertama"})
    assert walk.status_code == 302
    response = client.post(
        action_url(installation, "cancel"), {"cancel-version": stale, "cancel-reason": "dobel"}
    )
    assert response.status_code == 409
    installation.refresh_from_db()
    assert installation.state == S.FORWARDED
    assert 'data-state="forwarded"' in response.text
    assert response.context["messages"]


def test_domain_error_keeps_inputs_on_the_form(client_as, cast):
    installation = walk_to(S.INSTALLING, cast)
    client = client_as(cast[Role.TECHNICIAN])
    response = post_action(
        client,
        installation,
        "complete_installation",
        {"ip_address": "10.1.2.3", "measured_mbps": "88.5", "notes": "Kabel rapi"},
    )  # link_up not ticked
    assert response.status_code == 400
    form = next(
        a["form"] for a in response.context["actions"] if a["name"] == "complete_installation"
    )
    assert form.errors["link_up"]
    assert 'value="10.1.2.3"' in response.text and "Kabel rapi" in response.text
    installation.refresh_from_db()
    assert installation.state == S.INSTALLING
    ok = post_action(
        client,
        installation,
        "complete_installation",
        {"link_up": "on", "ip_address": "10.1.2.3", "measured_mbps": "88.5"},
    )
    assert ok.status_code == 302
    installation.refresh_from_db()
    assert installation.state == S.INSTALLED and str(installation.measured_mbps) == "88.50"


def test_invalid_form_is_400(client_as, cast):
    installation = walk_to(S.SURVEYED, cast, adequate=False)
    response = post_action(
        client_as(cast[Role.SECTION_HEAD]), installation, "reject", {"reason": ""}
    )
    assert response.status_code == 400
    installation.refresh_from_db()
    assert installation.state == S.SURVEYED


def survey_rows(rows):
    data = {}
    for index, row in enumerate(rows, start=1):
        for key, value in row.items():
            data[f"item-{index}-{key}"] = value
    return data


def test_record_survey_with_items_and_photos(client_as, cast):
    installation = walk_to(S.SURVEY_ASSIGNED, cast)
    client = client_as(cast[Role.TECHNICIAN])
    page = client.get(detail(installation))
    assert 'capture="environment"' in page.text and 'accept="image/*"' in page.text
    data = {
        "slot_available": "yes",
        "adequate": "no",
        "notes": "Perlu switch",
        "captions": "Ruang rapat lantai 2, sisi timur\r\nRak server, slot kosong 4U",
        **survey_rows(
            [
                {
                    "name": "Switch 24 port",
                    "specification": "Gigabit",
                    "quantity": "1",
                    "provided_by": "agency",
                },
                {"name": "", "specification": "", "quantity": "", "provided_by": "agency"},
                {
                    "name": "Kabel UTP",
                    "specification": "Cat6",
                    "quantity": "3",
                    "provided_by": "diskominfo",
                },
            ]
        ),
    }
    response = post_action(
        client,
        installation,
        "record_survey",
        data,
        photos=[upload_file(png_bytes(), "ruang.png"), upload_file(png_bytes(), "rak.png")],
    )
    assert response.status_code == 302
    installation.refresh_from_db()
    assert (
        installation.state == S.SURVEYED
        and installation.adequate is False
        and installation.slot_available is True
    )
    assert [(i.name, i.quantity, i.provided_by) for i in installation.items.all()] == [
        ("Switch 24 port", 1, "agency"),
        ("Kabel UTP", 3, "diskominfo"),
    ]
    assert [p.caption for p in installation.photos.all()] == [
        "Ruang rapat lantai 2, sisi timur",
        "Rak server, slot kosong 4U",
    ]
    page = client.get(detail(installation))
    assert "Rak server, slot kosong 4U" in page.text  # the caption under the photo
    assert installation.survey_report_number in page.text  # the berita acara's own number
    photo = installation.photos.first()
    assert reverse("installations:photo", args=[installation.pk, photo.pk]) in page.text
    assert 'data-testid="survey-items"' in page.text


def test_record_survey_refused_keeps_rows_and_stores_nothing(client_as, cast):
    installation = walk_to(S.SURVEY_ASSIGNED, cast)
    client = client_as(cast[Role.TECHNICIAN])
    before = media_files()
    data = {
        "slot_available": "yes",
        "adequate": "no",
        **survey_rows(
            [{"name": "Switch", "specification": "managed", "quantity": "0", "provided_by": "x"}]
        ),
    }
    response = post_action(
        client, installation, "record_survey", data, photos=[upload_file(png_bytes(), "a.png")]
    )
    assert response.status_code == 400
    assert media_files() == before
    assert 'value="managed"' in response.text  # the row is kept
    rows = response.context["survey_rows"]
    assert rows[0]["errors"]
    # a file that is not an image is refused as a photo
    data = {"slot_available": "yes", "adequate": "yes"}
    response = post_action(
        client, installation, "record_survey", data, photos=[upload_file(pdf_bytes(), "foto.jpg")]
    )
    assert response.status_code == 400
    assert response.context["actions"][0]["form"].errors["photos"]
    assert media_files() == before
    installation.refresh_from_db()
    assert installation.state == S.SURVEY_ASSIGNED and not installation.photos.exists()


def test_reply_letter_confirm_equipment_and_documents(client_as, cast):
    installation = walk_to(S.SURVEYED, cast, adequate=False)
    reply_url = reverse("installations:reply_letter_pdf", args=[installation.pk])
    assert client_as(cast[Role.OPD_USER]).get(reply_url).status_code == 404
    survey = client_as(cast[Role.OPD_USER]).get(
        reverse("installations:survey_report_pdf", args=[installation.pk])
    )
    assert survey.status_code == 200 and survey.content.startswith(b"%PDF")
    response = post_action(client_as(cast[Role.SECTION_HEAD]), installation, "issue_reply_letter")
    assert response.status_code == 302
    installation.refresh_from_db()
    assert installation.state == S.AWAITING_EQUIPMENT and installation.reply_letter_number
    operator = client_as(cast[Role.OPD_OPERATOR])
    page = operator.get(detail(installation))
    assert installation.reply_letter_number in page.text
    assert 'data-testid="action-confirm_equipment"' in page.text
    pdf = operator.get(reply_url)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert post_action(operator, installation, "confirm_equipment").status_code == 302
    installation.refresh_from_db()
    assert installation.state == S.EQUIPMENT_READY


def test_installation_form_from_installing_on(client_as, cast, other_cast):
    installation = walk_to(S.SURVEYED, cast)
    url = reverse("installations:installation_form_pdf", args=[installation.pk])
    client = client_as(cast[Role.OPD_USER])
    assert client.get(url).status_code == 404
    post_action(client_as(cast[Role.TECHNICIAN]), installation, "start_installation")
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client_as(other_cast[Role.OPD_USER]).get(url).status_code == 404


def test_sign_off_drawn_and_files(client_as, cast, other_cast):
    installation = walk_to(S.INSTALLED, cast)
    client = client_as(cast[Role.OPD_USER])
    response = post_action(
        client, installation, "sign_off", {"signer_name": "Budi", "signature": signature_data_url()}
    )
    assert response.status_code == 302
    installation.refresh_from_db()
    assert installation.state == S.COMPLETED and installation.signature
    image = client.get(reverse("installations:signature", args=[installation.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")
    letter = client.get(reverse("installations:letter_file", args=[installation.pk]))
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    stranger = client_as(other_cast[Role.OPD_USER])
    assert (
        stranger.get(reverse("installations:signature", args=[installation.pk])).status_code == 404
    )
    assert (
        stranger.get(reverse("installations:letter_file", args=[installation.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("installations:signed_form", args=[installation.pk])).status_code == 404
    )


def test_sign_off_with_the_scanned_form(client_as, cast):
    installation = walk_to(S.INSTALLED, cast)
    client = client_as(cast[Role.OPD_OPERATOR])
    response = post_action(
        client,
        installation,
        "sign_off",
        {"signer_name": "Sari"},
        signed_form=upload_file(pdf_bytes(), "f.pdf"),
    )
    assert response.status_code == 302
    installation.refresh_from_db()
    assert (
        installation.state == S.COMPLETED
        and installation.signed_form
        and not installation.signature
    )
    scan = client.get(reverse("installations:signed_form", args=[installation.pk]))
    assert scan.status_code == 200 and scan["Content-Type"] == "application/pdf"


def test_sign_off_without_signature_is_refused(client_as, cast):
    installation = walk_to(S.INSTALLED, cast)
    before = media_files()
    response = post_action(
        client_as(cast[Role.OPD_USER]), installation, "sign_off", {"signer_name": "B"}
    )
    assert response.status_code == 400
    assert 'value="B"' in response.text
    assert media_files() == before
    installation.refresh_from_db()
    assert installation.state == S.INSTALLED


def test_photo_of_another_agency_is_404(client_as, cast, other_cast):
    installation = walk_to(S.SURVEY_ASSIGNED, cast)
    post_action(
        client_as(cast[Role.TECHNICIAN]),
        installation,
        "record_survey",
        {"slot_available": "yes", "adequate": "yes"},
        photos=[upload_file(png_bytes(), "r.png")],
    )
    photo = installation.photos.get()
    url = reverse("installations:photo", args=[installation.pk, photo.pk])
    response = client_as(cast[Role.OPD_USER]).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert client_as(other_cast[Role.OPD_USER]).get(url).status_code == 404
    other = file_request(cast)
    wrong = reverse("installations:photo", args=[other.pk, photo.pk])
    assert client_as(cast[Role.OPD_USER]).get(wrong).status_code == 404


def test_cancel_by_the_operator(client_as, cast):
    installation = walk_to(S.FORWARDED, cast)
    response = post_action(
        client_as(cast[Role.OPD_OPERATOR]),
        installation,
        "cancel",
        {"reason": "Sudah dipasang vendor"},
    )
    assert response.status_code == 302
    installation.refresh_from_db()
    assert (
        installation.state == S.CANCELLED and installation.cancel_reason == "Sudah dipasang vendor"
    )


# --- the steps' targets ------------------------------------------------------------------------


def test_step_targets_page(client_as, cast):
    url = reverse("installations:step_targets")
    client = client_as(cast[Role.SECTION_HEAD])
    assert url in client.get(reverse("installations:list")).text  # reached from the list
    page = client.get(url)
    assert page.status_code == 200
    data = {state: days for state, days in DEFAULT_STEP_DAYS.items()}
    data[S.SURVEY_ASSIGNED] = 5
    response = client.post(url, data)
    assert response.status_code == 302
    assert StepTarget.objects.get(state=S.SURVEY_ASSIGNED).working_days == 5
    assert StepTarget.objects.count() == 1
    event = AuditEvent.objects.get(action="installation.step_target")
    assert event.changes == {"working_days": [3, 5]}
    target = StepTarget.objects.get()
    assert list(audit_timeline(target)) == [event]
    data[S.SURVEY_ASSIGNED] = 0
    assert client.post(url, data).status_code == 400
    assert StepTarget.objects.get().working_days == 5


@pytest.mark.parametrize("role", [Role.HELPDESK, Role.TECHNICIAN, Role.OPD_OPERATOR])
def test_step_targets_refused(client_as, cast, role):
    url = reverse("installations:step_targets")
    assert client_as(cast[role]).get(url).status_code == 403
    assert client_as(cast[role]).post(url, dict(DEFAULT_STEP_DAYS)).status_code == 403


# --- navigation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (Role.OPD_OPERATOR, ["list", "create"], []),
        (Role.OPD_USER, ["list"], ["create"]),
        (Role.TECHNICIAN, ["list"], ["create"]),
        (Role.SECTION_HEAD, ["list"], ["create"]),
        (Role.PROVIDER, [], ["list", "create"]),
    ],
)
def test_navigation(client_as, cast, role, shown, hidden):
    page = client_as(cast[role]).get(reverse("home"))
    nav = page.context["navigation"]
    urls = {item["url"] for item in nav}
    for name in shown:
        assert reverse(f"installations:{name}") in urls
    for name in hidden:
        assert reverse(f"installations:{name}") not in urls
