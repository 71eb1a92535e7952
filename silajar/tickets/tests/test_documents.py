"""The disruption form PDF: A4, Indonesian, ticket data, QR code back to the ticket."""

import io

import pytest
from django.conf import settings
from pypdf import PdfReader

from silajar.accounts.roles import Role
from silajar.organizations.tests.factories import LocationFactory
from silajar.tickets import selectors, services
from silajar.tickets.choices import Scope
from silajar.tickets.documents import render_disruption_form, ticket_url
from silajar.tickets.tests.test_portal import new_ticket, resolved_ticket, signature_data_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def technician(make_user):
    return make_user(Role.TECHNICIAN, username="teknisi", full_name="Budi Teknisi")


def read(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def images(reader: PdfReader) -> list:
    return [image for page in reader.pages for image in page.images]


def link_uris(reader: PdfReader) -> list[str]:
    uris = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


def test_form_is_a4_with_number_diagnosis_and_qr(helpdesk_user, technician, agency):
    ticket = resolved_ticket(
        helpdesk_user, technician, agency, LocationFactory(organization=agency)
    )
    reader, text = read(render_disruption_form(ticket))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert text.startswith("%PDF") is False
    assert ticket.number in text
    assert "Konektor RJ45 putus" in text and "Konektor diganti" in text
    assert "1 konektor RJ45" in text
    assert "Budi Teknisi" in text
    assert "PEMERINTAH PROVINSI KALIMANTAN BARAT" in text
    assert "DINAS KOMUNIKASI DAN INFORMATIKA" in text
    assert "Formulir Gangguan Jaringan".upper() in text.upper()
    assert agency.name in text
    # the QR code: a square image linked to the ticket's page
    url = ticket_url(ticket)
    assert url.startswith(settings.SILAJAR_BASE_URL)
    assert url in link_uris(reader)
    qr = images(reader)
    assert len(qr) == 1 and qr[0].image.width == qr[0].image.height


def test_blank_fields_before_the_visit_and_steps_taken(helpdesk_user, agency):
    ticket = new_ticket(helpdesk_user, agency, scope=Scope.WHOLE_LOCATION)
    services.ticket_triage(ticket=ticket, actor=helpdesk_user)
    steps = selectors.checklist_for(Scope.WHOLE_LOCATION)
    services.ticket_record_checklist(
        ticket=ticket,
        actor=helpdesk_user,
        answers=[{"step": s.pk, "outcome": "not_fixed"} for s in steps],
    )
    _, text = read(render_disruption_form(ticket))
    assert ticket.number in text
    for step in steps:
        assert step.question[:30] in text
    assert "Siti Pelapor" in text and "Internet di ruang rapat mati" in text
    assert "....." in text  # blank signature lines


def test_signed_form_shows_signer_and_embedded_signature(helpdesk_user, technician, agency):
    ticket = resolved_ticket(helpdesk_user, technician, agency)
    services.ticket_sign_off(
        ticket=ticket, actor=technician, signer_name="Siti Aminah", signature=signature_data_url()
    )
    reader, text = read(render_disruption_form(ticket))
    assert "Siti Aminah" in text
    assert len(images(reader)) == 2  # the QR code and the drawn signature


def test_scanned_form_is_mentioned(helpdesk_user, technician, agency):
    from silajar.tickets.tests.test_portal import png_upload

    ticket = resolved_ticket(helpdesk_user, technician, agency)
    services.ticket_sign_off(
        ticket=ticket, actor=technician, signer_name="Siti Aminah", signed_form=png_upload()
    )
    _, text = read(render_disruption_form(ticket))
    assert "Siti Aminah" in text and "dipindai" in text
