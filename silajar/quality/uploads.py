"""Upload attacks as data: what an attacker sends, and every upload field of the app.

`PAYLOADS` are hostile files (wrong magic bytes, polyglots, bombs, empty, oversized, hostile
names); `TARGETS` are the upload fields, each saying how an allowed user posts a file to it
and which state would keep it. `silajar/quality/tests/test_upload_attacks.py` sends every
payload to every target that accepts its family of file. Adding a target is one
`UploadTarget(...)` entry with an `arrange` function (see the ticket ones below)."""

from __future__ import annotations

import base64
import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse
from PIL import Image
from rest_framework.test import APIClient

from silajar.core.testing import pdf_bytes, png_bytes

# Families of upload field: what kind of content a field takes.
FILE = "file"  # a PDF, JPEG or PNG checked by content (attachments, signed forms, letters)
DATA_URL = "data_url"  # a drawn signature: `data:image/png;base64,…` in a form/JSON field
SPREADSHEET = "spreadsheet"  # a CSV or XLSX list to import

REFUSED = "refused"  # 400 with a clear message, nothing stored
STORED_SAFELY = "stored_safely"  # accepted: random stored name, safe display name

SIGNATURE_MAX_BYTES = 512 * 1024  # silajar.tickets.services.SIGNATURE_MAX_BYTES
IMPORT_MAX_BYTES = 2 * 1024 * 1024  # silajar.organizations.importexport.reading.MAX_IMPORT_BYTES


# --- building blocks of hostile files --------------------------------------------------------


def jpeg_bytes(size: tuple[int, int] = (8, 8), comment: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, format="JPEG", comment=comment)
    return buffer.getvalue()


def pdf_with(body: bytes) -> bytes:
    """A minimal PDF (that passes the upload check) with `body` among its objects."""
    return pdf_bytes().replace(b"trailer", body + b"\ntrailer")


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A real decompression bomb: a ~100 KB PNG of 900 million pixels (1 bit, all black),
    compressed row by row so building it never holds the raw image in memory."""
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed pixels
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def jpeg_bomb() -> bytes:
    """A small JPEG whose frame header claims 65 000 × 65 000 pixels."""
    data = bytearray(jpeg_bytes())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", 65_000, 65_000)
    return bytes(data)


XLSX_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def workbook_members() -> dict[str, bytes]:
    """The members of a real workbook as openpyxl writes it (header row only)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Singkatan", "Nama"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    return {info.filename: source.read(info.filename) for info in source.infolist()}


SHEET = "xl/worksheets/sheet1.xml"


def xlsx_with_sheet(sheet_xml: str) -> bytes:
    """A real workbook whose first sheet is replaced by `sheet_xml`."""
    return zip_bytes({**workbook_members(), SHEET: sheet_xml.encode()})


def xlsx_huge_sheet() -> bytes:
    """5 KB that claim the whole grid (A1:XFD1048576) and fill its last row: without a bound,
    reading it pads every row to 16 384 cells (gigabytes of memory)."""
    return xlsx_with_sheet(
        f'<worksheet xmlns="{XLSX_MAIN}"><dimension ref="A1:XFD1048576"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Singkatan</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>X</t></is></c></row>'
        "</sheetData></worksheet>"
    )


def xlsx_wide_rows() -> bytes:
    """No dimension, but 6 000 rows each with a cell in the last column (XFD)."""
    rows = "".join(
        f'<row r="{r}"><c r="XFD{r}" t="inlineStr"><is><t>x</t></is></c></row>'
        for r in range(1, 6001)
    )
    return xlsx_with_sheet(
        f'<worksheet xmlns="{XLSX_MAIN}"><sheetData>{rows}</sheetData></worksheet>'
    )


def xlsx_broken_cells() -> bytes:
    """A well-formed sheet with nonsense in it (a row number and a number that are words)."""
    return xlsx_with_sheet(
        f'<worksheet xmlns="{XLSX_MAIN}"><sheetData><row r="x"><c r="A1" t="n"><v>abc</v></c>'
        "</row></sheetData></worksheet>"
    )


def xlsx_billion_laughs() -> bytes:
    entities = '<!ENTITY l0 "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    )
    return xlsx_with_sheet(
        f'<?xml version="1.0"?><!DOCTYPE w [{entities}]><worksheet xmlns="{XLSX_MAIN}">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&l9;</t></is></c></row>'
        "</sheetData></worksheet>"
    )


