"""The staff desk pages: list, ticket page and its actions, attachments, intake."""

import io
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from silajar.accounts.roles import Role
from silajar.core.access import visible
from silajar.tickets import selectors, services
from silajar.tickets.choices import SlaStatus, TicketState
from silajar.tickets.models import Attachment, Category, ChecklistStep, Comment, Ticket
from silajar.tickets.tests.test_portal import signature_data_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def technician(make_user):
    return make_user(Role.TECHNICIAN, username="teknisi", full_name="Teknisi Satu")


@pytest.fixture
def other_technician(make_user):
    return make_user(Role.TECHNICIAN, username="teknisi2", full_name="Teknisi Dua")


@pytest.fixture
def network_admin(make_user):
    return make_user(Role.NETWORK_ADMIN, username="netadmin")


@pytest.fixture
def new_ticket(helpdesk_user, agency, location):
    def make(actor=None, organization=None, **fields):
        data = {
            "channel": "phone",
            "organization": organization or agency,
            "location": location if organization is None else None,
            "reporter_name": "Budi Santoso",
            "reporter_phone": "0812-5555-0101",
            "description": "Internet mati di ruang rapat",
            "scope": "whole_location",
        }
        data.update(fields)
        return services.ticket_create(actor=actor or helpdesk_user, **data)

    return make


def triaged(ticket, actor):
    return services.ticket_triage(ticket=ticket, actor=actor)


def dispatched(ticket, helpdesk, tech):
    return services.ticket_dispatch(
        ticket=triaged(ticket, helpdesk), actor=helpdesk, technician=tech
    )


def numbers(response) -> set[str]:
    return set(re.findall(r"TKT-\d{4}-\d{6}", response.content.decode()))


