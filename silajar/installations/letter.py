"""The pre-filled request letter an agency operator downloads (DOCX to edit, PDF to print): the
agency's letter to the Kepala Dinas Kominfo asking for network installation, to be signed by the
head of the agency, stamped, scanned and uploaded with the request.

The wording is the fixed wording of an official Indonesian letter, written in Indonesian (like
the other printed documents). What the operator has not filled in yet is left as dotted lines
to complete by hand; the signatory defaults to the head of the agency on record."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.dateparse import parse_date
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from silajar.accounts.models import User
from silajar.documents.dates import long_date
from silajar.documents.pdf import letterhead, render_pdf
from silajar.organizations.models import Location, Organization

TEMPLATE = "documents/request_letter.html"
BLANK = "." * 45
BLANK_SHORT = "." * 25
STAMP = "(tanda tangan dan cap/stempel)"
DEFAULT_SUBJECT = "Permohonan Pemasangan Jaringan"


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return str(value).strip() if value is not None else ""


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    return parse_date(str(value)) if value else None


def _count(data: Mapping[str, Any], key: str, unit: str) -> str:
    value = data.get(key)
    if value in (None, ""):
        return BLANK_SHORT + f" {unit}"
    try:
        return f"{int(value)} {unit}"
    except (TypeError, ValueError):
        return BLANK_SHORT + f" {unit}"


def _place(organization: Organization, data: Mapping[str, Any]) -> str:
    value = data.get("location")
    if value not in (None, "") and not isinstance(value, Location):
        pk = str(value).strip()  # a location's id (from a form or the API)
        value = (
            Location.objects.filter(pk=int(pk), organization=organization).first()
            if pk.isdigit()
            else None
        )
    return str(value) if value else ""


def agency_office_line(organization: Organization, government: str) -> str:
    """The agency's name on its letterhead under the government's line, once: "DINAS
    KESEHATAN", not "DINAS KESEHATAN PROVINSI KALIMANTAN BARAT" under "PEMERINTAH PROVINSI
    KALIMANTAN BARAT"."""
    name = organization.name.upper()
    region = government.upper().removeprefix("PEMERINTAH").strip()
    if region and name.endswith(f" {region}"):
        name = name[: -len(region)].strip()
    return name


def request_letter_context(organization: Organization, user: User, data: Mapping[str, Any]) -> dict:
    """Everything the letter says, for both the DOCX and the PDF."""
    data = data or {}
    head = letterhead()
    place = head["place"]
    letter_day = _day(data.get("letter_date"))
    wanted = _day(data.get("desired_date"))
    signatory_title = _text(data, "signatory_title") or organization.head_title
    signatory_name = _text(data, "signatory_name") or organization.head_name
    signatory_nip = _text(data, "signatory_nip") or organization.head_nip
    with translation.override("id"):
        location = _place(organization, data)
    contact = user.get_full_name() if user is not None else ""
    if contact and user.position:
        contact += f" ({user.position})"
    reach = [v for v in (getattr(user, "phone", ""), getattr(user, "email", "")) if v]
    contact_line = (
        f"Untuk koordinasi lebih lanjut, dapat menghubungi Sdr. {contact}"
        + (f", {' / '.join(reach)}" if reach else "")
        + "."
        if contact
        else ""
    )
    kominfo = settings.SILAJAR_ORGANIZATION_NAME
    return {
        "agency": {
            "government": head["government"],
            "name": agency_office_line(organization, head["government"]),
            "address": organization.address,
            "phone": organization.phone,
            "email": organization.email,
        },
        "letter": {
            "number": _text(data, "letter_number") or BLANK,
            "place_date": f"{place}, {long_date(letter_day) if letter_day else BLANK_SHORT}",
            "nature": "Biasa",
            "attachment": "-",
            "subject": _text(data, "subject") or DEFAULT_SUBJECT,
            "addressee": [f"Kepala {kominfo}"],
            "destination": place,
            "signature": {
                "title_lines": [f"{signatory_title}," if signatory_title else BLANK],
                "name": signatory_name or BLANK,
                "nip": signatory_nip or BLANK_SHORT,
                "stamp": STAMP,
            },
            "copies": [],
        },
        "opening": (
            f"Dalam rangka mendukung kelancaran pelaksanaan tugas dan pelayanan pada "
            f"{organization.name}, bersama ini kami mengajukan permohonan pemasangan jaringan "
            f"kepada {kominfo} dengan rincian kebutuhan sebagai berikut:"
        ),
        "details": [
            ("Kebutuhan", _text(data, "description") or BLANK),
            ("Titik jaringan baru", _count(data, "network_points", "titik")),
            ("Titik akses nirkabel", _count(data, "access_points", "unit")),
            ("Lokasi (tempat terdaftar)", location or BLANK),
            ("Ruang/lantai", _text(data, "location_detail") or BLANK),
            ("Waktu yang diharapkan", long_date(wanted) if wanted else BLANK),
        ],
        "closing": [
            p
            for p in (
                contact_line,
                "Demikian permohonan ini kami sampaikan. Atas perhatian dan kerja samanya, "
                "kami ucapkan terima kasih.",
            )
            if p
        ],
    }


