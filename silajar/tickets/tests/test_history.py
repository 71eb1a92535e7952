"""A ticket's history reads as sentences: people and places by name, states by label, the
first-line steps as a list; the stored codes for administrators only."""

import pytest
from django.conf import settings
from django.urls import reverse

from silajar.accounts.roles import Role
from silajar.tickets import services
from silajar.tickets.models import ChecklistStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_ticket_page_tells_its_history_in_sentences(
    en, client_as, make_user, helpdesk_user, admin_user, agency, location
):
    helpdesk_user.full_name = "Hana Helpdesk"
    helpdesk_user.save()
    andi = make_user(Role.TECHNICIAN, username="andi", full_name="Andi Saputra")
    step = ChecklistStep.objects.create(question="Is the router's light on?")
    ticket = services.ticket_create(
        actor=helpdesk_user,
        channel="phone",
        organization=agency,
        location=location,
        reporter_name="Budi Santoso",
        description="Access point hang",
        scope="whole_location",
    )
    ticket = services.ticket_triage(ticket=ticket, actor=helpdesk_user)
    ticket = services.ticket_record_checklist(
        ticket=ticket,
        actor=helpdesk_user,
        answers=[{"step": step.pk, "outcome": "not_fixed", "note": "mati total"}],
    )
    ticket = services.ticket_dispatch(ticket=ticket, actor=helpdesk_user, technician=andi)
    andi.full_name = "Andi Saputra, S.Kom."  # renamed later: the history keeps the old name
    andi.save()

    page = client_as(helpdesk_user).get(reverse("tickets:detail", args=[ticket.pk]))
    timeline = page.content.decode().split('data-testid="timeline"')[1].split("</ol>")[0]
    assert f"Hana Helpdesk logged ticket {ticket.number}" in timeline
    assert f"Hana Helpdesk took up ticket {ticket.number}" in timeline
    assert f"Hana Helpdesk dispatched ticket {ticket.number} to a technician" in timeline
    assert "Andi Saputra<" in timeline and "S.Kom." not in timeline
    assert str(agency) in timeline and location.building in timeline
    assert "Triage" in timeline and "Dispatched" in timeline
    assert "<li>Is the router&#x27;s light on?: Done — still not working (mati total)</li>" in (
        timeline
    )
    for code in ("ticket.dispatch", "assigned_to", "'question'", "dispatched →"):
        assert code not in timeline.replace('data-action="ticket.', "")
    assert 'data-testid="raw-changes"' not in timeline

    admin = client_as(admin_user).get(reverse("tickets:detail", args=[ticket.pk]))
    assert 'data-testid="raw-changes"' in admin.content.decode()
