"""The disruption form PDF: A4, Indonesian, ticket data, QR code back to the ticket."""

import io
import re

import pytest
from django.conf import settings
from pypdf import PdfReader

from silajar.accounts.roles import Role
from silajar.documents.tests.pages import assert_kept_together, squash
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


@pytest.fixture
def ranked_technician(make_user):
    return make_user(
        Role.TECHNICIAN,
        username="andi",
        full_name="Andi Saputra",
        nip="199001012015031001",
        rank="II/c",
    )


def test_times_read_as_indonesian_write_them(helpdesk_user, ranked_technician, agency):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from silajar.tickets.models import Ticket

    ticket = resolved_ticket(helpdesk_user, ranked_technician, agency)
    wib = ZoneInfo("Asia/Jakarta")
    Ticket.objects.filter(pk=ticket.pk).update(
        created_at=datetime(2026, 12, 7, 12, 40, tzinfo=wib),
        resolved_at=datetime(2026, 12, 7, 15, 5, tzinfo=wib),
    )
    _, text = read(render_disruption_form(ticket))
    words = " ".join(text.split())
    assert "7 Desember 2026, 12.40 WIB" in words and "7 Desember 2026, 15.05 WIB" in words
    assert re.search(r"\d{1,2}:\d{2}", words) is None  # no colon in a time (EYD)
    # the technician signs too: name, rank and grade, NIP
    assert "Andi Saputra" in words and "Pengatur (II/c)" in words
    assert "NIP.199001012015031001" in squash(words)


def test_the_qr_caption_is_the_public_address_never_a_local_one(
    helpdesk_user, technician, agency, settings
):
    ticket = resolved_ticket(helpdesk_user, technician, agency)
    _, text = read(render_disruption_form(ticket))
    assert "Pindaiuntukmemeriksakeaslian" in squash(text)
    assert "127.0.0.1" not in text and "localhost" not in text
    settings.SILAJAR_BASE_URL = "https://silajar.kalbarprov.go.id"
    _, text = read(render_disruption_form(ticket))
    assert f"silajar.kalbarprov.go.id/tickets/{ticket.pk}/" in "".join(text.split())
    assert "https://" not in text


def test_the_approval_stays_with_both_signers_after_long_content(
    helpdesk_user, ranked_technician, agency
):
    from silajar.tickets.models import Ticket

    ticket = resolved_ticket(helpdesk_user, ranked_technician, agency)
    counts = set()
    for steps in range(0, 36, 5):
        Ticket.objects.filter(pk=ticket.pk).update(
            checklist=[
                {
                    "question": f"Langkah pemeriksaan nomor {n}: periksa kabel dan lampu port",
                    "note": "Catatan petugas yang cukup panjang. " * 3,
                    "outcome": "not_fixed",
                }
                for n in range(1, steps + 1)
            ],
            diagnosis="Konektor RJ45 putus di ruang rapat. " * (steps // 5 + 1),
        )
        counts.add(
            assert_kept_together(
                render_disruption_form(ticket),
                "Pengesahan",
                "Pengguna / Pelapor",
                "Andi Saputra",
                "NIP. 199001012015031001",
            )
        )
    assert len(counts) > 1


def test_the_technicians_drawn_signature_is_on_the_signed_form(
    helpdesk_user, ranked_technician, agency
):
    from silajar.accounts import services as accounts_services
    from silajar.core.tests.files import signature_data_url as another_drawing

    accounts_services.user_signature_set(user=ranked_technician, signature=another_drawing())
    ticket = resolved_ticket(helpdesk_user, ranked_technician, agency)
    assert len(images(read(render_disruption_form(ticket))[0])) == 1  # not signed yet
    services.ticket_sign_off(
        ticket=ticket,
        actor=ranked_technician,
        signer_name="Siti Aminah",
        signature=signature_data_url(),
    )
    reader, _ = read(render_disruption_form(ticket))
    assert len(images(reader)) == 3  # the QR code, the user's and the technician's signature