def request_letter_pdf(organization: Organization, user: User, data: Mapping[str, Any]) -> bytes:
    context = request_letter_context(organization, user, data)
    with translation.override("id"):
        return render_pdf(TEMPLATE, context)


# --- DOCX ----------------------------------------------------------------------------------


def _bottom_rule(paragraph) -> None:
    """The double line under the letterhead (a paragraph border: python-docx has no API)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    line = {"val": "thickThinSmallGap", "sz": "18", "space": "1", "color": "000000"}
    for name, value in line.items():
        bottom.set(qn(f"w:{name}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _paragraph(container, text: str = "", *, bold=False, size=None, align=None, indent=None,
               underline=False, after=None):  # fmt: skip
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        run.underline = underline
        if size:
            run.font.size = size
    if align is not None:
        paragraph.alignment = align
    if indent is not None:
        paragraph.paragraph_format.first_line_indent = indent
    paragraph.paragraph_format.space_after = after or Pt(0)
    return paragraph


def _cell_text(cell, text: str, **options) -> None:
    cell.paragraphs[0].text = ""
    lines = text.split("\n")
    first = cell.paragraphs[0]
    first.add_run(lines[0]).bold = options.get("bold", False)
    for line in lines[1:]:
        _paragraph(cell, line, bold=options.get("bold", False))


def request_letter_docx(organization: Organization, user: User, data: Mapping[str, Any]) -> bytes:
    """The same letter as an editable Word document (A4)."""
    context = request_letter_context(organization, user, data)
    agency, letter = context["agency"], context["letter"]
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(15), Mm(18)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    style.paragraph_format.space_after = Pt(0)

    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, agency["government"], bold=True, size=Pt(13), align=center)
    _paragraph(document, agency["name"], bold=True, size=Pt(15), align=center)
    contact = " · ".join(
        v for v in (agency["address"], agency["phone"] and f"Telepon {agency['phone']}") if v
    )
    last = _paragraph(document, contact, size=Pt(10), align=center)
    if agency["email"]:
        last = _paragraph(document, f"Pos-el: {agency['email']}", size=Pt(10), align=center)
    _bottom_rule(last)
    _paragraph(document)
    _paragraph(document, letter["place_date"], align=WD_ALIGN_PARAGRAPH.RIGHT, after=Pt(8))

    head = document.add_table(rows=4, cols=4)
    rows = [
        ("Nomor", letter["number"]),
        ("Sifat", letter["nature"]),
        ("Lampiran", letter["attachment"]),
        ("Perihal", letter["subject"]),
    ]
    for index, (label, value) in enumerate(rows):
        cells = head.rows[index].cells
        cells[0].text, cells[1].text = label, ":"
        _cell_text(cells[2], value, bold=label == "Perihal")
    addressee = head.cell(0, 3).merge(head.cell(3, 3))
    lines = ["Kepada", *(f"Yth. {a}" if i == 0 else a for i, a in enumerate(letter["addressee"]))]
    _cell_text(addressee, "\n".join([*lines, "di", f"      {letter['destination']}"]))
    for column, width in zip(head.columns, (Mm(22), Mm(5), Mm(68), Mm(70)), strict=True):
        for cell in column.cells:
            cell.width = width
    _paragraph(document)

    indent = Mm(12)
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    _paragraph(document, context["opening"], indent=indent, align=justify, after=Pt(6))
    details = document.add_table(rows=len(context["details"]), cols=3)
    details.alignment = WD_TABLE_ALIGNMENT.RIGHT
    for row, (label, value) in zip(details.rows, context["details"], strict=True):
        row.cells[0].text, row.cells[1].text = label, ":"
        _cell_text(row.cells[2], value)
        for cell, width in zip(row.cells, (Mm(50), Mm(5), Mm(98)), strict=True):
            cell.width = width
    _paragraph(document)
    for text in context["closing"]:
        _paragraph(document, text, indent=indent, align=justify, after=Pt(6))

    signature = letter["signature"]
    block = document.add_table(rows=1, cols=2).rows[0].cells[1]
    _cell_text(block, "\n".join(signature["title_lines"]))
    for paragraph in block.paragraphs:
        paragraph.alignment = center
    _paragraph(block, align=center)
    _paragraph(block, signature["stamp"], size=Pt(9), align=center)
    _paragraph(block, align=center)
    _paragraph(block, align=center)
    _paragraph(block, signature["name"], bold=True, underline=True, align=center)
    _paragraph(block, f"NIP. {signature['nip']}", align=center)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
