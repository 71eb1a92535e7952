"""The technician's phone view: my queue in urgency order, the ticket on site, sign-off."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from silajar.accounts.roles import Role
from silajar.organizations.tests.factories import LocationFactory
from silajar.tickets import services
from silajar.tickets.choices import Priority, TicketState
from silajar.tickets.models import Ticket
from silajar.tickets.tests.test_portal import new_ticket, resolved_ticket, signature_data_url
from silajar.tickets.views.field import queue_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def technician(make_user):
    return make_user(
        Role.TECHNICIAN, username="teknisi", full_name="Budi Teknisi", phone="081200000001"
    )


@pytest.fixture
def other_technician(make_user):
    return make_user(Role.TECHNICIAN, username="teknisi2", full_name="Andi Teknisi")


def dispatched(helpdesk, technician, organization, priority, due_in_hours=None, **fields):
    ticket = new_ticket(helpdesk, organization, priority=priority, **fields)
    services.ticket_triage(ticket=ticket, actor=helpdesk)
    services.ticket_dispatch(ticket=ticket, actor=helpdesk, technician=technician)
    if due_in_hours is not None:
        Ticket.objects.filter(pk=ticket.pk).update(
            sla_resolution_due_at=timezone.now() + timedelta(hours=due_in_hours)
        )
    ticket.refresh_from_db()
    return ticket


def test_queue_shows_only_my_open_work_most_urgent_first(
    client_as, helpdesk_user, technician, other_technician, agency
):
    normal_late = dispatched(helpdesk_user, technician, agency, Priority.NORMAL, 10)
    normal_soon = dispatched(helpdesk_user, technician, agency, Priority.NORMAL, 2)
    critical = dispatched(helpdesk_user, technician, agency, Priority.CRITICAL, 30)
    low = dispatched(helpdesk_user, technician, agency, Priority.LOW, 1)
    high_started = dispatched(helpdesk_user, technician, agency, Priority.HIGH, 5)
    services.ticket_start(ticket=high_started, actor=technician)
    someone_elses = dispatched(helpdesk_user, other_technician, agency, Priority.CRITICAL, 1)
    finished = resolved_ticket(helpdesk_user, technician, agency)
    untriaged = new_ticket(helpdesk_user, agency)

    expected = [critical, high_started, normal_soon, normal_late, low]
    assert list(queue_for(technician)) == expected

    response = client_as(technician).get(reverse("tickets:field_queue"))
    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(f'data-number="{t.number}"') for t in expected]
    assert positions == sorted(positions)
    for other in (someone_elses, finished, untriaged):
        assert f'data-number="{other.number}"' not in html
    assert reverse("tickets:field_queue") in html  # the nav entry "My queue"


def test_queue_is_for_technicians(client_as, helpdesk_user, agency_user):
    assert client_as(helpdesk_user).get(reverse("tickets:field_queue")).status_code == 403


def test_agency_users_cannot_open_the_field_view(client_as, agency_user, helpdesk_user, agency):
    ticket = new_ticket(helpdesk_user, agency)
    response = client_as(agency_user).get(reverse("tickets:field_detail", args=[ticket.pk]))
    assert response.status_code == 403


def test_detail_links_phone_and_map(client_as, helpdesk_user, technician, agency):
    place = LocationFactory(organization=agency, latitude="-0.026300", longitude="109.342500")
    ticket = dispatched(
        helpdesk_user,
        technician,
        agency,
        Priority.HIGH,
        location=place,
        reporter_phone="0812-3456 7890",
    )
    html = client_as(technician).get(reverse("tickets:field_detail", args=[ticket.pk])).content
    html = html.decode()
    assert 'href="tel:081234567890"' in html
    assert place.map_url.replace("&", "&amp;") in html
    assert reverse("tickets:field_form_pdf", args=[ticket.pk]) in html
    assert 'name="viewport"' in html


def test_start_resolve_and_sign_on_the_phone(client_as, helpdesk_user, technician, agency):
    ticket = dispatched(helpdesk_user, technician, agency, Priority.NORMAL)
    client = client_as(technician)
    response = client.post(
        reverse("tickets:field_start", args=[ticket.pk]), {"version": ticket.version}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == TicketState.IN_PROGRESS

    url = reverse("tickets:field_resolve", args=[ticket.pk])
    response = client.post(url, {"version": ticket.version, "diagnosis": "", "action_taken": ""})
    assert response.status_code == 400
    response = client.post(
        url,
        {
            "version": ticket.version,
            "diagnosis": "Switch PoE mati",
            "action_taken": "Switch diganti",
            "parts_used": "1 switch 8 port",
        },
    )
    assert response.status_code == 302
    # repaired: the page goes on to the user's signature
    assert response["Location"] == reverse("tickets:field_detail", args=[ticket.pk]) + "#sign"
    ticket.refresh_from_db()
    assert ticket.state == TicketState.RESOLVED
    assert ticket.parts_used == "1 switch 8 port"

    page = client.get(reverse("tickets:field_detail", args=[ticket.pk])).content.decode()
    assert "data-signature-pad" in page and "onclick" not in page
    response = client.post(
        reverse("tickets:field_sign", args=[ticket.pk]),
        {
            "version": ticket.version,
            "signer_name": "Rina Kasubbag",
            "signature": signature_data_url(),
        },
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == TicketState.CLOSED

    pdf = client.get(reverse("tickets:field_form_pdf", args=[ticket.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Rina Kasubbag" in text and "Switch PoE mati" in text and ticket.number in text


def test_only_the_assigned_technician_may_start(
    client_as, helpdesk_user, technician, other_technician, agency
):
    ticket = dispatched(helpdesk_user, technician, agency, Priority.NORMAL)
    response = client_as(other_technician).post(
        reverse("tickets:field_start", args=[ticket.pk]), {"version": ticket.version}
    )
    assert response.status_code == 403
    assert 'data-testid="action-error"' in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.state == TicketState.DISPATCHED


def test_stale_start_is_a_conflict(client_as, helpdesk_user, technician, agency):
    ticket = dispatched(helpdesk_user, technician, agency, Priority.NORMAL)
    client = client_as(technician)
    url = reverse("tickets:field_start", args=[ticket.pk])
    assert client.post(url, {"version": ticket.version}).status_code == 302
    response = client.post(url, {"version": ticket.version})
    assert response.status_code == 409


def test_bad_signature_on_the_phone_is_refused(client_as, helpdesk_user, technician, agency):
    ticket = resolved_ticket(helpdesk_user, technician, agency)
    response = client_as(technician).post(
        reverse("tickets:field_sign", args=[ticket.pk]),
        {
            "version": ticket.version,
            "signer_name": "Rina",
            "signature": "data:image/png;base64,AAAA",
        },
    )
    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.state == TicketState.RESOLVED and not ticket.signature


def test_queue_marks_overdue_work(client_as, helpdesk_user, technician, agency):
    late = dispatched(helpdesk_user, technician, agency, Priority.NORMAL, -1)
    on_time = dispatched(helpdesk_user, technician, agency, Priority.NORMAL, 3)
    html = client_as(technician).get(reverse("tickets:field_queue")).content.decode()

    def card(ticket):
        return html.split(f'data-number="{ticket.number}"', 1)[1].split("</a>", 1)[0]

    assert 'data-testid="overdue"' in card(late)
    assert 'data-testid="overdue"' not in card(on_time)


def test_the_problem_comes_before_the_contact_buttons(client_as, helpdesk_user, technician, agency):
    ticket = dispatched(
        helpdesk_user, technician, agency, Priority.HIGH, description="Switch lantai 2 mati"
    )
    html = client_as(technician).get(reverse("tickets:field_detail", args=[ticket.pk]))
    html = html.content.decode()
    assert html.index("Switch lantai 2 mati") < html.index('data-testid="call-reporter"')


@pytest.mark.parametrize(
    ("button", "action", "recipients"),
    [
        ("field_propose_escalation", "propose_escalation", {Role.HELPDESK, Role.NETWORK_ADMIN}),
        ("field_hand_back", "hand_back", {Role.HELPDESK}),
    ],
)
def test_the_technician_hands_the_ticket_back_to_the_desk_with_a_reason(
    client_as,
    helpdesk_user,
    technician,
    agency,
    make_user,
    django_capture_on_commit_callbacks,
    button,
    action,
    recipients,
):
    from silajar.core.models import AuditEvent
    from silajar.notifications.models import Notification

    admin = make_user(Role.NETWORK_ADMIN)
    ticket = dispatched(helpdesk_user, technician, agency, Priority.HIGH)
    services.ticket_start(ticket=ticket, actor=technician)
    ticket.refresh_from_db()
    client = client_as(technician)
    page = client.get(reverse("tickets:field_detail", args=[ticket.pk])).content.decode()
    assert f'data-testid="hand-back-{action}"' in page
    url = reverse(f"tickets:{button}", args=[ticket.pk])
    # no reason: refused with the field's message, nothing changes
    response = client.post(url, {"version": ticket.version, "reason": " "})
    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.state == TicketState.IN_PROGRESS
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"version": ticket.version, "reason": "Lampu LOS ONT merah"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == TicketState.TRIAGE
    event = AuditEvent.objects.get(action=f"ticket.{action}", object_id=str(ticket.pk))
    assert event.note == "Lampu LOS ONT merah" and event.actor == technician
    told = {n.recipient for n in Notification.objects.filter(kind="ticket.handed_back")}
    expected = {u for u in (helpdesk_user, admin) if u.role_codes & recipients}
    assert told == expected
    # back in triage, it is no longer the technician's to hand back
    response = client.post(url, {"version": ticket.version, "reason": "lagi"})
    assert response.status_code in (403, 409)


def test_only_work_on_site_can_be_said_unfixable_on_site(
    client_as, helpdesk_user, technician, other_technician, agency
):
    ticket = dispatched(helpdesk_user, technician, agency, Priority.HIGH)
    page = client_as(technician).get(reverse("tickets:field_detail", args=[ticket.pk]))
    page = page.content.decode()
    # dispatched, not started: the provider's fault can already be seen, "on site" not yet
    assert 'data-testid="hand-back-propose_escalation"' in page
    assert 'data-testid="hand-back-hand_back"' not in page
    services.ticket_start(ticket=ticket, actor=technician)
    ticket.refresh_from_db()
    response = client_as(other_technician).post(
        reverse("tickets:field_hand_back", args=[ticket.pk]),
        {"version": ticket.version, "reason": "Bukan tiket saya"},
    )
    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.state == TicketState.IN_PROGRESS
