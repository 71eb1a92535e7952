"""The installation requests API: create (multipart, the contract's names), validation, list
(filters, scoping), retrieve, editing with a version, file downloads and refused uploads."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from silajar.accounts.roles import Role
from silajar.core.models import AuditEvent
from silajar.core.tests.files import media_files, pdf_bytes, png_bytes
from silajar.installations.choices import RequestState as S
from silajar.installations.models import InstallationRequest, SurveyPhoto
from silajar.installations.tests.factories import Cast, file_request, walk_to
from silajar.installations.workflows import INSTALLATION_FLOW

pytestmark = pytest.mark.django_db

LIST = "/api/v1/installation-requests/"
REPRESENTATION = {
    "id",
    "number",
    "state",
    "state_label",
    "version",
    "organization",
    "organization_name",
    "letter_number",
    "letter_date",
    "subject",
    "signatory_name",
    "signatory_title",
    "signatory_nip",
    "letter_file_name",
    "description",
    "technician",
    "survey_due_date",
    "slot_available",
    "adequate",
    "items",
    "photos",
    "reply_letter_number",
    "reply_letter_date",
    "link_up",
    "ip_address",
    "measured_mbps",
    "signer_name",
    "signed_at",
    "step_due_at",
    "step_overdue",
    "files",
    "documents",
    "available_actions",
}


# --- helpers (also used by the other API test modules) -----------------------------------------


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def upload(content: bytes, name: str) -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


def url(installation, action: str = "") -> str:
    return f"{LIST}{installation.pk}/{action}/" if action else f"{LIST}{installation.pk}/"


def letter_body(agency, **overrides) -> dict:
    body = {
        "organization": agency.pk,
        "letter_number": "005/321/DINKES-UM/2026",
        "letter_date": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "subject": "Permohonan pemasangan jaringan ruang laboratorium",
        "signatory_name": "dr. Harisson, M.Kes.",
        "signatory_title": "Kepala Dinas Kesehatan",
        "signatory_nip": "197001011995031001",
        "letter_file": upload(pdf_bytes(), "surat permohonan.pdf"),
        "description": "Pemasangan 4 titik jaringan di laboratorium lantai 1.",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


# the uploads that are not what they claim, and the message each gets
BAD_FILES = [
    pytest.param(
        b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 300,
        "surat.pdf",
        "not an allowed type",
        id="exe-named-pdf",
    ),  # noqa: E501
    pytest.param(
        b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n",
        "besar.pdf",
        "larger than 10 MB",
        id="over-10mb",
    ),  # noqa: E501
    pytest.param(b"\x89PNG\r\n\x1a\n" + b"rusak" * 60, "foto.png", "damaged", id="broken-png"),
    pytest.param(b"", "kosong.pdf", "empty", id="zero-bytes"),
]


@pytest.fixture
def cast(agency):
    return Cast(agency)


@pytest.fixture(autouse=True)
def english(settings):
    """These tests read the English messages; the Indonesian catalogue has its own tests."""
    settings.LANGUAGE_CODE = "en"


# --- create ----------------------------------------------------------------------------------


def test_create_multipart_with_the_contract_names(cast, agency):
    operator = cast[Role.OPD_OPERATOR]
    response = client_for(operator).post(LIST, letter_body(agency), format="multipart")

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) >= REPRESENTATION
    assert body["state"] == "submitted"
    assert body["version"] == 1
    assert re.fullmatch(rf"PJ-{timezone.localdate().year}-\d{{4}}", body["number"])
    assert body["organization"] == agency.pk
    assert body["letter_number"] == "005/321/DINKES-UM/2026"
    assert body["signatory_nip"] == "197001011995031001"
    assert body["letter_file_name"] == "surat permohonan.pdf"
    assert body["files"]["letter"] == f"{LIST}{body['id']}/letter/"
    assert body["documents"] == {
        "reply_letter": None,
        "installation_form": None,
        "survey_report": None,
    }
    assert body["available_actions"] == ["cancel"]  # the operator may still withdraw it
    created = InstallationRequest.objects.get(pk=body["id"])
    assert created.created_by == operator
    assert created.letter_file.read() == pdf_bytes()
    assert AuditEvent.objects.filter(action="installation.created").count() == 1


def test_operator_without_organization_files_for_own_agency(cast, agency):
    body = letter_body(agency, organization=None, signatory_nip="")
    response = client_for(cast[Role.OPD_OPERATOR]).post(LIST, body, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["organization"] == agency.pk
    assert response.json()["signatory_nip"] == ""


def test_office_registers_a_paper_letter_for_any_agency(cast, other_agency):
    for role in (Role.UPDE_HEAD, Role.HELPDESK, Role.SECTION_HEAD):
        response = client_for(cast[role]).post(LIST, letter_body(other_agency), format="multipart")
        assert response.status_code == 201, response.content
        assert response.json()["organization"] == other_agency.pk
    staff = client_for(cast[Role.HELPDESK])
    missing = staff.post(LIST, letter_body(other_agency, organization=None), format="multipart")
    assert missing.status_code == 400
    assert "organization" in missing.json()["error"]["fields"]


@pytest.mark.parametrize(
    "role", [Role.OPD_USER, Role.TECHNICIAN, Role.NETWORK_ADMIN, Role.PROVIDER, Role.KPA]
)
def test_other_roles_cannot_file(cast, agency, role):
    files = media_files()
    response = client_for(cast[role]).post(LIST, letter_body(agency), format="multipart")
    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "forbidden"
    assert response.json()["error"]["message"]
    assert not InstallationRequest.objects.exists()
    assert media_files() == files


def test_operator_cannot_file_for_another_agency(cast, other_agency):
    response = client_for(cast[Role.OPD_OPERATOR]).post(
        LIST, letter_body(other_agency), format="multipart"
    )
    assert response.status_code == 403
    assert "own agency" in response.json()["error"]["message"]
    assert not InstallationRequest.objects.exists()


@pytest.mark.parametrize(
    "field",
    [
        "letter_number",
        "letter_date",
        "subject",
        "signatory_name",
        "signatory_title",
        "letter_file",
        "description",
    ],
)
def test_create_refuses_a_missing_field(cast, agency, field):
    body = letter_body(agency)
    del body[field]
    files = media_files()
    response = client_for(cast[Role.OPD_OPERATOR]).post(LIST, body, format="multipart")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert list(error["fields"]) == [field]
    assert not InstallationRequest.objects.exists()
    assert media_files() == files


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"letter_date": (timezone.localdate() + timedelta(days=1)).isoformat()},
            "letter_date",
            "cannot be in the future",
        ),
        ({"letter_date": "31-12-2025"}, "letter_date", "Date has wrong format"),
        ({"signatory_nip": "19700101"}, "signatory_nip", "18 digits"),
        ({"signatory_nip": "19700101199503100X"}, "signatory_nip", "18 digits"),
        ({"subject": "   "}, "subject", "may not be blank"),
        ({"network_points": "-1"}, "network_points", "greater than or equal to 0"),
    ],
    ids=["future-date", "bad-date", "short-nip", "nip-letter", "blank-subject", "negative"],
)
def test_create_validation_errors(cast, agency, english, overrides, field, message):
    files = media_files()
    response = client_for(cast[Role.OPD_OPERATOR]).post(
        LIST, letter_body(agency, **overrides), format="multipart", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert set(error["fields"]) == {field}
    assert message in " ".join(error["fields"][field])
    assert not InstallationRequest.objects.exists()
    assert media_files() == files


def test_create_refuses_a_location_of_another_agency(cast, agency, other_location):
    response = client_for(cast[Role.OPD_OPERATOR]).post(
        LIST, letter_body(agency, location=other_location.pk), format="multipart"
    )
    assert response.status_code == 400
    assert "location" in response.json()["error"]["fields"]
    assert not InstallationRequest.objects.exists()


@pytest.mark.parametrize(("content", "name", "message"), BAD_FILES)
def test_create_refuses_a_bad_letter_file_and_stores_nothing(
    cast, agency, english, content, name, message
):
    files = media_files()
    response = client_for(cast[Role.OPD_OPERATOR]).post(
        LIST,
        letter_body(agency, letter_file=upload(content, name)),
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert message in error["message"]
    assert message in error["fields"]["letter_file"][0]
    assert not InstallationRequest.objects.exists()
    assert not AuditEvent.objects.filter(action="installation.created").exists()
    assert media_files() == files


def test_anonymous_is_refused(api_client, cast):
    installation = file_request(cast)
    for response in (
        api_client.get(LIST),
        api_client.get(url(installation)),
        api_client.post(LIST, {}, format="multipart"),
        api_client.post(url(installation, "forward"), {}, format="json"),
        api_client.get(f"{url(installation)}letter/"),
    ):
        assert response.status_code == 401, response.content
        assert response["WWW-Authenticate"] == "Token"
        assert response.json()["error"]["code"] == "not_authenticated"
    assert InstallationRequest.objects.get(pk=installation.pk).state == S.SUBMITTED


# --- list and retrieve -----------------------------------------------------------------------


def numbers(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["number"] for row in response.json()["results"]]


@pytest.fixture
def two_agencies(cast, other_agency):
    other_cast = Cast(other_agency, **{r: cast[r] for r in ("upde_head", "section_head")})
    mine = walk_to(S.SURVEY_ASSIGNED, cast)
    mine_done = walk_to(S.REJECTED, cast)
    theirs = walk_to(S.SUBMITTED, other_cast)
    return mine, mine_done, theirs, other_cast


def test_agency_scoping(cast, two_agencies, make_user):
    mine, mine_done, theirs, other_cast = two_agencies
    everything = {mine.number, mine_done.number, theirs.number}
    for role in (Role.OPD_OPERATOR, Role.OPD_USER):
        client = client_for(cast[role])
        assert set(numbers(client.get(LIST))) == {mine.number, mine_done.number}
        assert client.get(url(mine)).status_code == 200
        hidden = client.get(url(theirs))
        assert hidden.status_code == 404
        assert hidden.json()["error"]["code"] == "not_found"
        # the other agency's id in a filter does not reveal anything either
        assert numbers(client.get(LIST, {"organization": theirs.organization_id})) == []
    other_operator = client_for(other_cast[Role.OPD_OPERATOR])
    assert numbers(other_operator.get(LIST)) == [theirs.number]
    assert other_operator.get(url(mine)).status_code == 404
    for role in (Role.HELPDESK, Role.UPDE_HEAD, Role.TECHNICIAN, Role.KPA):
        assert set(numbers(client_for(cast[role]).get(LIST))) == everything
    admin = make_user(is_superuser=True, is_staff=True)
    assert set(numbers(client_for(admin).get(LIST))) == everything
    provider = client_for(cast[Role.PROVIDER])
    assert numbers(provider.get(LIST)) == []
    assert provider.get(url(mine)).status_code == 404


def test_list_filters_and_ordering(cast, two_agencies):
    mine, mine_done, theirs, _other = two_agencies
    client = client_for(cast[Role.HELPDESK])
    assert numbers(client.get(LIST, {"state": "survey_assigned"})) == [mine.number]
    assert set(numbers(client.get(LIST, {"state": "open"}))) == {mine.number, theirs.number}
    assert numbers(client.get(LIST, {"state": "rejected"})) == [mine_done.number]
    assert set(numbers(client.get(LIST, {"organization": cast.organization.pk}))) == {
        mine.number,
        mine_done.number,
    }
    technician = cast[Role.TECHNICIAN]
    assert set(numbers(client.get(LIST, {"technician": technician.pk}))) == {
        mine.number,
        mine_done.number,
    }
    assert numbers(client.get(LIST, {"q": theirs.number})) == [theirs.number]
    assert numbers(client.get(LIST, {"q": mine_done.reply_letter_number})) == [mine_done.number]
    assert numbers(client.get(LIST, {"overdue": "true"})) == []
    InstallationRequest.objects.filter(pk=theirs.pk).update(step_overdue=True)
    InstallationRequest.objects.filter(pk=mine_done.pk).update(step_overdue=True)  # closed
    assert numbers(client.get(LIST, {"overdue": "true"})) == [theirs.number]
    assert len(numbers(client.get(LIST, {"overdue": "false"}))) == 3  # no filter
    today = timezone.localdate().isoformat()
    assert len(numbers(client.get(LIST, {"created_after": today, "created_before": today}))) == 3
    assert numbers(client.get(LIST, {"created_before": "2000-01-01"})) == []
    newest = numbers(client.get(LIST))
    assert newest == [theirs.number, mine_done.number, mine.number]
    assert numbers(client.get(LIST, {"ordering": "created"})) == newest[::-1]
    assert numbers(client.get(LIST, {"ordering": "number"})) == sorted(newest)
    bad = client.get(LIST, {"state": "nonsense", "ordering": "sideways"})
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"state", "ordering"}


def test_list_pages_by_cursor_without_counting(cast):
    for _ in range(5):
        file_request(cast)
    client = client_for(cast[Role.HELPDESK])
    order = numbers(client.get(LIST, {"ordering": "number"}))
    data = client.get(LIST, {"page_size": 2, "ordering": "number"}).json()
    assert set(data) == {"next", "previous", "results"} and data["previous"] is None
    pages = [[row["number"] for row in data["results"]]]
    while data["next"]:
        assert "cursor=" in data["next"] and "ordering=number" in data["next"]
        with CaptureQueriesContext(connection) as deep:
            data = client.get(data["next"]).json()
        sql = " ".join(q["sql"] for q in deep.captured_queries).upper()
        assert "COUNT(" not in sql and " OFFSET " not in sql
        pages.append([row["number"] for row in data["results"]])
    assert [len(page) for page in pages] == [2, 2, 1]
    assert [n for page in pages for n in page] == order
    back = client.get(data["previous"]).json()
    assert [row["number"] for row in back["results"]] == pages[1]
    bookmark = client.get(LIST, {"page": 2, "page_size": 2, "ordering": "number"}).json()
    assert [row["number"] for row in bookmark["results"]] == pages[1]
    assert client.get(LIST, {"page": 9}).json()["results"] == []


def test_retrieve_the_whole_request(cast):
    installation = walk_to(S.AWAITING_EQUIPMENT, cast)
    response = client_for(cast[Role.OPD_OPERATOR]).get(url(installation))
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= REPRESENTATION
    assert body["state"] == "awaiting_equipment"
    assert body["version"] == installation.version
    assert body["reply_letter_number"].startswith("555/")
    assert body["technician"] == cast[Role.TECHNICIAN].pk
    assert body["slot_available"] is True and body["adequate"] is False
    assert [(i["name"], i["quantity"], i["provided_by"]) for i in body["items"]] == [
        ("Switch 24 port", 1, "agency"),
        ("Kabel UTP Cat6", 2, "diskominfo"),
    ]
    assert body["step_due_at"] and body["step_overdue"] is False
    assert body["step_responsible"]
    assert body["documents"]["reply_letter"] == f"{LIST}{installation.pk}/reply-letter.pdf"
    assert body["documents"]["survey_report"] == f"{LIST}{installation.pk}/survey-report.pdf"
    assert body["documents"]["installation_form"] is None
    assert body["available_actions"] == ["confirm_equipment", "cancel"]
    # the same request seen by the section head offers other actions
    staff = client_for(cast[Role.SECTION_HEAD]).get(url(installation)).json()
    assert staff["available_actions"] == ["cancel"]
    assert client_for(cast[Role.OPD_USER]).get(url(installation)).json()["available_actions"] == [
        "confirm_equipment"
    ]


# --- editing ---------------------------------------------------------------------------------


def test_patch_corrects_the_letter_and_a_stale_version_is_a_conflict(cast):
    installation = file_request(cast)
    operator = client_for(cast[Role.OPD_OPERATOR])
    seen = installation.version

    first = operator.patch(
        url(installation), {"subject": "Perbaikan perihal", "version": seen}, format="json"
    )
    assert first.status_code == 200, first.content
    assert (first.json()["subject"], first.json()["version"]) == ("Perbaikan perihal", seen + 1)

    events = AuditEvent.objects.count()
    stale = operator.patch(url(installation), {"subject": "Lagi", "version": seen}, format="json")
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    installation.refresh_from_db()
    assert (installation.subject, installation.version) == ("Perbaikan perihal", seen + 1)
    assert AuditEvent.objects.count() == events


def test_patch_validation_and_rules(cast, english):
    installation = file_request(cast)
    operator = client_for(cast[Role.OPD_OPERATOR])
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    bad = operator.patch(
        url(installation), {"letter_date": future, "signatory_nip": "123"}, format="json"
    )
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"letter_date", "signatory_nip"}
    assert (
        client_for(cast[Role.OPD_USER])
        .patch(url(installation), {"subject": "x"}, format="json")
        .status_code
        == 403
    )
    assert (
        client_for(cast[Role.TECHNICIAN])
        .patch(url(installation), {"subject": "x"}, format="json")
        .status_code
        == 403
    )
    forwarded = walk_to(S.FORWARDED, cast)
    late = operator.patch(url(forwarded), {"subject": "x"}, format="json")
    assert late.status_code == 400
    assert "until it is forwarded" in late.json()["error"]["message"]
    assert (
        client_for(cast[Role.OPD_OPERATOR]).put(url(installation), {}, format="json").status_code
        == 405
    )


# --- files -----------------------------------------------------------------------------------


def test_letter_download_is_access_checked(cast, other_agency):
    installation = file_request(cast)
    path = f"{url(installation)}letter/"
    response = client_for(cast[Role.OPD_USER]).get(path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    stranger = Cast(other_agency)[Role.OPD_OPERATOR]
    assert client_for(stranger).get(path).status_code == 404
    assert client_for(cast[Role.PROVIDER]).get(path).status_code == 404
    for missing in ("signature/", "signed-form/"):
        assert (
            client_for(cast[Role.HELPDESK]).get(f"{url(installation)}{missing}").status_code == 404
        )


def test_photos_added_listed_and_downloaded(cast, other_agency):
    installation = walk_to(S.SURVEY_ASSIGNED, cast)
    technician = client_for(cast[Role.TECHNICIAN])
    path = f"{url(installation)}photos/"
    content = png_bytes()

    response = technician.post(
        path, {"file": upload(content, "ruang server.png")}, format="multipart"
    )
    assert response.status_code == 201, response.content
    photo = response.json()
    assert (photo["original_name"], photo["content_type"], photo["size"]) == (
        "ruang server.png",
        "image/png",
        len(content),
    )
    assert [p["id"] for p in client_for(cast[Role.OPD_USER]).get(path).json()] == [photo["id"]]
    detail = client_for(cast[Role.OPD_USER]).get(url(installation)).json()
    assert [p["download_url"] for p in detail["photos"]] == [photo["download_url"]]
    download = client_for(cast[Role.OPD_USER]).get(photo["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Type"] == "image/png"
    stranger = client_for(Cast(other_agency)[Role.OPD_USER])
    assert stranger.get(photo["download_url"]).status_code == 404
    assert stranger.get(path).status_code == 404
    other = walk_to(S.SURVEY_ASSIGNED, cast)
    assert technician.get(f"{url(other)}photos/{photo['id']}/").status_code == 404
    # somebody else than the assigned technician may not add one
    refused = client_for(cast[Role.SECTION_HEAD]).post(
        path, {"file": upload(content, "x.png")}, format="multipart"
    )
    assert refused.status_code == 403
    assert SurveyPhoto.objects.count() == 1


@pytest.mark.parametrize(("content", "name", "message"), BAD_FILES)
def test_photo_refusals_store_nothing(cast, english, content, name, message):
    installation = walk_to(S.SURVEY_ASSIGNED, cast)
    files = media_files()
    response = client_for(cast[Role.TECHNICIAN]).post(
        f"{url(installation)}photos/",
        {"file": upload(content, name)},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400, response.content
    assert message in response.json()["error"]["fields"]["file"][0]
    assert not SurveyPhoto.objects.exists()
    assert media_files() == files


@pytest.mark.parametrize(("content", "name", "message"), BAD_FILES)
def test_survey_photos_refused_store_nothing(cast, english, content, name, message):
    installation = walk_to(S.SURVEY_ASSIGNED, cast)
    files = media_files()
    response = client_for(cast[Role.TECHNICIAN]).post(
        url(installation, "record_survey"),
        {
            "slot_available": "true",
            "adequate": "true",
            "notes": "Lokasi siap.",
            "photos": [upload(png_bytes(), "baik.png"), upload(content, name)],
            "version": installation.version,
        },
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400, response.content
    assert message in response.json()["error"]["fields"]["photos"][0]
    after = InstallationRequest.objects.get(pk=installation.pk)
    assert (after.state, after.version) == (S.SURVEY_ASSIGNED, installation.version)
    assert not SurveyPhoto.objects.exists()
    assert media_files() == files  # the good photo stored first was removed again


@pytest.mark.parametrize(("content", "name", "message"), BAD_FILES)
def test_signed_form_refusals_store_nothing(cast, english, content, name, message):
    installation = walk_to(S.INSTALLED, cast)
    files = media_files()
    events = AuditEvent.objects.count()
    response = client_for(cast[Role.OPD_USER]).post(
        url(installation, "sign_off"),
        {"signer_name": "Budi Santoso", "signed_form": upload(content, name)},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400, response.content
    assert message in response.json()["error"]["fields"]["signed_form"][0]
    after = InstallationRequest.objects.get(pk=installation.pk)
    assert (after.state, after.version, after.signed_form.name) == (
        S.INSTALLED,
        installation.version,
        "",
    )
    assert AuditEvent.objects.count() == events
    assert media_files() == files


# --- schema ----------------------------------------------------------------------------------


def test_schema_documents_every_endpoint(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    base = "/api/v1/installation-requests/"
    assert f"{base}:" in schema
    assert f"{base}{{id}}/:" in schema
    for action in INSTALLATION_FLOW.by_name:
        assert f"{base}{{id}}/{action}/:" in schema
    for path in (
        "photos/",
        "photos/{photo_id}/",
        "letter/",
        "signature/",
        "signed-form/",
        "reply-letter.pdf",
        "installation-form.pdf",
        "survey-report.pdf",
    ):
        assert f"{base}{{id}}/{path}:" in schema
    for component in (
        "InstallationRequestCreateRequest",
        "RecordSurveyRequest",
        "SurveyItemInputRequest",
        "AssignSurveyRequest",
        "CompleteInstallationRequest",
        "InstallationSignOffRequest",
    ):
        assert f"    {component}:" in schema
