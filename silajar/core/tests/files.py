"""File contents for upload tests, and the files stored under MEDIA_ROOT."""

import base64
import io
import struct
import zlib
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_bytes(size: tuple[int, int] = (40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (255, 255, 255)).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    """A small real PDF (one blank A4 page) that passes the upload check."""
    return pdf_document()


def pdf_document(
    *,
    catalog: bytes = b"",
    page: bytes = b"",
    objects: dict[int, bytes] | None = None,
    compressed: bool = False,
    pages: int = 1,
) -> bytes:
    """A well-formed PDF: a catalog (object 1) with `catalog` in its dictionary, a page tree
    (2) of `pages` blank A4 pages (3, 4, …) with `page` in the first one's dictionary, and the
    extra `objects` (number → body) after them.

    With `compressed`, every object but the pages and streams (`<< … >>\nstream\n…`) goes into
    one Flate-compressed object stream behind a cross-reference stream (PDF 1.5), as modern
    writers do: none of its names appear in the file's bytes."""
    leaves = list(range(3, 3 + pages))
    kids = b" ".join(b"%d 0 R" % n for n in leaves)
    bodies = {
        1: b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        2: b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        **{
            n: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            + (page if n == 3 else b"")
            + b" >>"
            for n in leaves
        },
        **(objects or {}),
    }
    if compressed:
        streams = {n for n, body in bodies.items() if b"\nstream\n" in body}
        return _pdf_with_object_stream(bodies, plain={*leaves, *streams})
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(bodies):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + bodies[number] + b"\nendobj\n"
    size = max(bodies) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += (
            b"%010d 00000 n \n" % offsets[number]
            if number in offsets
            else b"0" * 10 + b" 65535 f \n"
        )
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def _pdf_with_object_stream(bodies: dict[int, bytes], plain: set[int]) -> bytes:
    inside = [n for n in sorted(bodies) if n not in plain]
    header, data = bytearray(), bytearray()
    for number in inside:
        header += b"%d %d " % (number, len(data))
        data += bodies[number] + b"\n"
    packed = zlib.compress(bytes(header + data))
    stream_number = max(bodies) + 1
    xref_number = stream_number + 1
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    entries = {n: (2, stream_number, i) for i, n in enumerate(inside)}
    for number in sorted(plain):
        entries[number] = (1, len(out), 0)
        out += b"%d 0 obj\n" % number + bodies[number] + b"\nendobj\n"
    entries[stream_number] = (1, len(out), 0)
    out += (
        b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n"
        % (stream_number, len(inside), len(header), len(packed))
        + b"stream\n"
        + packed
        + b"\nendstream\nendobj\n"
    )
    entries[xref_number] = (1, len(out), 0)
    table = b"".join(
        struct.pack(">BIH", *entries.get(n, (0, 0, 65535))) for n in range(xref_number + 1)
    )
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\n"
        % (xref_number, xref_number + 1, len(table))
        + b"stream\n"
        + table
        + b"\nendstream\nendobj\n"
    )
    out += b"startxref\n%d\n%%%%EOF\n" % entries[xref_number][1]
    return bytes(out)


def signature_data_url() -> str:
    """A drawn signature as the signature pad sends it."""
    return "data:image/png;base64," + base64.b64encode(png_bytes()).decode()


def upload_file(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def media_files() -> set[Path]:
    """Every file under MEDIA_ROOT (to check that a refused request stored nothing)."""
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()