def xlsx_zip_bomb() -> bytes:
    """A workbook whose sheet unpacks to 200 MB (whitespace; ~200 KB packed), written in
    chunks so building it never holds the unpacked sheet in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in workbook_members().items():
            if name != SHEET:
                archive.writestr(name, content)
        with archive.open(SHEET, "w") as member:
            member.write(f'<worksheet xmlns="{XLSX_MAIN}"><sheetData>'.encode())
            chunk = b" " * (1024 * 1024)
            for _ in range(200):
                member.write(chunk)
            member.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def xlsx_forged_sizes() -> bytes:
    """The same bomb, lying: its headers say every member unpacks to 10 bytes."""
    data = bytearray(xlsx_zip_bomb())
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + offset : start + offset + 4] = struct.pack("<I", 10)
            start += 4
    return bytes(data)


class SizedReader(io.RawIOBase):
    """`size` bytes starting with `head` and padded with zeros, produced as they are read."""

    def __init__(self, size: int, head: bytes, name: str):
        self.size, self.head, self.name, self.position = size, head, name, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = min(len(buffer), self.size - self.position)
        chunk = (self.head[self.position :] + b"\x00" * count)[:count]
        buffer[:count] = chunk
        self.position += count
        return count


# --- payloads --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Payload:
    """One hostile file. `content(max_bytes)` builds it for a target with that size limit."""

    name: str
    filename: str
    content: Callable[[int], bytes | io.RawIOBase]
    families: frozenset[str]
    expect: str = REFUSED
    description: str = ""


def _constant(data: bytes | Callable[[], bytes]) -> Callable[[int], bytes]:
    return lambda _max_bytes: data() if callable(data) else data


HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.domain)</script></svg>"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
BINARY = frozenset({FILE, DATA_URL, SPREADSHEET})
IMAGES = frozenset({FILE, DATA_URL})

PAYLOADS: tuple[Payload, ...] = (
    Payload("exe_as_pdf", "laporan.pdf", _constant(EXE), BINARY, description="MZ header"),
    Payload("exe_as_csv", "opd.csv", _constant(EXE), frozenset({SPREADSHEET})),
    Payload("html_as_png", "foto.png", _constant(HTML), IMAGES),
    Payload("html_as_xlsx", "opd.xlsx", _constant(HTML), frozenset({SPREADSHEET})),
    Payload("svg_script", "gambar.png", _constant(SVG), IMAGES),
    Payload("svg_named_svg", "gambar.svg", _constant(SVG), frozenset({FILE})),
    Payload(
        "jpeg_pdf_html_polyglot",
        "foto.jpg",
        _constant(lambda: jpeg_bytes() + pdf_with(HTML)),
        frozenset({FILE}),
        description="a real JPEG with a PDF holding HTML appended",
    ),
    Payload(
        "jpeg_comment_script",
        "foto.jpg",
        _constant(lambda: jpeg_bytes(comment=HTML)),
        frozenset({FILE}),
        description="HTML/JS in the JPEG comment segment",
    ),
    Payload(
        "png_gifar_zip",
        "foto.png",
        _constant(lambda: png_bytes() + zip_bytes({"Exploit.class": b"\xca\xfe\xba\xbe"})),
        IMAGES,
        description="GIFAR-like: a real PNG with a Java archive appended",
    ),
    Payload(
        "png_trailing_html",
        "foto.png",
        _constant(lambda: png_bytes() + HTML),
        IMAGES,
    ),
    Payload(
        "pdf_zip_polyglot",
        "surat.pdf",
        _constant(lambda: pdf_bytes() + zip_bytes({"a.html": HTML}) + b"\n%%EOF\n"),
        frozenset({FILE}),
    ),
    Payload(
        "pdf_javascript",
        "surat.pdf",
        _constant(lambda: pdf_with(b"3 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj")),
        frozenset({FILE}),
        description="a PDF with an embedded JavaScript action",
    ),
    Payload("pdf_without_eof", "surat.pdf", _constant(b"%PDF-1.4\n" + HTML), frozenset({FILE})),
    Payload(
        "png_truncated",
        "foto.png",
        _constant(lambda: png_bytes((64, 64))[:60]),
        IMAGES,
    ),
    Payload("png_decompression_bomb", "foto.png", _constant(png_bomb), IMAGES),
    Payload("jpeg_decompression_bomb", "foto.jpg", _constant(jpeg_bomb), frozenset({FILE})),
    Payload("zero_bytes_image", "kosong.png", _constant(b""), IMAGES),
    Payload("zero_bytes_csv", "kosong.csv", _constant(b""), frozenset({SPREADSHEET})),
    Payload(
        "oversized_png",
        "besar.png",
        lambda max_bytes: SizedReader(max_bytes + 1, png_bytes(), "besar.png"),
        IMAGES,
        description="one byte over the field's limit",
    ),
    Payload(
        "oversized_csv",
        "besar.csv",
        lambda max_bytes: SizedReader(max_bytes + 1, b"Singkatan\r\n", "besar.csv"),
        frozenset({SPREADSHEET}),
    ),
    Payload("png_named_xlsx", "opd.xlsx", _constant(png_bytes), frozenset({SPREADSHEET})),
    Payload(
        "zip_not_xlsx",
        "opd.xlsx",
        _constant(lambda: zip_bytes({"readme.txt": b"hello"})),
        frozenset({SPREADSHEET}),
    ),
    Payload("xlsx_zip_bomb", "opd.xlsx", _constant(xlsx_zip_bomb), frozenset({SPREADSHEET})),
    Payload(
        "xlsx_forged_sizes", "opd.xlsx", _constant(xlsx_forged_sizes), frozenset({SPREADSHEET})
    ),
    Payload("xlsx_huge_sheet", "opd.xlsx", _constant(xlsx_huge_sheet), frozenset({SPREADSHEET})),
    Payload("xlsx_wide_rows", "opd.xlsx", _constant(xlsx_wide_rows), frozenset({SPREADSHEET})),
    Payload(
        "xlsx_broken_cells", "opd.xlsx", _constant(xlsx_broken_cells), frozenset({SPREADSHEET})
    ),
    Payload(
        "xlsx_billion_laughs", "opd.xlsx", _constant(xlsx_billion_laughs), frozenset({SPREADSHEET})
    ),
    # hostile names on a valid file: accepted, but stored under a random name and shown safely
    *(
        Payload(f"name_{label}", name, _constant(png_bytes), frozenset({FILE}), STORED_SAFELY)
        for label, name in (
            ("traversal", "../../../../etc/passwd.png"),
            ("traversal_windows", "..\\..\\windows\\win.ini.png"),
            ("absolute", "/var/www/index.png"),
            ("nul", "foto.png\x00.html"),
            ("rtl_override", "foto\u202egnp.exe.png"),
            ("long_unicode", "ĝ" * 300 + "😀" * 50 + ".png"),
            ("windows_reserved", "CON.png"),
            ("html_name", '"><img src=x onerror=alert(1)>.png'),
            ("header_injection", "a.png\r\nSet-Cookie: x=1"),
        )
    ),
)


# --- targets ---------------------------------------------------------------------------------


@dataclass
class Scene:
    """What a target needs from the test: fixtures to make users and records."""

    make_user: Callable[..., Any]
    agency: Any
    location: Any

    def client(self, user) -> Client:
        client = Client()
        client.force_login(user, backend="silajar.accounts.backends.UsernameOrEmailBackend")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    def api(self, user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client


@dataclass
class Armed:
    """A target ready to receive: `send(filename, content)` posts one file (content is bytes
    or a readable with a `.name`); `kept()` is the state that would record an upload."""

    send: Callable[[str, Any], Any]
    kept: Callable[[], Any]
    stored_names: Callable[[], list[str]] = field(default=lambda: [])
    api: bool = False


@dataclass(frozen=True)
class UploadTarget:
    name: str
    family: str
    max_bytes: int
    arrange: Callable[[Scene], Armed]
    refused_status: int = 400  # the import page re-renders its form (200) with the error


def as_upload(filename: str, content) -> Any:
    """A file object as the test client sends it (its name is the multipart filename)."""
    if isinstance(content, bytes | bytearray):
        content = io.BytesIO(content)
    content.name = filename
    return content


def as_data_url(content) -> str:
    raw = content if isinstance(content, bytes) else content.read()
    return "data:image/png;base64," + base64.b64encode(raw).decode()


def make_ticket(scene: Scene, *, resolved: bool = False):
    from silajar.accounts.roles import Role
    from silajar.tickets import services

    helpdesk = scene.make_user(Role.HELPDESK)
    ticket = services.ticket_create(
        actor=helpdesk,
        channel="phone",
        organization=scene.agency,
        location=scene.location,
        reporter_name="Budi",
        description="Internet mati",
        scope="whole_location",
    )
    if not resolved:
        return ticket, helpdesk, None
    technician = scene.make_user(Role.TECHNICIAN)
    ticket = services.ticket_triage(ticket=ticket, actor=helpdesk)
    ticket = services.ticket_dispatch(ticket=ticket, actor=helpdesk, technician=technician)
    ticket = services.ticket_start(ticket=ticket, actor=technician)
    ticket = services.ticket_resolve(
        ticket=ticket, actor=technician, diagnosis="Kabel putus", action_taken="Ganti kabel"
    )
    return ticket, helpdesk, technician


def _attachments_kept(ticket):
    from silajar.core.models import AuditEvent
    from silajar.tickets.models import Attachment

    return lambda: (
        list(Attachment.objects.filter(ticket=ticket).values_list("pk", flat=True)),
        AuditEvent.objects.count(),
    )


def _attachment_names(ticket):
    from silajar.tickets.models import Attachment

    return lambda: list(
        Attachment.objects.filter(ticket=ticket).values_list("file", "original_name")
    )


def _sign_kept(ticket):
    from silajar.core.models import AuditEvent
    from silajar.tickets.models import Ticket

    return lambda: (
        Ticket.objects.filter(pk=ticket.pk)
        .values_list("state", "version", "signature", "signed_form")
        .get(),
        AuditEvent.objects.count(),
    )


def _signed_names(ticket):
    from silajar.tickets.models import Ticket

    def names():
        row = Ticket.objects.get(pk=ticket.pk)
        return [(row.signed_form.name, "")] if row.signed_form else []

    return names


def desk_attachment(scene: Scene) -> Armed:
    ticket, helpdesk, _ = make_ticket(scene)
    client, url = scene.client(helpdesk), reverse("tickets:attachment_add", args=[ticket.pk])
    return Armed(
        send=lambda name, content: client.post(url, {"file": as_upload(name, content)}),
        kept=_attachments_kept(ticket),
        stored_names=_attachment_names(ticket),
    )


def api_attachment(scene: Scene) -> Armed:
    ticket, helpdesk, _ = make_ticket(scene)
    client = scene.api(helpdesk)
    url = f"/api/v1/tickets/{ticket.pk}/attachments/"
    return Armed(
        send=lambda name, content: client.post(
            url, {"file": as_upload(name, content)}, format="multipart"
        ),
        kept=_attachments_kept(ticket),
        stored_names=_attachment_names(ticket),
        api=True,
    )


def portal_report_photo(scene: Scene) -> Armed:
    from silajar.accounts.roles import Role
    from silajar.core.models import AuditEvent
    from silajar.tickets.models import Attachment, Ticket

    user = scene.make_user(Role.OPD_USER)
    client, url = scene.client(user), reverse("tickets:portal_report")

    def send(name, content):
        data = {
            "scope": "whole_location",
            "location": scene.location.pk,
            "description": "Wi-Fi mati",
            "photo": as_upload(name, content),
        }
        return client.post(url, data)

    return Armed(
        send=send,
        kept=lambda: (
            Ticket.objects.count(),
            Attachment.objects.count(),
            AuditEvent.objects.count(),
        ),
        stored_names=lambda: list(Attachment.objects.values_list("file", "original_name")),
    )


def _sign_with_file(page: str) -> Callable[[Scene], Armed]:
    def arrange(scene: Scene) -> Armed:
        from silajar.accounts.roles import Role

        ticket, helpdesk, technician = make_ticket(scene, resolved=True)
        if page == "desk":
            client = scene.client(helpdesk)
            url = reverse("tickets:action", args=[ticket.pk, "sign_off"])
            prefix = "sign_off-"
        elif page == "field":
            client, url, prefix = (
                scene.client(technician),
                reverse("tickets:field_sign", args=[ticket.pk]),
                "",
            )
        else:
            user = scene.make_user(Role.OPD_USER)
            client, url, prefix = (
                scene.client(user),
                reverse("tickets:portal_sign", args=[ticket.pk]),
                "",
            )

        def send(name, content):
            data = {
                f"{prefix}version": ticket.version,
                f"{prefix}signer_name": "Budi",
                f"{prefix}signed_form": as_upload(name, content),
            }
            return client.post(url, data)

        return Armed(send=send, kept=_sign_kept(ticket), stored_names=_signed_names(ticket))

    return arrange


def api_sign_with_file(scene: Scene) -> Armed:
    ticket, helpdesk, _ = make_ticket(scene, resolved=True)
    client = scene.api(helpdesk)
    url = f"/api/v1/tickets/{ticket.pk}/sign_off/"

    def send(name, content):
        data = {
            "version": ticket.version,
            "signer_name": "Budi",
            "signed_form": as_upload(name, content),
        }
        return client.post(url, data, format="multipart")

    return Armed(send=send, kept=_sign_kept(ticket), stored_names=_signed_names(ticket), api=True)


def _sign_drawn(page: str) -> Callable[[Scene], Armed]:
    def arrange(scene: Scene) -> Armed:
        from silajar.accounts.roles import Role

        ticket, helpdesk, technician = make_ticket(scene, resolved=True)
        if page == "field":
            client, url = scene.client(technician), reverse("tickets:field_sign", args=[ticket.pk])
        else:
            client = scene.client(scene.make_user(Role.OPD_USER))
            url = reverse("tickets:portal_sign", args=[ticket.pk])

        def send(_name, content):
            data = {"version": ticket.version, "signer_name": "Budi"}
            data["signature"] = as_data_url(content)
            return client.post(url, data)

        return Armed(send=send, kept=_sign_kept(ticket))

    return arrange


def api_sign_drawn(scene: Scene) -> Armed:
    ticket, helpdesk, _ = make_ticket(scene, resolved=True)
    client = scene.api(helpdesk)
    url = f"/api/v1/tickets/{ticket.pk}/sign_off/"

    def send(_name, content):
        data = {"version": ticket.version, "signer_name": "Budi", "signature": as_data_url(content)}
        return client.post(url, data, format="json")

    return Armed(send=send, kept=_sign_kept(ticket), api=True)


def organization_import(scene: Scene) -> Armed:
    from silajar.core.models import AuditEvent
    from silajar.organizations.models import Organization

    admin = scene.make_user(is_superuser=True, is_staff=True)
    client, url = scene.client(admin), reverse("organizations:import")
    return Armed(
        send=lambda name, content: client.post(url, {"file": as_upload(name, content)}),
        kept=lambda: (
            list(Organization.objects.order_by("pk").values_list("pk", "short_name", "name")),
            AuditEvent.objects.count(),
        ),
    )


def _installation(scene: Scene, state: str):
    """An installation request of the scene's agency walked to `state`, and its cast."""
    from silajar.installations.testing import Cast, walk_to

    cast = Cast(scene.agency)
    return walk_to(state, cast), cast


