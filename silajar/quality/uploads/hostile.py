"""Building blocks of hostile files: images and PDFs with something appended or inside,
decompression bombs, and workbooks that are bombs, lies or nonsense."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image

from silajar.core.tests.files import pdf_bytes


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