def png_upload(name="foto.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


# --- list ----------------------------------------------------------------------------------


def test_list_scoped_per_role(
    client_as, new_ticket, helpdesk_user, agency_user, other_agency, make_user
):
    mine = new_ticket()
    theirs = new_ticket(organization=other_agency)
    staff = client_as(helpdesk_user).get(reverse("tickets:list"))
    assert {mine.number, theirs.number} <= numbers(staff)

    agency_page = client_as(agency_user).get(reverse("tickets:list"))
    assert agency_page.status_code == 200
    assert mine.number in numbers(agency_page)
    assert theirs.number not in numbers(agency_page)

    provider = make_user(Role.PROVIDER, username="isp")
    assert numbers(client_as(provider).get(reverse("tickets:list"))) == set()


def test_list_filters_and_search(
    client_as, new_ticket, helpdesk_user, technician, other_agency, agency
):
    wifi = Category.objects.get(code="wifi")
    a = new_ticket(reporter_name="Siti Aminah", category=wifi, priority="critical")
    b = new_ticket(organization=other_agency, description="Kabel LAN putus", channel="whatsapp")
    c = dispatched(new_ticket(reporter_name="Joko"), helpdesk_user, technician)
    Ticket.objects.filter(pk=b.pk).update(sla_status=SlaStatus.BREACHED)
    Ticket.objects.filter(pk=a.pk).update(created_at=timezone.now() - timedelta(days=10))
    client = client_as(helpdesk_user)
    url = reverse("tickets:list")

    def listed(**params):
        return numbers(client.get(url, params))

    assert listed(state="dispatched") == {c.number}
    assert listed(state="open") == {a.number, b.number, c.number}
    assert listed(organization=other_agency.pk) == {b.number}
    assert listed(technician=technician.pk) == {c.number}
    assert listed(priority="critical") == {a.number}
    assert listed(category=wifi.pk) == {a.number}
    assert listed(channel="whatsapp") == {b.number}
    assert listed(sla="attention") == {b.number}
    assert listed(sla="breached") == {b.number}
    today = timezone.localdate()
    assert listed(created_from=(today - timedelta(days=1)).isoformat()) == {b.number, c.number}
    assert listed(created_to=(today - timedelta(days=5)).isoformat()) == {a.number}
    assert listed(q="Siti") == {a.number}
    assert listed(q="lan putus") == {b.number}
    assert listed(q=c.number) == {c.number}
    assert listed(q="0812-5555") == {a.number, b.number, c.number}
    # an invalid filter value is ignored, not an error
    assert client.get(url, {"organization": "abc", "created_from": "x"}).status_code == 200
    client.force_login(technician, backend="silajar.accounts.backends.UsernameOrEmailBackend")
    assert listed(mine="on") == {c.number}


def test_list_sorting(client_as, new_ticket, helpdesk_user):
    low = new_ticket(priority="low")
    crit = new_ticket(priority="critical")
    client = client_as(helpdesk_user)
    body = client.get(reverse("tickets:list"), {"sort": "priority"}).content.decode()
    assert body.index(crit.number) < body.index(low.number)
    body = client.get(reverse("tickets:list"), {"sort": "-priority"}).content.decode()
    assert body.index(low.number) < body.index(crit.number)
    body = client.get(reverse("tickets:list"), {"sort": "number"}).content.decode()
    assert body.index(low.number) < body.index(crit.number)


def test_list_htmx_returns_the_table_fragment(client_as, new_ticket, helpdesk_user):
    ticket = new_ticket()
    response = client_as(helpdesk_user).get(
        reverse("tickets:list"), {"state": "new"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert ticket.number in body
    assert "<html" not in body and 'data-testid="tickets"' in body


def test_list_pages_without_count_and_fixed_queries(
    client_as, new_ticket, helpdesk_user, monkeypatch
):
    from silajar.core import paging

    monkeypatch.setattr(paging, "PAGE_SIZE", 3)
    client = client_as(helpdesk_user)
    url = reverse("tickets:list")
    new_ticket()
    client.get(url)  # warm up (session, content types)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        new_ticket()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    sql = " ".join(q["sql"] for q in many.captured_queries).upper()
    assert "COUNT(" not in sql
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(numbers(response)) == 3
    assert 'data-testid="next-page"' in response.content.decode()
    last = client.get(url, {"page": 3}).content.decode()
    assert len(numbers(client.get(url, {"page": 3}))) == 1
    assert 'data-testid="next-page"' not in last and 'data-testid="prev-page"' in last


def test_list_shows_state_and_sla_badges(client_as, new_ticket, helpdesk_user):
    ticket = new_ticket()
    Ticket.objects.filter(pk=ticket.pk).update(sla_status=SlaStatus.AT_RISK)
    body = client_as(helpdesk_user).get(reverse("tickets:list")).content.decode()
    assert 'data-sla="at_risk"' in body
    assert "text-bg-warning" in body and "text-bg-primary" in body


def test_badges_take_label_and_colour_from_the_choice(client_as, new_ticket, helpdesk_user):
    ticket = new_ticket()
    Ticket.objects.filter(pk=ticket.pk).update(sla_status=SlaStatus.BREACHED)
    client = client_as(helpdesk_user)
    body = client.get(reverse("tickets:list")).content.decode()
    assert (
        '<span class="badge text-bg-danger sla-alert" data-sla="breached">'
        '<i class="bi bi-exclamation-octagon" aria-hidden="true"></i> '
    ) in body
    page = client.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    colour = TicketState.colour(TicketState.NEW)
    assert f'<span class="badge text-bg-{colour}" data-testid="ticket-state">' in page
    assert {TicketState.colour(state) for state in TicketState} - {"secondary"}


# --- ticket page ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [("id", "5 Des 2026 12.40 WIB", "12:40"), ("en", "5 Dec 2026 12:40 WIB", "12.40")],
)
def test_times_on_screens_as_the_language_writes_them(
    client_as, new_ticket, helpdesk_user, language, expected, absent
):
    """Indonesian (EYD): hours and minutes parted by a full stop, then the zone; English keeps
    its colon. On the ticket page and in the list, through the named formats."""
    ticket = new_ticket()
    logged = timezone.make_aware(timezone.datetime(2026, 12, 5, 12, 40))  # Asia/Pontianak
    Ticket.objects.filter(pk=ticket.pk).update(created_at=logged)
    client = client_as(helpdesk_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    listing = client.get(reverse("tickets:list")).content.decode()
    for body in (page, listing):
        assert expected in body
        assert f"2026 {absent}" not in body


def test_detail_shows_everything(en, client_as, new_ticket, helpdesk_user, location):
    location.latitude, location.longitude = -0.0263, 109.3425
    location.save()
    ticket = triaged(new_ticket(), helpdesk_user)
    services.comment_add(ticket=ticket, actor=helpdesk_user, body="Catatan umum")
    services.comment_add(ticket=ticket, actor=helpdesk_user, body="Catatan dalam", internal=True)
    response = client_as(helpdesk_user).get(reverse("tickets:detail", args=[ticket.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="tel:0812-5555-0101"' in body
    assert "openstreetmap.org" in body
    assert "Catatan umum" in body and "Catatan dalam" in body
    assert 'data-testid="timeline"' in body and "ticket.triage" in body
    assert "WIB" in body
    assert reverse("tickets:form_pdf", args=[ticket.pk]) in body
    # exactly the actions the workflow offers a helpdesk officer in triage
    offered = set(re.findall(r'data-testid="action-([a-z_]+)"', body))
    assert offered == {"record_checklist", "resolve_first_line", "dispatch", "pause", "cancel"}


def test_agency_user_sees_no_internal_notes_and_no_other_agency(
    client_as, new_ticket, helpdesk_user, agency_user, other_agency
):
    ticket = new_ticket()
    services.comment_add(ticket=ticket, actor=helpdesk_user, body="Rahasia dapur", internal=True)
    other = new_ticket(organization=other_agency)
    client = client_as(agency_user)
    body = client.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert "Rahasia dapur" not in body
    assert client.get(reverse("tickets:detail", args=[other.pk])).status_code == 404


def test_comments_and_files_follow_the_ticket_and_internal_ones_are_staff_only(
    new_ticket, helpdesk_user, agency_user, other_agency_user
):
    """One rule for every page, the portal and the API: the access policies and selectors."""
    ticket = new_ticket()
    public = services.comment_add(ticket=ticket, actor=helpdesk_user, body="Sedang dicek")
    services.comment_add(ticket=ticket, actor=helpdesk_user, body="Rahasia", internal=True)
    shown = services.attachment_add(ticket=ticket, actor=helpdesk_user, upload=png_upload())
    services.attachment_add(ticket=ticket, actor=helpdesk_user, upload=png_upload(), internal=True)
    staff_sees = selectors.comment_list(ticket=ticket, user=helpdesk_user)
    assert [c.is_internal for c in staff_sees] == [False, True]
    assert selectors.attachment_list(ticket=ticket, user=helpdesk_user).count() == 2
    assert list(selectors.comment_list(ticket=ticket, user=agency_user)) == [public]
    assert list(selectors.attachment_list(ticket=ticket, user=agency_user)) == [shown]
    assert not selectors.comment_list(ticket=ticket, user=other_agency_user).exists()
    assert not visible(other_agency_user, Attachment).exists()
    assert list(visible(agency_user, Comment)) == [public]


def test_xss_in_description_is_escaped(client_as, new_ticket, helpdesk_user):
    ticket = new_ticket(description='<script>alert("x")</script> internet mati')
    client = client_as(helpdesk_user)
    for url in (reverse("tickets:list"), reverse("tickets:detail", args=[ticket.pk])):
        body = client.get(url).content.decode()
        assert '<script>alert("x")</script>' not in body
        assert "&lt;script&gt;" in body


def post_action(client, ticket, name, **data):
    data.setdefault("version", ticket.version)
    payload = {f"{name}-{k}": v for k, v in data.items()}
    return client.post(reverse("tickets:action", args=[ticket.pk, name]), payload)


def test_every_action_through_the_page(
    client_as, new_ticket, helpdesk_user, technician, other_technician, network_admin
):
    helpdesk = client_as(helpdesk_user)
    ticket = new_ticket()
    steps = list(ChecklistStep.objects.filter(scope="whole_location"))

    def fresh():
        return Ticket.objects.get(pk=ticket.pk)

    assert post_action(helpdesk, fresh(), "triage").status_code == 302
    assert fresh().state == TicketState.TRIAGE
    answers = {f"step_{s.pk}": "not_fixed" for s in steps}
    r = post_action(helpdesk, fresh(), "record_checklist", scope="whole_location", **answers)
    assert r.status_code == 302
    assert [a["outcome"] for a in fresh().checklist] == ["not_fixed"] * len(steps)
    assert post_action(helpdesk, fresh(), "pause").status_code == 302
    assert fresh().pause_reason == "waiting_reporter"
    assert post_action(helpdesk, fresh(), "resume").status_code == 302
    assert fresh().pause_reason == ""
    r = post_action(helpdesk, fresh(), "dispatch", technician=technician.pk)
    assert r.status_code == 302 and fresh().assigned_to == technician
    r = post_action(helpdesk, fresh(), "reassign", technician=other_technician.pk)
    assert r.status_code == 302 and fresh().assigned_to == other_technician
    tech = client_as(other_technician)
    assert post_action(tech, fresh(), "start").status_code == 302
    assert fresh().state == TicketState.IN_PROGRESS
    r = post_action(
        tech,
        fresh(),
        "resolve",
        diagnosis="Konektor rusak",
        action_taken="Crimping ulang",
        parts_used="RJ45 x2",
    )
    assert r.status_code == 302 and fresh().state == TicketState.RESOLVED
    helpdesk = client_as(helpdesk_user)
    assert post_action(helpdesk, fresh(), "reopen", reason="Mati lagi").status_code == 302
    assert fresh().state == TicketState.TRIAGE
    r = post_action(helpdesk, fresh(), "resolve_first_line", note="Restart router")
    assert r.status_code == 302 and fresh().state == TicketState.CLOSED

    second = triaged(new_ticket(), helpdesk_user)
    admin = client_as(network_admin)
    r = post_action(admin, second, "escalate_to_provider", reference="ISP-123")
    assert r.status_code == 302
    second.refresh_from_db()
    assert second.state == TicketState.WAITING_PROVIDER and second.provider_reference == "ISP-123"
    assert (
        post_action(admin, second, "return_from_provider", note="Sudah normal").status_code == 302
    )
    helpdesk = client_as(helpdesk_user)
    second.refresh_from_db()
    assert post_action(helpdesk, second, "cancel", reason="Dobel").status_code == 302
    second.refresh_from_db()
    assert second.state == TicketState.CANCELLED


@pytest.mark.parametrize("kind", ["scan", "drawing"])
def test_sign_off_on_the_ticket_page_takes_a_scan_or_a_drawing(
    client_as, new_ticket, helpdesk_user, technician, kind
):
    ticket = dispatched(new_ticket(), helpdesk_user, technician)
    ticket = services.ticket_start(ticket=ticket, actor=technician)
    ticket = services.ticket_resolve(
        ticket=ticket, actor=technician, diagnosis="a", action_taken="b"
    )
    client = client_as(helpdesk_user)
    page = client.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert 'data-testid="signature-canvas"' in page and 'name="sign_off-signed_form"' in page
    given = (
        {"sign_off-signed_form": png_upload("form.png")}
        if kind == "scan"
        else {"sign_off-signature": signature_data_url()}
    )
    response = client.post(
        reverse("tickets:action", args=[ticket.pk, "sign_off"]),
        {"sign_off-version": ticket.version, "sign_off-signer_name": "Budi", **given},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == TicketState.CLOSED and ticket.signer_name == "Budi"
    assert bool(ticket.signed_form) == (kind == "scan") and bool(ticket.signature) == (
        kind == "drawing"
    )


def test_stale_action_says_changed_by_someone_else(en, client_as, new_ticket, helpdesk_user):
    ticket = new_ticket()
    seen_version = ticket.version
    triaged(ticket, helpdesk_user)  # someone else acts first
    ticket.refresh_from_db()
    response = post_action(
        client_as(helpdesk_user), ticket, "cancel", reason="dobel", version=seen_version
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "changed by someone else" in body
    assert 'data-testid="ticket-state"' in body and "Triage" in body  # the current data
    ticket.refresh_from_db()
    assert ticket.state == TicketState.TRIAGE


def test_forbidden_action_is_403_with_reason(en, client_as, new_ticket, helpdesk_user, technician):
    ticket = triaged(new_ticket(), helpdesk_user)
    response = post_action(client_as(technician), ticket, "cancel", reason="bukan tugas saya")
    assert response.status_code == 403
    assert "does not allow this action" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.state == TicketState.TRIAGE


def test_invalid_action_input_shows_the_form_error(en, client_as, new_ticket, helpdesk_user):
    ticket = triaged(new_ticket(), helpdesk_user)
    response = post_action(
        client_as(helpdesk_user), ticket, "dispatch", technician=helpdesk_user.pk
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_edit_page(en, client_as, new_ticket, helpdesk_user):
    ticket = new_ticket()
    client = client_as(helpdesk_user)
    url = reverse("tickets:edit", args=[ticket.pk])
    assert client.get(url).status_code == 200
    data = {
        "version": ticket.version,
        "reporter_name": "Budi S.",
        "reporter_phone": "0812",
        "reporter_unit": "Umum",
        "location": "",
        "scope": "single_device",
        "fault_domain": "intranet",
        "category": "",
        "priority": "high",
        "description": "Sudah diubah",
    }
    assert client.post(url, data).status_code == 302
    ticket.refresh_from_db()
    assert ticket.description == "Sudah diubah" and ticket.priority == "high"
    response = client.post(url, data, follow=True)  # stale version now
    assert "changed by someone else" in response.content.decode()


def test_edit_page_refused_to_agency_users(client_as, new_ticket, agency_user):
    ticket = new_ticket()
    assert client_as(agency_user).get(reverse("tickets:edit", args=[ticket.pk])).status_code == 403


def test_comment_added(client_as, new_ticket, helpdesk_user):
    ticket = new_ticket()
    client = client_as(helpdesk_user)
    r = client.post(
        reverse("tickets:comment_add", args=[ticket.pk]), {"body": "Sedang dicek", "internal": "on"}
    )
    assert r.status_code == 302
    comment = ticket.comments.get()
    assert comment.body == "Sedang dicek" and comment.is_internal


def test_attachment_upload_and_download_access(
    client_as, new_ticket, helpdesk_user, agency_user, other_agency_user
):
    ticket = new_ticket()
    client = client_as(helpdesk_user)
    r = client.post(reverse("tickets:attachment_add", args=[ticket.pk]), {"file": png_upload()})
    assert r.status_code == 302
    attachment = Attachment.objects.get(ticket=ticket)
    url = reverse("tickets:attachment", args=[ticket.pk, attachment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert client_as(agency_user).get(url).status_code == 200
    assert client_as(other_agency_user).get(url).status_code == 404
    # a bad file is refused with a message, nothing stored
    bad = io.BytesIO(b"MZ not an image")
    bad.name = "virus.png"
    client = client_as(helpdesk_user)
    r = client.post(reverse("tickets:attachment_add", args=[ticket.pk]), {"file": bad})
    assert r.status_code == 400 and Attachment.objects.filter(ticket=ticket).count() == 1


def test_internal_attachment_hidden_from_agency(client_as, new_ticket, helpdesk_user, agency_user):
    ticket = new_ticket()
    attachment = services.attachment_add(
        ticket=ticket, actor=helpdesk_user, upload=png_upload(), internal=True
    )
    url = reverse("tickets:attachment", args=[ticket.pk, attachment.pk])
    assert client_as(agency_user).get(url).status_code == 404


def test_form_pdf_served_inline(
    client_as, new_ticket, helpdesk_user, other_agency_user, monkeypatch
):
    import sys
    import types

    fake = types.ModuleType("silajar.tickets.documents")
    fake.render_disruption_form = lambda ticket: b"%PDF-1.7 " + ticket.number.encode() + b" %%EOF"
    monkeypatch.setitem(sys.modules, "silajar.tickets.documents", fake)
    ticket = new_ticket()
    url = reverse("tickets:form_pdf", args=[ticket.pk])
    response = client_as(helpdesk_user).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert ticket.number.encode() in response.content
    assert client_as(other_agency_user).get(url).status_code == 404


# --- intake ----------------------------------------------------------------------------------


def intake_data(agency, location, **extra):
    steps = ChecklistStep.objects.filter(scope="whole_location")
    data = {
        "channel": "phone",
        "reporter_name": "Rina",
        "reporter_phone": "0813-1111",
        "reporter_unit": "Keuangan",
        "organization": agency.pk,
        "location": location.pk,
        "scope": "whole_location",
        "category": Category.objects.get(code="wifi").pk,
        "description": "Wi-Fi lantai 2 mati",
        **{f"step_{s.pk}": "not_fixed" for s in steps},
    }
    data.update(extra)
    return data


def test_intake_solved_on_the_call(client_as, helpdesk_user, agency, location):
    client = client_as(helpdesk_user)
    assert client.get(reverse("tickets:intake")).status_code == 200
    data = intake_data(agency, location, intent="solve", note="Reset AP berhasil")
    response = client.post(reverse("tickets:intake"), data)
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "tickets:detail", args=[ticket.pk]
    )
    assert ticket.state == TicketState.CLOSED and ticket.first_contact_resolution
    assert ticket.resolution_note == "Reset AP berhasil"
    assert len(ticket.checklist) == 2 and ticket.location == location


def test_intake_create_and_dispatch(client_as, helpdesk_user, agency, location, technician):
    data = intake_data(agency, location, intent="dispatch", technician=technician.pk)
    assert client_as(helpdesk_user).post(reverse("tickets:intake"), data).status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.state == TicketState.DISPATCHED and ticket.assigned_to == technician
    assert len(ticket.checklist) == 2


def test_intake_just_log_it(client_as, helpdesk_user, agency, location):
    data = intake_data(agency, location, intent="log")
    data = {k: v for k, v in data.items() if not k.startswith("step_")}
    assert client_as(helpdesk_user).post(reverse("tickets:intake"), data).status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.state == TicketState.NEW and ticket.reporter_name == "Rina"


def test_intake_errors_keep_the_call_and_create_nothing(
    en, client_as, helpdesk_user, agency, location
):
    client = client_as(helpdesk_user)
    r = client.post(reverse("tickets:intake"), intake_data(agency, location, intent="dispatch"))
    assert r.status_code == 400 and "Choose the technician" in r.content.decode()
    r = client.post(reverse("tickets:intake"), intake_data(agency, location, intent="solve"))
    assert r.status_code == 400 and "Wi-Fi lantai 2 mati" in r.content.decode()
    assert not Ticket.objects.exists()


def test_intake_links_the_picked_account(client_as, helpdesk_user, agency, location, agency_user):
    data = intake_data(agency, location, intent="log", reporter=agency_user.pk)
    client_as(helpdesk_user).post(reverse("tickets:intake"), data)
    assert Ticket.objects.get().reporter == agency_user


def test_intake_is_for_staff(client_as, agency_user):
    assert client_as(agency_user).get(reverse("tickets:intake")).status_code == 403


def test_caller_typeahead(client_as, helpdesk_user, make_user, agency):
    caller = make_user(
        Role.OPD_USER, username="rina", full_name="Rina Marlina", phone="081377771234"
    )
    client = client_as(helpdesk_user)
    body = client.get(reverse("tickets:caller_search"), {"q": "marlina"}).content.decode()
    assert "Rina Marlina" in body and f'data-reporter="{caller.pk}"' in body
    assert f'data-organization="{agency.pk}"' in body
    body = client.get(reverse("tickets:caller_search"), {"q": "7777"}).content.decode()
    assert "Rina Marlina" in body
    body = client.get(reverse("tickets:caller_search"), {"q": "DINKES"}).content.decode()
    assert agency.name in body
    assert (
        "caller-pick"
        not in client.get(reverse("tickets:caller_search"), {"q": "r"}).content.decode()
    )


def test_caller_search_and_locations_are_staff_only(client_as, agency_user, agency):
    client = client_as(agency_user)
    assert client.get(reverse("tickets:caller_search"), {"q": "din"}).status_code == 403
    assert client.get(reverse("tickets:locations"), {"organization": agency.pk}).status_code == 403


def test_locations_fragment(client_as, helpdesk_user, agency, location, other_location):
    body = (
        client_as(helpdesk_user)
        .get(reverse("tickets:locations"), {"organization": agency.pk})
        .content.decode()
    )
    assert f'value="{location.pk}"' in body and f'value="{other_location.pk}"' not in body


def test_checklist_fragment_follows_the_scope(client_as, helpdesk_user):
    client = client_as(helpdesk_user)
    single = ChecklistStep.objects.filter(scope="single_device").first()
    whole = ChecklistStep.objects.filter(scope="whole_location").first()
    body = client.get(
        reverse("tickets:intake_checklist"), {"scope": "single_device"}
    ).content.decode()
    assert f"step_{single.pk}" in body and f"step_{whole.pk}" not in body
    body = client.get(
        reverse("tickets:intake_checklist"), {"scope": "whole_location"}
    ).content.decode()
    assert f"step_{whole.pk}" in body


def test_checklist_fragment_follows_the_kind_of_problem(client_as, helpdesk_user):
    cable = ChecklistStep.objects.get(scope="single_device", category__code="cable")
    wifi = ChecklistStep.objects.get(scope="single_device", category__code="wifi")
    body = (
        client_as(helpdesk_user)
        .get(
            reverse("tickets:intake_checklist"),
            {"scope": "single_device", "category": wifi.category_id},
        )
        .content.decode()
    )
    assert f"step_{wifi.pk}" in body and f"step_{cable.pk}" not in body


def test_navigation_and_dashboard(en, client_as, helpdesk_user, new_ticket):
    ticket = new_ticket()
    Ticket.objects.filter(pk=ticket.pk).update(sla_status=SlaStatus.BREACHED)
    body = client_as(helpdesk_user).get(reverse("home")).content.decode()
    assert reverse("tickets:list") in body and reverse("tickets:intake") in body
    assert "Open tickets" in body and "Tickets at risk or breached" in body