def _installation_kept(request=None):
    from silajar.core.models import AuditEvent
    from silajar.installations.models import InstallationRequest, SurveyPhoto

    rows = InstallationRequest.objects.all() if request is None else [request]
    return lambda: (
        [
            InstallationRequest.objects.filter(pk=r.pk)
            .values_list("state", "version", "letter_file", "signature", "signed_form")
            .get()
            for r in rows
        ],
        InstallationRequest.objects.count(),
        SurveyPhoto.objects.count(),
        AuditEvent.objects.count(),
    )


def _letter_data(scene: Scene, name: str, content) -> dict:
    return {
        "letter_number": "005/123/DINKES-UM/2026",
        "letter_date": "2026-01-05",
        "subject": "Permohonan pemasangan jaringan",
        "signatory_name": "dr. Harisson",
        "signatory_title": "Kepala Dinas Kesehatan",
        "description": "8 titik jaringan",
        "network_points": 8,
        "access_points": 1,
        "letter_file": as_upload(name, content),
    }


def _letter_names():
    from silajar.installations.models import InstallationRequest

    return list(InstallationRequest.objects.values_list("letter_file", "letter_file_name"))


def api_installation_letter(scene: Scene) -> Armed:
    from silajar.accounts.roles import Role

    client = scene.api(scene.make_user(Role.OPD_OPERATOR))
    return Armed(
        send=lambda name, content: client.post(
            "/api/v1/installation-requests/", _letter_data(scene, name, content), format="multipart"
        ),
        kept=_installation_kept(),
        stored_names=_letter_names,
        api=True,
    )


