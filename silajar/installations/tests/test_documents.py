"""The documents of an installation request (reply letter, installation form, survey report) and
the pre-filled request letter (DOCX and PDF): A4, Indonesian, the record's data, a QR code back
to the request."""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from docx import Document
from pypdf import PdfReader

from silajar.accounts.roles import Role
from silajar.core.errors import DomainError
from silajar.core.tests.files import png_bytes, upload_file
from silajar.documents.tests.pages import assert_kept_together
from silajar.installations import documents, letter, services
from silajar.installations.choices import RequestState as S
from silajar.installations.tests.factories import Cast, act, walk_to
from silajar.organizations.tests.factories import LocationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(agency, make_user):
    return Cast(
        agency,
        section_head=make_user(
            Role.SECTION_HEAD,
            full_name="Ir. Hendra Wijaya, M.T.",
            nip="197503152000031002",
            rank="III/d",
        ),
        technician=make_user(
            Role.TECHNICIAN, full_name="Andi Saputra", nip="199001012015031001", rank="II/c"
        ),
    )


def read(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def layout_text(pdf: bytes) -> str:
    """pypdf's layout mode (its default mode drops lines next to long dotted runs)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "\n".join(page.extract_text(extraction_mode="layout") for page in pages)


def squash(text: str) -> str:
    """Without any white space (pypdf splits kerned pairs: "T ersedia")."""
    return "".join(text.split())


def flat(text: str) -> str:
    """The text with line breaks and repeated spaces folded (justified lines are spread)."""
    return " ".join(text.split())


def images(reader: PdfReader) -> list:
    """The distinct embedded images (pages may share one resource dictionary)."""
    found = {image.data: image for page in reader.pages for image in page.images}
    return list(found.values())


def link_uris(reader: PdfReader) -> list[str]:
    return [
        str(annotation.get_object()["/A"]["/URI"])
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/URI" in (annotation.get_object().get("/A") or {})
    ]


def assert_a4_with_qr(reader: PdfReader, installation) -> None:
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    url = documents.installation_url(installation)
    assert url == settings.SILAJAR_BASE_URL + reverse(
        "installations:detail", args=[installation.pk]
    )
    assert url in link_uris(reader)
    squares = [i for i in images(reader) if i.image.width == i.image.height]
    assert squares, "the QR code is an embedded square image"


def test_reply_letter_lists_the_needs_in_the_official_layout(cast, agency):
    installation = walk_to(S.AWAITING_EQUIPMENT, cast)
    reader, text = read(documents.render_reply_letter(installation))
    assert_a4_with_qr(reader, installation)
    words = flat(text)
    # kop surat, the number block and the date in Indonesian
    assert "PEMERINTAH PROVINSI KALIMANTAN BARAT" in text
    assert "DINAS KOMUNIKASI DAN INFORMATIKA" in text
    for label in ("Nomor", "Sifat", "Lampiran", "Perihal", "Tembusan"):
        assert label in text
    assert installation.reply_letter_number in text
    assert installation.reply_letter_number.startswith("555/")
    day = installation.reply_letter_date
    months = (
        "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
    )
    assert f"Pontianak, {day.day} {months.split()[day.month - 1]} {day.year}" in words
    assert f"Kepala {agency.name}" in words and "Tempat" in text
    # the agency's letter it answers, and the needs split by who provides them
    assert installation.letter_number in text
    assert "Switch 24 port" in text and "Gigabit, managed" in text
    assert "Kabel UTP Cat6" in text
    # who provides what, named as on the screens
    assert f"Disediakan oleh: Perangkat daerah pemohon ({agency.name})" in words
    assert "Disediakan oleh: Persediaan Diskominfo" in words
    # the survey note before the tables it introduces
    assert words.index("Perlu switch tambahan.") < words.index("Switch 24 port")
    # signed on behalf of the head of the office by the section head who issued it: the
    # delegation line, his position, name, rank and grade, NIP
    lines = [
        "a.n. Kepala Dinas Komunikasi dan Informatika Provinsi Kalimantan Barat",
        f"{settings.SILAJAR_LETTER_SIGNATORY_TITLE},",
        "Ir. Hendra Wijaya, M.T.",
        "Penata Tingkat I (III/d)",
        "NIP.197503152000031002",
    ]
    where = [squash(words).index(squash(line)) for line in lines]
    assert where == sorted(where), "the signature block's lines in order"
    # the Kepala Dinas only in the copies
    copies = words[words.index("Tembusan:") :]
    assert (
        "Kepala Dinas Komunikasi dan Informatika Provinsi Kalimantan Barat (sebagai laporan)"
        in copies
    )
    assert "Kepala UPDE" in copies
    # the QR caption is short and never a local address (the tests' base URL is local)
    assert "Pindai untuk memeriksa keaslian surat" in words and "127.0.0.1" not in text


def test_rejection_letter_states_the_lack_of_slot_and_the_reason(cast):
    installation = walk_to(S.REJECTED, cast)
    _, text = read(documents.render_reply_letter(installation))
    words = flat(text)
    assert installation.reply_letter_number in text
    assert "tidak tersedia slot atau tempat" in words
    assert "Tidak ada slot." in words  # the reason given
    assert "Switch 24 port" not in text


@pytest.mark.parametrize("state", [S.SUBMITTED, S.SURVEYED, S.CANCELLED])
def test_no_reply_letter_before_it_has_a_number(cast, state):
    installation = walk_to(state, cast)
    assert not documents.reply_letter_available(installation)
    with pytest.raises(DomainError):
        documents.render_reply_letter(installation)


def test_installation_form_before_signing_has_blank_lines(cast, agency):
    installation = walk_to(S.INSTALLED, cast)
    reader, text = read(documents.render_installation_form(installation))
    assert_a4_with_qr(reader, installation)
    words = flat(text)
    assert "FORMULIR PEMASANGAN JARINGAN" in text.upper()
    assert installation.number in text and agency.name in words
    assert installation.letter_number in text
    assert "10.20.30.40" in text and "95,50 Mbps" in words
    assert "Andi Saputra" in text and "199001012015031001" in text
    assert "Pengatur (II/c)" in text  # the technician's rank in his signature block
    assert "Sambungan aktif" in words and "link up" not in words.lower()
    assert "......" in text  # the agency signs on paper
    assert len(images(reader)) == 1  # only the QR code


def test_installation_form_embeds_the_drawn_signature(cast):
    installation = walk_to(S.COMPLETED, cast)
    reader, text = read(documents.render_installation_form(installation))
    assert "Budi Santoso" in text and "Ditandatangani" in text
    assert len(images(reader)) == 2  # the QR code and the signature


def test_installation_form_only_from_the_installation_on(cast):
    installation = walk_to(S.SURVEYED, cast)
    with pytest.raises(DomainError):
        documents.render_installation_form(installation)
    installation = act(installation, cast, "start_installation", "technician", {})
    _, text = read(documents.render_installation_form(installation))
    assert installation.number in text and "Ya / Tidak" in text


def test_survey_report_with_items_and_photos(cast, agency):
    installation = walk_to(S.SURVEYED, cast, adequate=False)
    for size in ((1600, 1200), (300, 200)):
        services.survey_photo_add(
            installation=installation,
            actor=cast["technician"],
            upload=upload_file(png_bytes(size), "lokasi.png"),
        )
    reader, text = read(documents.render_survey_report(installation))
    assert_a4_with_qr(reader, installation)
    words = flat(text)
    assert "BERITA ACARA SURVEI" in text.upper()
    assert "Switch 24 port" in text and "Kabel UTP Cat6" in text
    assert "Perlu switch tambahan." in text
    assert "Ketersediaanslot/tempat:Tersedia" in squash(text)
    assert "Persediaan Diskominfo" in words and "Perangkat daerah pemohon" in words
    assert "Andi Saputra" in text
    photos = [i for i in images(reader) if i.image.width != i.image.height]
    assert len(photos) == 2
    assert max(max(p.image.size) for p in photos) <= documents.PHOTO_MAX_PX  # scaled down
    assert (
        documents.survey_report_filename(installation)
        == f"berita-acara-survei-{installation.number}.pdf"
    )


def test_survey_report_only_after_the_survey(cast):
    with pytest.raises(DomainError):
        documents.render_survey_report(walk_to(S.SURVEY_ASSIGNED, cast))


def test_filenames(cast):
    installation = walk_to(S.AWAITING_EQUIPMENT, cast)
    assert (
        documents.reply_letter_filename(installation) == f"surat-balasan-{installation.number}.pdf"
    )
    assert (
        documents.installation_form_filename(installation)
        == f"formulir-pemasangan-{installation.number}.pdf"
    )


# --- the pre-filled request letter ---------------------------------------------------------


@pytest.fixture
def operator(make_user):
    return make_user(
        Role.OPD_OPERATOR, full_name="Budi Santoso", position="Operator Sistem Informasi"
    )


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


FILLED = {
    "letter_number": "005/77/DINKES-UM/2026",
    "letter_date": "2026-03-02",
    "subject": "Permohonan Pemasangan Jaringan Ruang Rapat",
    "signatory_name": "dr. Harisson, M.Kes.",
    "signatory_title": "Kepala Dinas Kesehatan",
    "signatory_nip": "197001011995031001",
    "description": "Pemasangan titik jaringan dan access point di ruang rapat.",
    "network_points": 8,
    "access_points": 2,
    "location_detail": "Ruang rapat lantai 2",
    "desired_date": "2026-04-15",
}


def test_request_letter_filled_in(agency, operator):
    place = LocationFactory(organization=agency, building="Gedung B")
    data = {**FILLED, "location": place.pk}
    pdf_text = flat(read(letter.request_letter_pdf(agency, operator, data))[1])
    word_text = flat(docx_text(letter.request_letter_docx(agency, operator, data)))
    for text in (pdf_text, word_text):
        # the agency's own letterhead: its name once, the province once
        assert "PEMERINTAH PROVINSI KALIMANTAN BARAT DINAS KESEHATAN" in text
        assert "DINAS KESEHATAN PROVINSI" not in text
        heading = text[: text.index("Pontianak, 2 Maret 2026")].upper()
        assert heading.count("PROVINSI KALIMANTAN BARAT") == 1
        assert "SiLaJar" not in text  # the agency's letter, not the system's
        assert agency.address in text
        assert "Kepala Dinas Komunikasi dan Informatika Provinsi Kalimantan Barat" in text
        assert "005/77/DINKES-UM/2026" in text and "Pontianak, 2 Maret 2026" in text
        assert "Permohonan Pemasangan Jaringan Ruang Rapat" in text
        assert "8 titik" in text and "2 unit" in text
        assert "Gedung B" in text and "Ruang rapat lantai 2" in text
        assert "15 April 2026" in text
        assert "dr. Harisson, M.Kes." in text and "197001011995031001" in text
        assert "cap/stempel" in text
        assert "Budi Santoso" in text  # the contact person
        assert "....." not in text  # everything was given: nothing left blank


def test_request_letter_blank_fields_are_dotted_lines(agency, operator):
    agency.head_name = agency.head_title = ""
    agency.save()
    for content, extract in (
        (letter.request_letter_pdf(agency, operator, {}), layout_text),
        (letter.request_letter_docx(agency, operator, {}), docx_text),
    ):
        text = extract(content)
        assert "Perihal" in text and "Permohonan Pemasangan" in text  # the default subject
        assert text.count("." * 20) >= 6  # number, date, needs, place, date wanted, signer
        assert "cap/stempel" in text


def test_request_letter_signatory_defaults_to_the_head_on_record(agency, operator):
    agency.head_name, agency.head_title = "Dr. Kepala Dinas Kesehatan", "Kepala Dinas Kesehatan"
    agency.save()
    context = letter.request_letter_context(agency, operator, {"desired_date": None})
    assert context["letter"]["signature"]["name"] == "Dr. Kepala Dinas Kesehatan"
    document = Document(io.BytesIO(letter.request_letter_docx(agency, operator, {})))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_request_letter_ignores_another_agencys_location(agency, other_agency, operator):
    foreign = LocationFactory(organization=other_agency, building="Gedung Dishub")
    context = letter.request_letter_context(agency, operator, {"location": foreign.pk})
    assert "Gedung Dishub" not in str(context["details"])


# --- nothing orphaned across pages -------------------------------------------------------------


def _with_items(installation, count: int, *, note_lines: int = 0):
    from silajar.installations.models import SurveyItem

    SurveyItem.objects.filter(request=installation).delete()
    SurveyItem.objects.bulk_create(
        SurveyItem(
            request=installation,
            order=index,
            name=f"Perangkat nomor {index}",
            specification="Gigabit, managed",
            quantity=index,
            provided_by="agency" if index % 2 else "diskominfo",
        )
        for index in range(1, count + 1)
    )
    type(installation).objects.filter(pk=installation.pk).update(
        survey_notes=" ".join(["Catatan survei yang panjang."] * 12 * note_lines)
    )
    return installation


def test_the_reply_letters_closing_signature_and_copies_stay_together(cast):
    installation = walk_to(S.AWAITING_EQUIPMENT, cast)
    counts = set()
    for items in range(1, 25, 2):
        pdf = documents.render_reply_letter(_with_items(installation, items))
        counts.add(
            assert_kept_together(
                pdf,
                "Setelah perangkat dan bahan",  # the last paragraph comes along
                "Demikian disampaikan",
                "a.n. Kepala Dinas Komunikasi dan Informatika Provinsi Kalimantan Barat",
                "Ir. Hendra Wijaya, M.T.",
                "NIP. 197503152000031002",
                "Tembusan:",
                "Kepala UPDE Dinas Komunikasi",
            )
        )
    assert {1, 2} <= counts  # the break fell before, inside and after the closing


@pytest.mark.parametrize("name", ["installation_form", "survey_report"])
def test_the_forms_approval_stays_with_both_signers(cast, name):
    installation = walk_to(S.INSTALLED, cast)
    render = getattr(documents, f"render_{name}")
    counts = set()
    for items in range(0, 40, 6):
        pdf = render(_with_items(installation, items, note_lines=1 if items else 0))
        counts.add(
            assert_kept_together(
                pdf, "Pengesahan", "Perwakilan DINKES", "Andi Saputra", "NIP. 199001012015031001"
            )
        )
    assert len(counts) > 1


# --- who must fill in what --------------------------------------------------------------------


def test_the_reply_letter_is_refused_while_its_signer_lacks_nip_or_rank(cast, client_as):
    installation = walk_to(S.AWAITING_EQUIPMENT, cast)
    hendra = cast["section_head"]
    type(hendra).objects.filter(pk=hendra.pk).update(rank="")
    with translation.override("id"), pytest.raises(DomainError) as refused:
        documents.render_reply_letter(installation)
    message = str(refused.value.message)
    assert "Surat balasan belum dapat dicetak" in message
    assert "pangkat/golongan dari Ir. Hendra Wijaya, M.T." in message
    assert "Profil saya" in message
    # the page says so instead of failing; the forms are not letters and still print
    response = client_as(hendra).get(
        reverse("installations:reply_letter_pdf", args=[installation.pk]),
        HTTP_ACCEPT_LANGUAGE="id",
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("installations:detail", args=[installation.pk])
    assert "pangkat/golongan" in response.content.decode()
    type(hendra).objects.filter(pk=hendra.pk).update(rank="III/d")
    assert documents.render_reply_letter(installation).startswith(b"%PDF")


# --- the survey report is a berita acara -------------------------------------------------------


def test_the_survey_report_is_a_numbered_berita_acara_with_captioned_photos(cast, agency):
    from silajar.documents.dates import day_in_words

    installation = walk_to(S.SURVEYED, cast)
    other = walk_to(S.SURVEYED, cast)
    assert installation.survey_report_number == f"555/1/BA-SURVEI/DISKOMINFO-B/{_year()}"
    assert other.survey_report_number == f"555/2/BA-SURVEI/DISKOMINFO-B/{_year()}"
    services.survey_photo_add(
        installation=installation,
        actor=cast["technician"],
        upload=upload_file(png_bytes((400, 300)), "IMG_20261207_104512.png"),
        caption="Rak server lantai 2, slot kosong 4U",
    )
    services.survey_photo_add(
        installation=installation,
        actor=cast["technician"],
        upload=upload_file(png_bytes((400, 300)), "IMG_20261207_104600.png"),
    )
    reader, text = read(documents.render_survey_report(installation))
    words = flat(text)
    assert f"Nomor: {installation.survey_report_number}" in words
    assert day_in_words(installation.surveyed_at) in words  # "Pada hari ini, Senin tanggal …"
    assert "Rak server lantai 2, slot kosong 4U" in words and "Foto 2" in words
    assert "IMG_2026" not in text  # captions, never file names
    # signed by the agency's representative and the technician (rank and NIP)
    squashed = squash(words)
    assert "PerwakilanDINKES" in squashed and "Pengatur(II/c)NIP.199001012015031001" in squashed


def _year() -> int:
    from django.utils import timezone

    return timezone.localdate().year


def test_the_technicians_drawn_signature_is_on_the_forms_he_completed(cast):
    from silajar.accounts import services as accounts_services
    from silajar.core.demo import demo_signature

    drawing = demo_signature("Andi Saputra")  # not the agency's (the same image would be one)
    accounts_services.user_signature_set(user=cast["technician"], signature=drawing)
    installed = walk_to(S.INSTALLED, cast)  # not signed off yet: no signature applied
    assert len(images(read(documents.render_installation_form(installed))[0])) == 1
    completed = walk_to(S.COMPLETED, cast)
    reader, _ = read(documents.render_installation_form(completed))
    assert len(images(reader)) == 3  # the QR code, the agency's and the technician's signature
    reader, _ = read(documents.render_survey_report(completed))
    assert len(images(reader)) == 2  # the QR code and the technician's signature
