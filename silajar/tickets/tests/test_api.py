"""The tickets API: create, list (scoping, filters), retrieve, edit, comments, attachments,
rating and the disruption form PDF."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import token_client
from silajar.core.errors import ActionForbidden
from silajar.core.tests.files import media_files, pdf_bytes, png_bytes
from silajar.tickets import services
from silajar.tickets.models import Attachment, Category, Comment, Ticket
from silajar.tickets.tests.test_api_actions import Desk

pytestmark = pytest.mark.django_db

LIST = "/api/v1/tickets/"
REPRESENTATION = {
    "id",
    "number",
    "state",
    "state_label",
    "version",
    "channel",
    "organization",
    "location",
    "reporter",
    "reporter_name",
    "reporter_phone",
    "reporter_unit",
    "description",
    "scope",
    "fault_domain",
    "category",
    "priority",
    "assigned_to",
    "checklist",
    "diagnosis",
    "action_taken",
    "parts_used",
    "signer_name",
    "signed_at",
    "sla_status",
    "sla_response_due_at",
    "sla_resolution_due_at",
    "created_at",
    "updated_at",
    "available_actions",
    "rating",
}


@pytest.fixture
def desk(make_user, agency, location):
    return Desk(make_user, agency, location)


def numbers(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["number"] for row in response.json()["results"]}


def upload(content: bytes, name: str) -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


# --- create ----------------------------------------------------------------------------------


def test_create_contract(desk, agency, location):
    category = Category.objects.get(code="wifi")
    response = token_client(desk.helpdesk).post(
        LIST,
        {
            "channel": "phone",
            "organization": agency.pk,
            "location": location.pk,
            "reporter_name": "Budi Santoso",
            "reporter_phone": "081234567890",
            "description": "Wi-Fi lantai 2 tidak bisa tersambung.",
            "scope": "whole_location",
            "category": category.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) >= REPRESENTATION
    assert body["state"] == "new"
    assert body["version"] == 1
    year = timezone.localdate().year
    assert re.fullmatch(rf"TKT-{year}-\d{{6}}", body["number"])
    assert body["organization"] == agency.pk
    assert body["location"] == location.pk
    assert body["category"] == category.pk
    assert body["channel"] == "phone"
    assert body["reporter"] is None
    assert body["priority"] == "high"  # suggested: whole location, normal agency
    assert body["sla_response_due_at"] and body["sla_resolution_due_at"]
    assert "triage" in body["available_actions"]
    ticket = Ticket.objects.get(pk=body["id"])
    assert ticket.number == body["number"]
    assert ticket.created_by == desk.helpdesk


def test_create_without_location_and_category(desk, agency):
    response = token_client(desk.helpdesk).post(
        LIST,
        {
            "channel": "whatsapp",
            "organization": agency.pk,
            "reporter_name": "Ani",
            "reporter_phone": "0812",
            "description": "PC tidak dapat IP.",
            "scope": "single_device",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["location"] is None
    assert response.json()["category"] is None


def test_agency_user_files_for_own_agency(agency_user, agency, other_agency):
    response = token_client(agency_user).post(
        LIST,
        {
            "channel": "phone",
            "organization": other_agency.pk,
            "reporter_name": "",
            "reporter_phone": "",
            "description": "Internet lambat sekali.",
            "scope": "single_device",
            "priority": "critical",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["organization"] == agency.pk
    assert body["reporter"] == agency_user.pk
    assert body["reporter_name"] == agency_user.full_name
    assert body["channel"] == "web"
    assert body["priority"] == "normal"  # suggested, not the one asked for
    assert body["available_actions"] == []


def test_agency_user_without_organization_in_body(agency_user, agency):
    response = token_client(agency_user).post(
        LIST, {"description": "Tidak bisa internet.", "scope": "unknown"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["organization"] == agency.pk


def test_agency_user_cannot_use_another_agencys_location(agency_user, other_location):
    response = token_client(agency_user).post(
        LIST,
        {"description": "Putus.", "location": other_location.pk, "scope": "unknown"},
        format="json",
    )
    assert response.status_code == 400
    assert "location" in response.json()["error"]["fields"]
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"channel": "phone", "reporter_name": "A", "description": "x"}, "organization"),
        ({"organization": None, "reporter_name": "A", "description": "x"}, "channel"),
        ({"channel": "phone", "organization": None, "reporter_name": "A"}, "description"),
        ({"channel": "phone", "organization": None, "description": "x"}, "reporter_name"),
        (
            {"channel": "fax", "organization": None, "reporter_name": "A", "description": "x"},
            "channel",
        ),
    ],
)
def test_create_validation(desk, agency, body, field):
    if "organization" in body:
        body["organization"] = agency.pk
    response = token_client(desk.helpdesk).post(LIST, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]
    assert not Ticket.objects.exists()


def test_provider_cannot_file(make_user, agency):
    response = token_client(make_user(Role.PROVIDER)).post(
        LIST,
        {
            "channel": "phone",
            "organization": agency.pk,
            "reporter_name": "X",
            "description": "Y",
        },
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_anonymous_is_refused(api_client):
    assert api_client.get(LIST).status_code in (401, 403)
    assert api_client.post(LIST, {}, format="json").status_code in (401, 403)


# --- list and retrieve -----------------------------------------------------------------------


@pytest.fixture
def two_agencies(desk, make_user, other_agency, other_location):
    mine = desk.ticket("new")
    other_desk = Desk(make_user, other_agency, other_location)
    theirs = other_desk.ticket("new")
    return mine, theirs


def test_list_scoping(two_agencies, desk, agency_user, other_agency_user, make_user, admin_user):
    mine, theirs = two_agencies
    both = {mine.number, theirs.number}
    assert numbers(token_client(desk.helpdesk).get(LIST)) == both
    assert numbers(token_client(admin_user).get(LIST)) == both
    assert numbers(token_client(make_user(Role.AGENCY_HEAD)).get(LIST)) == both
    assert numbers(token_client(agency_user).get(LIST)) == {mine.number}
    assert numbers(token_client(other_agency_user).get(LIST)) == {theirs.number}
    assert numbers(token_client(make_user(Role.PROVIDER)).get(LIST)) == set()
    assert numbers(token_client(make_user()).get(LIST)) == set()


def test_retrieve_scoping(two_agencies, agency_user):
    mine, theirs = two_agencies
    client = token_client(agency_user)
    response = client.get(f"{LIST}{mine.pk}/")
    assert response.status_code == 200
    assert set(response.json()) >= REPRESENTATION
    assert response.json()["state_label"]
    assert client.get(f"{LIST}{theirs.pk}/").status_code == 404
    assert client.get(f"{LIST}999999/").status_code == 404


def test_list_filters(desk, make_user, agency, other_agency, other_location):
    hd = desk.helpdesk
    wifi = Category.objects.get(code="wifi")
    a = desk.ticket("new", category=wifi)
    b = desk.ticket("dispatched")
    c = Desk(make_user, other_agency, other_location).ticket("triage")
    services.ticket_update(actor=hd, ticket=c, data={"priority": "critical"}, expected_version=None)
    d = services.ticket_create(
        actor=hd,
        channel="email",
        organization=agency,
        reporter_name="Rudi Hartono",
        reporter_phone="0899777",
        description="Printer jaringan tidak terdeteksi",
    )
    Ticket.objects.filter(pk=d.pk).update(
        created_at=timezone.now() - timedelta(days=10), sla_status="breached"
    )
    client = token_client(hd)

    def get(**params):
        return numbers(client.get(LIST, params))

    assert get(state="new") == {a.number, d.number}
    assert get(state="dispatched") == {b.number}
    assert get(state="open") == {a.number, b.number, c.number, d.number}
    assert get(organization=other_agency.pk) == {c.number}
    assert get(assigned_to=desk.tech.pk) == {b.number}
    assert get(technician=desk.tech.pk) == {b.number}
    assert get(priority="critical") == {c.number}
    assert get(category=wifi.pk) == {a.number}
    assert get(category="wifi") == {a.number}
    assert get(channel="email") == {d.number}
    assert get(sla_status="breached") == {d.number}
    assert get(sla_status="attention") == {d.number}
    today = timezone.localdate()
    assert get(created_after=today.isoformat()) == {a.number, b.number, c.number}
    assert get(created_before=(today - timedelta(days=1)).isoformat()) == {d.number}
    assert get(q=d.number) == {d.number}
    assert get(q="rudi hart") == {d.number}
    assert get(q="0899777") == {d.number}
    assert get(q="printer") == {d.number}
    ordered = client.get(LIST, {"ordering": "number"}).json()["results"]
    assert [r["number"] for r in ordered] == sorted(r["number"] for r in ordered)
    newest_first = [r["number"] for r in client.get(LIST).json()["results"]]
    assert newest_first[-1] == d.number
    by_priority = [
        r["priority"] for r in client.get(LIST, {"ordering": "priority"}).json()["results"]
    ]
    assert by_priority[0] == "critical"


@pytest.mark.parametrize(
    "params",
    [{"state": "bogus"}, {"created_after": "kemarin"}, {"organization": "x"}, {"ordering": "pk"}],
)
def test_invalid_filters_answer_400(desk, params):
    response = token_client(desk.helpdesk).get(LIST, params)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]


def test_list_pages_without_counting(desk):
    for _ in range(3):
        desk.ticket("new")
    client = token_client(desk.helpdesk)
    first = client.get(LIST, {"page_size": 2}).json()
    assert len(first["results"]) == 2
    assert first["previous"] is None
    assert "count" not in first
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert second["previous"]
    seen = {r["id"] for r in first["results"]} | {r["id"] for r in second["results"]}
    assert len(seen) == 3


# --- edit ------------------------------------------------------------------------------------


def test_patch_editable_fields(desk, location):
    ticket = desk.ticket("triage")
    response = token_client(desk.helpdesk).patch(
        f"{LIST}{ticket.pk}/",
        {"priority": "critical", "reporter_unit": "Subbag Umum", "version": ticket.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["priority"] == "critical"
    assert body["reporter_unit"] == "Subbag Umum"
    assert body["version"] == ticket.version + 1
    assert body["state"] == "triage"


def test_patch_with_stale_version_changes_nothing(desk):
    ticket = desk.ticket("triage")
    client = token_client(desk.helpdesk)
    assert (
        client.patch(
            f"{LIST}{ticket.pk}/", {"priority": "low", "version": ticket.version}, format="json"
        ).status_code
        == 200
    )
    response = client.patch(
        f"{LIST}{ticket.pk}/", {"priority": "critical", "version": ticket.version}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    fresh = Ticket.objects.get(pk=ticket.pk)
    assert (fresh.priority, fresh.version) == ("low", ticket.version + 1)


def test_patch_ignores_fields_that_are_not_editable(desk):
    ticket = desk.ticket("triage")
    response = token_client(desk.helpdesk).patch(
        f"{LIST}{ticket.pk}/", {"state": "closed", "number": "X"}, format="json"
    )
    assert response.status_code == 200
    fresh = Ticket.objects.get(pk=ticket.pk)
    assert (fresh.state, fresh.number) == ("triage", ticket.number)


def test_patch_refusals(desk, agency_user, other_location):
    ticket = desk.ticket("triage")
    path = f"{LIST}{ticket.pk}/"
    forbidden = token_client(agency_user).patch(path, {"priority": "critical"}, format="json")
    assert forbidden.status_code == 403
    wrong_place = token_client(desk.helpdesk).patch(
        path, {"location": other_location.pk}, format="json"
    )
    assert wrong_place.status_code == 400
    assert "location" in wrong_place.json()["error"]["fields"]
    put = token_client(desk.helpdesk).put(path, {"priority": "low"}, format="json")
    assert put.status_code == 405
    closed = desk.ticket("closed")
    response = token_client(desk.helpdesk).patch(
        f"{LIST}{closed.pk}/", {"priority": "low"}, format="json"
    )
    assert response.status_code == 400
    assert Ticket.objects.get(pk=ticket.pk).priority == ticket.priority


# --- comments --------------------------------------------------------------------------------


def test_comments_internal_notes_are_for_staff_only(desk, agency_user, other_agency_user):
    ticket = desk.ticket("triage")
    path = f"{LIST}{ticket.pk}/comments/"
    staff = token_client(desk.helpdesk)
    public = staff.post(path, {"body": "Teknisi menuju lokasi."}, format="json")
    internal = staff.post(path, {"body": "Switch lantai 2 sering mati.", "internal": True})
    assert public.status_code == internal.status_code == 201
    assert internal.json()["internal"] is True

    agency = token_client(agency_user)
    seen = agency.get(path)
    assert seen.status_code == 200
    assert [c["body"] for c in seen.json()] == ["Teknisi menuju lokasi."]
    assert {c["body"] for c in staff.get(path).json()} == {
        "Teknisi menuju lokasi.",
        "Switch lantai 2 sering mati.",
    }
    reply = agency.post(path, {"body": "Terima kasih."}, format="json")
    assert reply.status_code == 201
    assert reply.json()["author"] == agency_user.pk
    refused = agency.post(path, {"body": "Rahasia", "internal": True}, format="json")
    assert refused.status_code == 403
    assert not Comment.objects.filter(body="Rahasia").exists()
    assert agency.post(path, {"body": "  "}, format="json").status_code == 400
    assert token_client(other_agency_user).get(path).status_code == 404
    assert token_client(other_agency_user).post(path, {"body": "x"}).status_code == 404


# --- attachments -----------------------------------------------------------------------------


def test_attachment_upload_list_download(desk, agency_user):
    ticket = desk.ticket("triage")
    path = f"{LIST}{ticket.pk}/attachments/"
    content = png_bytes()
    response = token_client(agency_user).post(
        path, {"file": upload(content, "foto switch.png")}, format="multipart"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["original_name"], body["content_type"], body["size"], body["internal"]) == (
        "foto switch.png",
        "image/png",
        len(content),
        False,
    )
    listed = token_client(agency_user).get(path).json()
    assert [a["id"] for a in listed] == [body["id"]]
    download = token_client(agency_user).get(body["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Type"] == "image/png"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]


def test_internal_attachments_hidden_from_agency_users(desk, agency_user, other_agency_user):
    ticket = desk.ticket("triage")
    path = f"{LIST}{ticket.pk}/attachments/"
    staff = token_client(desk.helpdesk)
    response = staff.post(
        path, {"file": upload(pdf_bytes(), "catatan.pdf"), "internal": True}, format="multipart"
    )
    assert response.status_code == 201, response.content
    attachment_id = response.json()["id"]
    download = f"{path}{attachment_id}/"
    assert [a["id"] for a in staff.get(path).json()] == [attachment_id]
    assert staff.get(download).status_code == 200
    agency = token_client(agency_user)
    assert agency.get(path).json() == []
    assert agency.get(download).status_code == 404
    assert token_client(other_agency_user).get(download).status_code == 404
    refused = agency.post(
        path, {"file": upload(pdf_bytes(), "x.pdf"), "internal": True}, format="multipart"
    )
    assert refused.status_code == 403


def test_attachment_of_another_ticket_is_not_found(desk):
    first, second = desk.ticket("triage"), desk.ticket("triage")
    staff = token_client(desk.helpdesk)
    created = staff.post(
        f"{LIST}{first.pk}/attachments/",
        {"file": upload(pdf_bytes(), "a.pdf")},
        format="multipart",
    ).json()
    assert staff.get(f"{LIST}{second.pk}/attachments/{created['id']}/").status_code == 404


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "laporan.pdf", "not an allowed type"),
        (b"MZ\x90\x00\x03" + b"\x00" * 200, "foto.jpg", "not an allowed type"),
        (b"\x89PNG\r\n\x1a\n" + b"rusak" * 50, "foto.png", "damaged"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 100, "foto.jpg", "damaged"),
        (b"%PDF-1.4\n" + b"x" * 100, "dokumen.pdf", "damaged"),
        (b"", "kosong.pdf", "empty"),
        (b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n", "besar.pdf", "larger than"),
    ],
    ids=["elf-named-pdf", "mz-exe", "broken-png", "broken-jpeg", "broken-pdf", "empty", "11mb"],
)
def test_attachment_refusals_store_nothing(desk, content, name, message, settings):
    settings.LANGUAGE_CODE = "en"
    ticket = desk.ticket("triage")
    files = media_files()
    response = token_client(desk.helpdesk).post(
        f"{LIST}{ticket.pk}/attachments/",
        {"file": upload(content, name)},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert message in " ".join([error["message"], *error["fields"].get("file", [])])
    assert not Attachment.objects.exists()
    assert media_files() == files


def test_attachment_without_file(desk):
    ticket = desk.ticket("triage")
    response = token_client(desk.helpdesk).post(
        f"{LIST}{ticket.pk}/attachments/", {}, format="multipart"
    )
    assert response.status_code == 400
    assert "file" in response.json()["error"]["fields"]


# --- rating ----------------------------------------------------------------------------------


def test_rating_by_the_reporting_agency_after_closing(desk, agency_user, other_agency_user):
    open_ticket = desk.ticket("triage")
    closed = desk.ticket("closed")
    client = token_client(agency_user)
    assert (
        client.post(f"{LIST}{open_ticket.pk}/rate/", {"rating": 4}, format="json").status_code
        == 400
    )
    assert client.post(f"{LIST}{closed.pk}/rate/", {"rating": 6}, format="json").status_code == 400
    response = client.post(
        f"{LIST}{closed.pk}/rate/", {"rating": 4, "comment": "Ramah"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["rating"] == 4
    staff = token_client(desk.helpdesk).post(f"{LIST}{closed.pk}/rate/", {"rating": 1})
    assert staff.status_code == 403
    stranger = token_client(other_agency_user).post(f"{LIST}{closed.pk}/rate/", {"rating": 1})
    assert stranger.status_code == 404
    assert Ticket.objects.get(pk=closed.pk).rating == 4


# --- disruption form -------------------------------------------------------------------------


def test_form_pdf(desk, agency_user, other_agency_user):
    ticket = desk.ticket("resolved")
    path = f"/api/v1/tickets/{ticket.pk}/form.pdf"
    response = token_client(agency_user).get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert ticket.number in text
    assert "Kabel putus" in text
    assert token_client(agency_user).get(path, HTTP_ACCEPT="application/pdf").status_code == 200
    assert token_client(other_agency_user).get(path).status_code == 404


# --- schema ----------------------------------------------------------------------------------


def test_schema_documents_every_ticket_endpoint(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    for action in [
        "triage",
        "record_checklist",
        "resolve_first_line",
        "dispatch",
        "reassign",
        "start",
        "resolve",
        "sign_off",
        "escalate_to_provider",
        "return_from_provider",
        "pause",
        "resume",
        "reopen",
        "cancel",
        "rate",
        "comments",
        "attachments",
    ]:
        assert f"/api/v1/tickets/{{id}}/{action}/:" in schema
    assert "/api/v1/tickets/{id}/form.pdf:" in schema
    assert "/api/v1/tickets/{id}/attachments/{attachment_id}/:" in schema
    assert "TicketCreateRequest" in schema


def test_a_system_administrator_files_no_complaint(make_user, agency, location):
    """User administration is not desk work: the service refuses the role, whatever calls it."""
    with pytest.raises(ActionForbidden):
        services.ticket_create(
            actor=make_user(Role.SYSTEM_ADMIN),
            channel="phone",
            organization=agency,
            location=location,
            reporter_name="Budi",
            description="Jaringan mati.",
        )


def test_a_reporter_from_another_agency_is_refused(
    make_user, agency, location, other_agency_user, api_client
):
    """Named as the reporter, another agency's user would be told of a ticket they may not see."""
    api_client.force_authenticate(make_user(Role.HELPDESK))
    body = {
        "channel": "phone",
        "organization": agency.pk,
        "location": location.pk,
        "reporter": other_agency_user.pk,
        "reporter_name": "Budi",
        "description": "Jaringan mati.",
    }
    answer = api_client.post("/api/v1/tickets/", body, format="json")
    assert answer.status_code == 400
    assert "reporter" in answer.json()["error"]["fields"]
    assert not Ticket.objects.exists()


def test_nobody_is_notified_of_a_ticket_they_cannot_see(
    make_user, agency, location, other_agency_user
):
    from silajar.notifications.models import Notification
    from silajar.notifications.services import notify

    ticket = services.ticket_create(
        actor=make_user(Role.HELPDESK),
        channel="phone",
        organization=agency,
        location=location,
        reporter_name="Budi",
        description="Jaringan mati.",
    )
    colleague = make_user(Role.OPD_USER)
    told = notify(
        recipients=[other_agency_user, colleague],
        kind="ticket.commented",
        title="t",
        body="b",
        key="probe",
        about=ticket,
    )
    assert told == 1
    assert list(Notification.objects.values_list("recipient", flat=True)) == [colleague.pk]