def installation_letter_page(scene: Scene) -> Armed:
    from silajar.accounts.roles import Role

    client = scene.client(scene.make_user(Role.OPD_OPERATOR))
    url = reverse("installations:create")
    return Armed(
        send=lambda name, content: client.post(url, _letter_data(scene, name, content)),
        kept=_installation_kept(),
        stored_names=_letter_names,
    )


def api_survey_photo(scene: Scene) -> Armed:
    from silajar.accounts.roles import Role
    from silajar.installations.models import SurveyPhoto

    request, cast = _installation(scene, "survey_assigned")
    client = scene.api(cast[Role.TECHNICIAN])
    url = f"/api/v1/installation-requests/{request.pk}/photos/"
    return Armed(
        send=lambda name, content: client.post(
            url, {"file": as_upload(name, content)}, format="multipart"
        ),
        kept=_installation_kept(request),
        stored_names=lambda: list(SurveyPhoto.objects.values_list("file", "original_name")),
        api=True,
    )


def _api_installation_sign(drawn: bool) -> Callable[[Scene], Armed]:
    def arrange(scene: Scene) -> Armed:
        from silajar.accounts.roles import Role
        from silajar.installations.models import InstallationRequest

        request, cast = _installation(scene, "installed")
        client = scene.api(cast[Role.OPD_USER])
        url = f"/api/v1/installation-requests/{request.pk}/sign_off/"

        def send(name, content):
            data = {"version": request.version, "signer_name": "Budi"}
            if drawn:
                return client.post(url, {**data, "signature": as_data_url(content)}, format="json")
            data["signed_form"] = as_upload(name, content)
            return client.post(url, data, format="multipart")

        def names():
            row = InstallationRequest.objects.get(pk=request.pk)
            return [(row.signed_form.name, "")] if row.signed_form else []

        return Armed(send=send, kept=_installation_kept(request), stored_names=names, api=True)

    return arrange


