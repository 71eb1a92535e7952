"""The installation procedure through the API from the letter to the signed form, both branches;
each action's body, stale versions and wrong states; the documents as PDFs."""

import io
import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.db.models import F
from django.utils import timezone
from pypdf import PdfReader

from silajar.accounts.roles import Role
from silajar.core.letters import format_letter_number
from silajar.core.models import AuditEvent
from silajar.core.tests.files import media_files, pdf_bytes, png_bytes, signature_data_url
from silajar.installations.choices import RequestState as S
from silajar.installations.models import InstallationRequest, SurveyItem, SurveyPhoto
from silajar.installations.tests.factories import Cast, walk_to
from silajar.installations.tests.test_api import LIST, client_for, letter_body, upload, url
from silajar.installations.tests.test_permissions import TABLE, body_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read the English messages; the Indonesian catalogue has its own tests."""
    settings.LANGUAGE_CODE = "en"


ITEMS = [
    {"name": "Switch 24 port", "specification": "Gigabit", "quantity": 1, "provided_by": "agency"},
    {
        "name": "Kabel UTP Cat6",
        "specification": "305 m",
        "quantity": 2,
        "provided_by": "diskominfo",
    },
]


@pytest.fixture
def cast(agency):
    return Cast(agency)


def pdf_text(response) -> str:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


class Story:
    """Drives one request through the API, checking each answer."""

    def __init__(self, cast: Cast):
        self.cast = cast
        self.id = None
        self.version = None

    def post(self, role: str, action: str, body: dict | None = None, fmt: str = "json") -> dict:
        response = client_for(self.cast[role]).post(
            f"{LIST}{self.id}/{action}/", {**(body or {}), "version": self.version}, format=fmt
        )
        assert response.status_code == 200, (action, response.content)
        answer = response.json()
        assert answer["version"] == self.version + 1
        self.version = answer["version"]
        return answer

    def file(self) -> dict:
        response = client_for(self.cast[Role.OPD_OPERATOR]).post(
            LIST, letter_body(self.cast.organization), format="multipart"
        )
        assert response.status_code == 201, response.content
        answer = response.json()
        assert (answer["state"], answer["version"]) == ("submitted", 1)
        self.id, self.version = answer["id"], answer["version"]
        return answer

    def to_survey(self) -> None:
        forwarded = self.post(Role.UPDE_HEAD, "forward", {"note": "Mohon ditindaklanjuti."})
        assert (forwarded["state"], forwarded["disposition_note"]) == (
            "forwarded",
            "Mohon ditindaklanjuti.",
        )
        due = (timezone.localdate() + timedelta(days=7)).isoformat()
        technician = self.cast[Role.TECHNICIAN]
        assigned = self.post(
            Role.SECTION_HEAD, "assign_survey", {"technician": technician.pk, "due_date": due}
        )
        assert (assigned["state"], assigned["technician"], assigned["survey_due_date"]) == (
            "survey_assigned",
            technician.pk,
            due,
        )
        assert assigned["step_due_at"].startswith(due)


def test_adequate_branch_to_a_drawn_signature(cast, django_capture_on_commit_callbacks):
    story = Story(cast)
    story.file()
    story.to_survey()
    surveyed = story.post(
        Role.TECHNICIAN,
        "record_survey",
        {"slot_available": True, "adequate": True, "items": [], "notes": "Siap dipasang."},
    )
    assert (surveyed["state"], surveyed["adequate"], surveyed["items"]) == ("surveyed", True, [])
    assert surveyed["documents"]["survey_report"]
    assert surveyed["available_actions"] == ["start_installation"]  # the technician's view
    agency_view = client_for(cast[Role.OPD_USER]).get(f"{LIST}{story.id}/").json()
    assert agency_view["available_actions"] == []

    installing = story.post(Role.TECHNICIAN, "start_installation")
    assert installing["state"] == "installing"
    assert installing["documents"]["installation_form"]
    installed = story.post(
        Role.TECHNICIAN,
        "complete_installation",
        {"link_up": True, "ip_address": "10.20.30.40", "measured_mbps": 95.5, "notes": "8 titik"},
    )
    assert (installed["state"], installed["link_up"], installed["ip_address"]) == (
        "installed",
        True,
        "10.20.30.40",
    )
    assert installed["measured_mbps"] == "95.50"
    assert installed["installation_notes"] == "8 titik"
    with django_capture_on_commit_callbacks(execute=True):
        done = story.post(
            Role.OPD_USER,
            "sign_off",
            {"signer_name": "Budi Santoso", "signature": signature_data_url()},
        )
    assert (done["state"], done["signer_name"]) == ("completed", "Budi Santoso")
    assert done["signed_at"] and done["closed_at"]
    assert done["step_due_at"] is None
    assert done["available_actions"] == []
    assert done["files"]["signature"] and done["files"]["signed_form"] is None
    assert done["documents"]["reply_letter"] is None

    signature = client_for(cast[Role.HELPDESK]).get(done["files"]["signature"])
    assert signature.status_code == 200
    assert signature["Content-Type"] == "image/png"
    assert b"".join(signature.streaming_content).startswith(b"\x89PNG")

    form = client_for(cast[Role.OPD_USER]).get(done["documents"]["installation_form"])
    text = pdf_text(form)
    assert done["number"] in text
    assert "10.20.30.40" in text
    assert "Budi Santoso" in text
    survey = client_for(cast[Role.TECHNICIAN]).get(done["documents"]["survey_report"])
    assert done["number"] in pdf_text(survey)
    letter = client_for(cast[Role.OPD_USER]).get(f"{LIST}{story.id}/reply-letter.pdf")
    assert letter.status_code == 409
    assert letter.json()["error"]["code"] == "conflict"
    assert "reply letter" in letter.json()["error"]["message"] or letter.json()["error"]["message"]

    events = list(
        AuditEvent.objects.filter(object_id=str(story.id))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert events == [
        "installation.created",
        "installation.forward",
        "installation.assign_survey",
        "installation.record_survey",
        "installation.start_installation",
        "installation.complete_installation",
        "installation.sign_off",
    ]


def test_inadequate_branch_with_photos_reply_letter_and_signed_form(cast):
    story = Story(cast)
    story.file()
    story.to_survey()
    surveyed = story.post(
        Role.TECHNICIAN,
        "record_survey",
        {
            "slot_available": "true",
            "adequate": "false",
            "items": json.dumps(ITEMS),
            "notes": "Perlu switch tambahan.",
            "photos": [
                upload(png_bytes(), "rak server.png"),
                upload(png_bytes((30, 30)), "jalur kabel.png"),
            ],
            "captions": ["Rak server lantai 2", "Jalur kabel di plafon"],
        },
        fmt="multipart",
    )
    assert (surveyed["state"], surveyed["slot_available"], surveyed["adequate"]) == (
        "surveyed",
        True,
        False,
    )
    assert [(i["name"], i["quantity"], i["provided_by"]) for i in surveyed["items"]] == [
        ("Switch 24 port", 1, "agency"),
        ("Kabel UTP Cat6", 2, "diskominfo"),
    ]
    assert [p["original_name"] for p in surveyed["photos"]] == ["rak server.png", "jalur kabel.png"]
    assert [p["caption"] for p in surveyed["photos"]] == [
        "Rak server lantai 2",
        "Jalur kabel di plafon",
    ]
    photo = client_for(cast[Role.OPD_OPERATOR]).get(surveyed["photos"][0]["download_url"])
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"

    head = client_for(cast[Role.SECTION_HEAD]).get(f"{LIST}{story.id}/").json()
    assert head["available_actions"] == ["issue_reply_letter", "reject", "cancel"]
    before_letter = client_for(cast[Role.OPD_USER]).get(f"{LIST}{story.id}/reply-letter.pdf")
    assert before_letter.status_code == 409

    replied = story.post(Role.SECTION_HEAD, "issue_reply_letter")
    expected = format_letter_number(
        settings.SILAJAR_REPLY_LETTER_PATTERN, seq=1, day=timezone.localdate()
    )
    assert replied["state"] == "awaiting_equipment"
    assert replied["reply_letter_number"] == expected
    assert replied["reply_letter_date"] == timezone.localdate().isoformat()
    assert replied["reply_letter_signer"] == cast[Role.SECTION_HEAD].pk
    text = pdf_text(client_for(cast[Role.OPD_USER]).get(replied["documents"]["reply_letter"]))
    assert expected in text
    assert "Switch 24 port" in text

    ready = story.post(Role.OPD_OPERATOR, "confirm_equipment", {})
    assert ready["state"] == "equipment_ready" and ready["equipment_confirmed_at"]
    assert story.post(Role.SECTION_HEAD, "start_installation")["state"] == "installing"
    story.post(
        Role.TECHNICIAN,
        "complete_installation",
        {"link_up": True, "ip_address": "192.168.10.5", "measured_mbps": "48.25"},
    )
    scan = pdf_bytes()
    done = story.post(
        Role.OPD_OPERATOR,
        "sign_off",
        {"signer_name": "Siti Aminah", "signed_form": upload(scan, "form ditandatangani.pdf")},
        fmt="multipart",
    )
    assert (done["state"], done["signer_name"]) == ("completed", "Siti Aminah")
    assert done["files"]["signature"] is None
    download = client_for(cast[Role.SECTION_HEAD]).get(done["files"]["signed_form"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == scan
    stored = InstallationRequest.objects.get(pk=story.id)
    assert stored.signed_form.name.startswith("installations/forms/")
    assert not stored.signature
    assert SurveyItem.objects.filter(request=stored).count() == 2
    assert SurveyPhoto.objects.filter(request=stored).count() == 2


def test_rejection_carries_a_letter_number(cast):
    installation = walk_to(S.SURVEYED, cast, adequate=False)
    response = client_for(cast[Role.SECTION_HEAD]).post(
        url(installation, "reject"), {"reason": "Tidak ada rak.", "version": installation.version}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["rejection_reason"]) == ("rejected", "Tidak ada rak.")
    assert body["reply_letter_number"]
    assert body["documents"]["reply_letter"]
    assert client_for(cast[Role.OPD_USER]).get(body["documents"]["reply_letter"]).status_code == 200


# --- bodies ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "adequate", "action", "role", "body", "fields"),
    [
        (S.FORWARDED, None, "assign_survey", Role.SECTION_HEAD, {}, {"technician"}),
        (S.FORWARDED, None, "assign_survey", Role.SECTION_HEAD, {"technician": 0}, {"technician"}),
        (
            S.FORWARDED,
            None,
            "assign_survey",
            Role.SECTION_HEAD,
            {"technician": "tech", "due_date": "2000-01-01"},
            {"due_date"},
        ),
        (
            S.SURVEY_ASSIGNED,
            None,
            "record_survey",
            Role.TECHNICIAN,
            {},
            {"slot_available", "adequate"},
        ),  # noqa: E501
        (
            S.SURVEY_ASSIGNED,
            None,
            "record_survey",
            Role.TECHNICIAN,
            {"slot_available": True, "adequate": False, "items": []},
            {"items"},
        ),
        (
            S.SURVEY_ASSIGNED,
            None,
            "record_survey",
            Role.TECHNICIAN,
            {"slot_available": False, "adequate": True},
            {"adequate"},
        ),
        (
            S.SURVEY_ASSIGNED,
            None,
            "record_survey",
            Role.TECHNICIAN,
            {
                "slot_available": True,
                "adequate": False,
                "items": [{"name": "", "quantity": 0, "provided_by": "vendor"}],
            },
            {"items[1]"},
        ),
        (
            S.SURVEY_ASSIGNED,
            None,
            "record_survey",
            Role.TECHNICIAN,
            {"slot_available": True, "adequate": False, "items": "not json"},
            {"items"},
        ),
        (S.SURVEYED, False, "reject", Role.SECTION_HEAD, {"reason": " "}, {"reason"}),
        (
            S.INSTALLING,
            True,
            "complete_installation",
            Role.TECHNICIAN,
            {},
            {"link_up", "ip_address", "measured_mbps"},
        ),  # noqa: E501
        (
            S.INSTALLING,
            True,
            "complete_installation",
            Role.TECHNICIAN,
            {"link_up": False, "ip_address": "10.0.0.1", "measured_mbps": 0},
            {"link_up"},
        ),
        (
            S.INSTALLING,
            True,
            "complete_installation",
            Role.TECHNICIAN,
            {"link_up": True, "ip_address": "999.1.1.1", "measured_mbps": 10},
            {"ip_address"},
        ),
        (S.INSTALLED, True, "sign_off", Role.OPD_USER, {"signer_name": "Budi"}, {"signature"}),
        (
            S.INSTALLED,
            True,
            "sign_off",
            Role.OPD_USER,
            {"signer_name": "", "signature": "drawn"},
            {"signer_name"},
        ),
        (
            S.INSTALLED,
            True,
            "sign_off",
            Role.OPD_USER,
            {"signer_name": "Budi", "signature": "data:image/png;base64,@@@"},
            {"signature"},
        ),
        (S.SUBMITTED, None, "cancel", Role.OPD_OPERATOR, {}, {"reason"}),
    ],
)
def test_a_bad_body_is_refused_with_field_errors_and_changes_nothing(
    cast, source, adequate, action, role, body, fields
):
    installation = walk_to(source, cast, adequate=adequate)
    if body.get("technician") == "tech":
        body = {**body, "technician": cast[Role.TECHNICIAN].pk}
    if body.get("signature") == "drawn":
        body = {**body, "signature": signature_data_url()}
    events = AuditEvent.objects.count()
    files = media_files()

    response = client_for(cast[role]).post(url(installation, action), body, format="json")

    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"]
    assert set(error["fields"]) == fields
    after = InstallationRequest.objects.get(pk=installation.pk)
    assert (after.state, after.version) == (installation.state, installation.version)
    assert AuditEvent.objects.count() == events
    assert media_files() == files


def test_sign_off_refuses_both_a_drawing_and_a_scan(cast):
    installation = walk_to(S.INSTALLED, cast)
    files = media_files()
    response = client_for(cast[Role.OPD_USER]).post(
        url(installation, "sign_off"),
        {
            "signer_name": "Budi",
            "signature": signature_data_url(),
            "signed_form": upload(pdf_bytes(), "form.pdf"),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert "signature" in response.json()["error"]["fields"]
    assert InstallationRequest.objects.get(pk=installation.pk).state == S.INSTALLED
    assert media_files() == files


def test_start_installation_refused_after_an_inadequate_survey(cast):
    installation = walk_to(S.SURVEYED, cast, adequate=False)
    response = client_for(cast[Role.SECTION_HEAD]).post(
        url(installation, "start_installation"), {}, format="json"
    )
    assert response.status_code == 400
    assert "reply letter" in response.json()["error"]["message"]
    assert InstallationRequest.objects.get(pk=installation.pk).state == S.SURVEYED


# --- versions and states ---------------------------------------------------------------------

ONE_ALLOWED = {row[0]: sorted(row[4])[0] for row in TABLE}


@pytest.mark.parametrize(
    ("action", "source", "adequate", "body"),
    [(row[0], row[1], row[2], row[5]) for row in TABLE],
    ids=[f"{row[0]}-from-{row[1]}" for row in TABLE],
)
def test_a_stale_version_is_a_conflict_and_changes_nothing(cast, action, source, adequate, body):
    installation = walk_to(source, cast, adequate=adequate)
    seen = installation.version
    InstallationRequest.objects.filter(pk=installation.pk).update(version=F("version") + 1)
    before = InstallationRequest.objects.get(pk=installation.pk)
    events = AuditEvent.objects.count()
    files = media_files()

    response = client_for(cast[ONE_ALLOWED[action]]).post(
        url(installation, action), {**body_for(action, body, cast), "version": seen}, format="json"
    )

    assert response.status_code == 409, response.content
    assert response.json()["error"]["code"] == "conflict"
    after = InstallationRequest.objects.get(pk=installation.pk)
    assert (after.state, after.version, after.reply_letter_number) == (
        before.state,
        before.version,
        before.reply_letter_number,
    )
    assert AuditEvent.objects.count() == events
    assert media_files() == files


@pytest.mark.parametrize("action", sorted(ONE_ALLOWED))
def test_a_finished_request_refuses_every_action(cast, action):
    installation = walk_to(S.CANCELLED, cast)
    body = next(row[5] for row in TABLE if row[0] == action)
    response = client_for(cast[ONE_ALLOWED[action]]).post(
        url(installation, action), body_for(action, body, cast), format="json"
    )
    assert response.status_code == 409, response.content
    assert response.json()["error"]["code"] == "conflict"
    assert InstallationRequest.objects.get(pk=installation.pk).state == S.CANCELLED


def test_actions_without_version_still_work(cast):
    installation = walk_to(S.SUBMITTED, cast)
    response = client_for(cast[Role.UPDE_HEAD]).post(
        url(installation, "forward"), {}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["state"] == "forwarded"


def test_unknown_request_is_not_found(cast):
    response = client_for(cast[Role.UPDE_HEAD]).post(f"{LIST}999999/forward/", {}, format="json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    for document in ("reply-letter.pdf", "installation-form.pdf", "survey-report.pdf"):
        missing = client_for(cast[Role.UPDE_HEAD]).get(f"{LIST}999999/{document}")
        assert missing.status_code == 404


def test_documents_are_access_checked_and_wait_for_their_step(cast, other_agency):
    installation = walk_to(S.SURVEY_ASSIGNED, cast)
    staff = client_for(cast[Role.HELPDESK])
    for document in ("reply-letter.pdf", "installation-form.pdf", "survey-report.pdf"):
        early = staff.get(f"{url(installation)}{document}")
        assert early.status_code == 409, document
        assert early.json()["error"]["message"]
    done = walk_to(S.COMPLETED, cast)
    stranger = client_for(Cast(other_agency)[Role.OPD_USER])
    for document in ("installation-form.pdf", "survey-report.pdf"):
        assert stranger.get(f"{url(done)}{document}").status_code == 404
        pdf = client_for(cast[Role.OPD_USER]).get(
            f"{url(done)}{document}", HTTP_ACCEPT="application/pdf"
        )
        assert done.number in pdf_text(pdf)
        assert "private" in pdf["Cache-Control"]
