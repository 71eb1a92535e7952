"""The agency users' portal: scoping, self-help, reporting, reopen, rating, sign-off."""

import base64
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw
from pypdf import PdfReader

from silajar.accounts.roles import Role
from silajar.core.errors import ActionForbidden
from silajar.core.models import AuditEvent
from silajar.tickets import selectors, services
from silajar.tickets.choices import Channel, Scope, TicketState
from silajar.tickets.models import ChecklistStep, Comment, Deflection, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read the English messages; the Indonesian default has its own tests."""
    settings.LANGUAGE_CODE = "en"


def signature_data_url() -> str:
    image = Image.new("RGBA", (300, 120), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(10, 100), (80, 20), (150, 90), (290, 15)], fill="black", width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def png_upload(name="foto.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def technician(make_user):
    return make_user(Role.TECHNICIAN, username="teknisi", full_name="Budi Teknisi")


def new_ticket(actor, organization, location=None, **fields):
    return services.ticket_create(
        actor=actor,
        channel=Channel.PHONE,
        organization=organization,
        location=location,
        reporter_name=fields.pop("reporter_name", "Siti Pelapor"),
        reporter_phone=fields.pop("reporter_phone", "0812-5555-0001"),
        description=fields.pop("description", "Internet di ruang rapat mati"),
        scope=fields.pop("scope", Scope.WHOLE_LOCATION),
        **fields,
    )


def resolved_ticket(helpdesk, technician, organization, location=None) -> Ticket:
    ticket = new_ticket(helpdesk, organization, location)
    services.ticket_triage(ticket=ticket, actor=helpdesk)
    services.ticket_dispatch(ticket=ticket, actor=helpdesk, technician=technician)
    services.ticket_start(ticket=ticket, actor=technician)
    services.ticket_resolve(
        ticket=ticket,
        actor=technician,
        diagnosis="Konektor RJ45 putus",
        action_taken="Konektor diganti",
        parts_used="1 konektor RJ45",
    )
    ticket.refresh_from_db()
    return ticket


def closed_ticket(helpdesk, technician, organization) -> Ticket:
    ticket = resolved_ticket(helpdesk, technician, organization)
    services.ticket_sign_off(
        ticket=ticket, actor=technician, signer_name="Siti", signature=signature_data_url()
    )
    ticket.refresh_from_db()
    return ticket


# --- scoping ---------------------------------------------------------------------------------


def test_other_agencys_ticket_is_not_found(
    client_as, agency_user, helpdesk_user, other_agency, technician
):
    theirs = resolved_ticket(helpdesk_user, technician, other_agency)
    client = client_as(agency_user)
    assert client.get(reverse("tickets:portal_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("tickets:portal_form_pdf", args=[theirs.pk])).status_code == 404
    response = client.post(
        reverse("tickets:portal_sign", args=[theirs.pk]),
        {"signer_name": "X", "signature": signature_data_url(), "version": theirs.version},
    )
    assert response.status_code == 404
    response = client.post(reverse("tickets:portal_comment", args=[theirs.pk]), {"body": "hai"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == TicketState.RESOLVED
    assert not Comment.objects.filter(ticket=theirs).exists()


def test_list_shows_only_own_agency_and_filters_by_status(
    client_as, agency_user, helpdesk_user, agency, other_agency, technician
):
    mine_open = new_ticket(helpdesk_user, agency, description="Wi-Fi lantai 2 lambat")
    mine_closed = closed_ticket(helpdesk_user, technician, agency)
    theirs = new_ticket(helpdesk_user, other_agency)
    client = client_as(agency_user)
    html = client.get(reverse("tickets:portal_list")).content.decode()
    assert mine_open.number in html and mine_closed.number in html
    assert theirs.number not in html
    html = client.get(reverse("tickets:portal_list"), {"status": "open"}).content.decode()
    assert mine_open.number in html and mine_closed.number not in html
    html = client.get(reverse("tickets:portal_list"), {"status": "closed"}).content.decode()
    assert mine_closed.number in html and mine_open.number not in html


def test_list_pages_without_counting(client_as, agency_user, helpdesk_user, agency):
    for i in range(27):
        new_ticket(helpdesk_user, agency, description=f"Masalah {i}")
    client = client_as(agency_user)
    first = client.get(reverse("tickets:portal_list"))
    assert "page=2" in first.content.decode()
    second = client.get(reverse("tickets:portal_list"), {"page": 2}).content.decode()
    assert second.count("/tickets/portal/") >= 2
    assert "page=3" not in second
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("tickets:portal_list"))
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)


def test_portal_is_for_agency_users_only(client_as, helpdesk_user):
    client = client_as(helpdesk_user)
    assert client.get(reverse("tickets:portal_list")).status_code == 403
    assert client.get(reverse("tickets:portal_report")).status_code == 403


def test_navigation_offers_the_portal_to_agency_users(client_as, agency_user, helpdesk_user):
    html = client_as(agency_user).get(reverse("tickets:portal_list")).content.decode()
    assert reverse("tickets:portal_report") in html
    assert reverse("tickets:field_queue") not in html


# --- self-help and reporting ----------------------------------------------------------------


def test_self_help_shows_the_steps_for_the_scope(client_as, agency_user):
    client = client_as(agency_user)
    response = client.get(reverse("tickets:portal_report"), {"scope": Scope.WHOLE_LOCATION})
    html = response.content.decode()
    for step in selectors.checklist_for(Scope.WHOLE_LOCATION):
        assert step.question in html
    single = selectors.checklist_for(Scope.SINGLE_DEVICE)
    assert any(s.question not in html for s in single)


def test_self_help_follows_the_kind_of_problem(client_as, agency_user):
    """No Wi-Fi step for a cable problem on one PC; without a kind, every step of the scope."""
    cable = ChecklistStep.objects.get(scope=Scope.SINGLE_DEVICE, category__code="cable")
    wifi = ChecklistStep.objects.get(scope=Scope.SINGLE_DEVICE, category__code="wifi")
    client = client_as(agency_user)
    html = client.get(
        reverse("tickets:portal_report"),
        {"scope": Scope.SINGLE_DEVICE, "category": cable.category_id},
    ).content.decode()
    assert cable.question in html and wifi.question not in html
    html = client.get(
        reverse("tickets:portal_report"), {"scope": Scope.SINGLE_DEVICE, "category": "x"}
    ).content.decode()
    assert cable.question in html and wifi.question in html


def test_steps_tried_in_self_help_are_the_tickets_first_steps(client_as, agency_user, location):
    whole = selectors.checklist_for(Scope.WHOLE_LOCATION)
    single = selectors.checklist_for(Scope.SINGLE_DEVICE)
    client = client_as(agency_user)
    # the "still not working" button carries the steps ticked into the report form
    form_page = client.get(
        reverse("tickets:portal_report"),
        {"scope": Scope.WHOLE_LOCATION, "step": "form", "tried": [whole[1].pk]},
    ).content.decode()
    assert f'name="tried" value="{whole[1].pk}"' in form_page
    response = client.post(
        reverse("tickets:portal_report"),
        {
            "scope": Scope.WHOLE_LOCATION,
            "location": location.pk,
            "description": "Semua PC di ruang rapat tidak bisa internet",
            # a step of another scope is not one the reporter was offered
            "tried": [whole[1].pk, whole[0].pk],
        },
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert [(a["step"], a["outcome"], a["by_reporter"]) for a in ticket.checklist] == [
        (whole[0].pk, "not_fixed", True),
        (whole[1].pk, "not_fixed", True),
    ]
    event = AuditEvent.objects.get(action="ticket.created", object_id=str(ticket.pk))
    assert event.changes["checklist"][1] == ticket.checklist
    response = client.post(
        reverse("tickets:portal_report"),
        {
            "scope": Scope.WHOLE_LOCATION,
            "location": location.pk,
            "description": "Lagi",
            "tried": [single[0].pk],
        },
    )
    assert response.status_code == 400  # not a step of this case: nothing is filed
    assert Ticket.objects.count() == 1


def test_the_helpdesk_sees_the_steps_the_reporter_tried(
    client_as, agency_user, helpdesk_user, location
):
    step = selectors.checklist_for(Scope.WHOLE_LOCATION)[0]
    client_as(agency_user).post(
        reverse("tickets:portal_report"),
        {
            "scope": Scope.WHOLE_LOCATION,
            "location": location.pk,
            "description": "Internet mati",
            "tried": [step.pk],
        },
    )
    ticket = Ticket.objects.get()
    html = client_as(helpdesk_user).get(reverse("tickets:detail", args=[ticket.pk])).content
    answers = html.decode().split('data-testid="checklist-answers"', 1)[1].split("</ul>", 1)[0]
    assert step.question in answers and 'data-testid="tried-by-reporter"' in answers


def test_self_help_success_is_counted_and_creates_no_ticket(client_as, agency_user, agency):
    client = client_as(agency_user)
    steps = [s.pk for s in selectors.checklist_for(Scope.SINGLE_DEVICE)]
    response = client.post(
        reverse("tickets:portal_self_help_solved"),
        {"scope": Scope.SINGLE_DEVICE, "steps": [*steps, 999999, "x"]},
    )
    assert response.status_code == 302
    assert Ticket.objects.count() == 0
    deflection = Deflection.objects.get()
    assert deflection.organization == agency
    assert deflection.user == agency_user
    assert deflection.scope == Scope.SINGLE_DEVICE
    assert deflection.steps == steps


def test_report_creates_a_web_ticket_for_own_agency(client_as, agency_user, agency, location):
    client = client_as(agency_user)
    response = client.post(
        reverse("tickets:portal_report"),
        {
            "scope": Scope.SINGLE_DEVICE,
            "location": location.pk,
            "description": "PC di meja saya tidak bisa internet",
            "reporter_unit": "Subbag Umum",
            "reporter_phone": "0812-1111-2222",
            "photo": png_upload(),
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("tickets:portal_detail", args=[ticket.pk])
    assert ticket.organization == agency
    assert ticket.channel == Channel.WEB
    assert ticket.reporter == agency_user
    assert ticket.location == location
    assert ticket.scope == Scope.SINGLE_DEVICE
    assert ticket.reporter_unit == "Subbag Umum"
    assert ticket.attachments.get().original_name == "foto.png"
    assert Deflection.objects.count() == 0


def test_report_refuses_another_agencys_location_and_bad_files(
    client_as, agency_user, location, other_location
):
    client = client_as(agency_user)
    data = {"scope": Scope.SINGLE_DEVICE, "description": "Mati"}
    response = client.post(
        reverse("tickets:portal_report"), {**data, "location": other_location.pk}
    )
    assert response.status_code == 400
    fake = SimpleUploadedFile("foto.png", b"not an image", content_type="image/png")
    response = client.post(
        reverse("tickets:portal_report"), {**data, "location": location.pk, "photo": fake}
    )
    assert response.status_code == 400
    assert "not an allowed type" in response.content.decode() or response.context["form"].errors
    assert Ticket.objects.count() == 0


# --- reopen, rating, comments --------------------------------------------------------------


def test_reopen_within_seven_days(client_as, agency_user, helpdesk_user, technician, agency):
    ticket = closed_ticket(helpdesk_user, technician, agency)
    client = client_as(agency_user)
    response = client.post(
        reverse("tickets:portal_reopen", args=[ticket.pk]),
        {"reason": "Mati lagi pagi ini", "version": ticket.version},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == TicketState.TRIAGE


def test_reopen_after_seven_days_is_refused(
    client_as, agency_user, helpdesk_user, technician, agency
):
    ticket = closed_ticket(helpdesk_user, technician, agency)
    eight_days_ago = timezone.now() - timedelta(days=8)
    Ticket.objects.filter(pk=ticket.pk).update(closed_at=eight_days_ago)
    client = client_as(agency_user)
    page = client.get(reverse("tickets:portal_detail", args=[ticket.pk])).content.decode()
    assert 'data-testid="reopen"' not in page
    response = client.post(
        reverse("tickets:portal_reopen", args=[ticket.pk]),
        {"reason": "Mati lagi", "version": ticket.version},
    )
    assert response.status_code == 400
    assert "7 days" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.state == TicketState.CLOSED


def test_rating_only_after_closing(client_as, agency_user, helpdesk_user, technician, agency):
    ticket = resolved_ticket(helpdesk_user, technician, agency)
    client = client_as(agency_user)
    url = reverse("tickets:portal_rate", args=[ticket.pk])
    response = client.post(url, {"rating": 5, "comment": "Cepat"})
    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.rating is None
    services.ticket_sign_off(
        ticket=ticket, actor=technician, signer_name="Siti", signature=signature_data_url()
    )
    assert client.post(url, {"rating": 9}).status_code == 400
    response = client.post(url, {"rating": 4, "comment": "Cepat dan ramah"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.rating, ticket.rating_comment) == (4, "Cepat dan ramah")


def test_rating_only_by_the_reporting_agency(
    client_as, other_agency_user, helpdesk_user, technician, agency
):
    ticket = closed_ticket(helpdesk_user, technician, agency)
    response = client_as(other_agency_user).post(
        reverse("tickets:portal_rate", args=[ticket.pk]), {"rating": 1}
    )
    assert response.status_code == 404
    with pytest.raises(ActionForbidden):
        services.ticket_rate(ticket=ticket, actor=helpdesk_user, rating=5)
    ticket.refresh_from_db()
    assert ticket.rating is None


def test_comments_public_only(client_as, agency_user, helpdesk_user, agency):
    ticket = new_ticket(helpdesk_user, agency)
    services.comment_add(ticket=ticket, actor=helpdesk_user, body="Catatan internal", internal=True)
    services.comment_add(ticket=ticket, actor=helpdesk_user, body="Teknisi segera datang")
    client = client_as(agency_user)
    html = client.get(reverse("tickets:portal_detail", args=[ticket.pk])).content.decode()
    assert "Teknisi segera datang" in html and "Catatan internal" not in html
    response = client.post(
        reverse("tickets:portal_comment", args=[ticket.pk]), {"body": "Terima kasih"}
    )
    assert response.status_code == 302
    comment = Comment.objects.get(body="Terima kasih")
    assert comment.author == agency_user and not comment.is_internal


# --- sign-off on the user's screen ---------------------------------------------------------


def test_sign_off_with_drawn_signature_closes_and_fills_the_form(
    client_as, agency_user, helpdesk_user, technician, agency
):
    ticket = resolved_ticket(helpdesk_user, technician, agency)
    client = client_as(agency_user)
    page = client.get(reverse("tickets:portal_detail", args=[ticket.pk])).content.decode()
    assert 'data-testid="signature-canvas"' in page
    assert "silajar/signature.js" in page
    response = client.post(
        reverse("tickets:portal_sign", args=[ticket.pk]),
        {
            "signer_name": "Siti Aminah",
            "signature": signature_data_url(),
            "version": ticket.version,
        },
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == TicketState.CLOSED
    assert ticket.signer_name == "Siti Aminah"
    assert ticket.signature
    pdf = client.get(reverse("tickets:portal_form_pdf", args=[ticket.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Siti Aminah" in text


@pytest.mark.parametrize(
    "signature",
    [
        "",
        "data:image/png;base64,@@@",
        "data:image/png;base64," + base64.b64encode(b"abc").decode(),
        "data:image/svg+xml;base64,PHN2Zy8+",
    ],
)
def test_bad_signature_is_refused(
    client_as, agency_user, helpdesk_user, technician, agency, signature
):
    ticket = resolved_ticket(helpdesk_user, technician, agency)
    response = client_as(agency_user).post(
        reverse("tickets:portal_sign", args=[ticket.pk]),
        {"signer_name": "Siti", "signature": signature, "version": ticket.version},
    )
    assert response.status_code == 400
    assert response.context["sign_form"].errors["signature"]  # the refusal, on the input
    ticket.refresh_from_db()
    assert ticket.state == TicketState.RESOLVED
    assert not ticket.signature


def test_stale_version_is_a_clear_conflict(
    client_as, agency_user, helpdesk_user, technician, agency
):
    ticket = resolved_ticket(helpdesk_user, technician, agency)
    response = client_as(agency_user).post(
        reverse("tickets:portal_sign", args=[ticket.pk]),
        {"signer_name": "Siti", "signature": signature_data_url(), "version": ticket.version - 1},
    )
    assert response.status_code == 409
    assert 'data-testid="action-error"' in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.state == TicketState.RESOLVED


def test_sign_off_with_scanned_form(client_as, agency_user, helpdesk_user, technician, agency):
    ticket = resolved_ticket(helpdesk_user, technician, agency)
    scan = png_upload("scan.png")
    response = client_as(agency_user).post(
        reverse("tickets:portal_sign", args=[ticket.pk]),
        {"signer_name": "Siti", "signed_form": scan, "version": ticket.version},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == TicketState.CLOSED and ticket.signed_form