MAX = 10 * 1024 * 1024  # settings.SILAJAR_UPLOAD_MAX_BYTES

TARGETS: list[UploadTarget] = [
    UploadTarget("desk_attachment", FILE, MAX, desk_attachment),
    UploadTarget("api_attachment", FILE, MAX, api_attachment),
    UploadTarget("portal_report_photo", FILE, MAX, portal_report_photo),
    UploadTarget("desk_sign_off_scan", FILE, MAX, _sign_with_file("desk")),
    UploadTarget("field_sign_off_scan", FILE, MAX, _sign_with_file("field")),
    UploadTarget("portal_sign_off_scan", FILE, MAX, _sign_with_file("portal")),
    UploadTarget("api_sign_off_scan", FILE, MAX, api_sign_with_file),
    UploadTarget("field_signature_drawn", DATA_URL, SIGNATURE_MAX_BYTES, _sign_drawn("field")),
    UploadTarget("portal_signature_drawn", DATA_URL, SIGNATURE_MAX_BYTES, _sign_drawn("portal")),
    UploadTarget("api_signature_drawn", DATA_URL, SIGNATURE_MAX_BYTES, api_sign_drawn),
    UploadTarget("api_installation_letter", FILE, MAX, api_installation_letter),
    UploadTarget("installation_letter_page", FILE, MAX, installation_letter_page),
    UploadTarget("api_installation_survey_photo", FILE, MAX, api_survey_photo),
    UploadTarget("api_installation_sign_off_scan", FILE, MAX, _api_installation_sign(False)),
    UploadTarget(
        "api_installation_signature_drawn",
        DATA_URL,
        SIGNATURE_MAX_BYTES,
        _api_installation_sign(True),
    ),
    UploadTarget(
        "organization_import",
        SPREADSHEET,
        IMPORT_MAX_BYTES,
        organization_import,
        refused_status=200,
    ),
]


def cases() -> list[tuple[UploadTarget, Payload]]:
    """Every (target, payload) pair where the payload fits the target's family."""
    return [(t, p) for t in TARGETS for p in PAYLOADS if t.family in p.families]


def summary() -> str:
    pairs = cases()
    refused = sum(1 for _t, p in pairs if p.expect == REFUSED)
    return (
        f"upload attacks: {len(TARGETS)} targets × {len(PAYLOADS)} payloads → "
        f"{len(pairs)} cases ({refused} refused, {len(pairs) - refused} stored safely)"
    )
