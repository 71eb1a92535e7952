"""check_upload on PDFs: parsed (object streams decompressed), at least one page, no active
content; and images bounded in pixels. The hostile files against every upload field are in
silajar/quality/tests/test_upload_attacks.py."""

import io
import re
import struct
import zlib

import pytest
from django.utils import translation
from PIL import Image
from pypdf import PdfWriter
from pypdf.errors import DependencyError

from silajar.core import uploads
from silajar.core.errors import DomainError
from silajar.core.tests.files import pdf_document
from silajar.core.uploads import KIND_JPEG, KIND_PDF, KIND_PNG, check_upload

DAMAGED = "The PDF file is damaged or incomplete."
NO_PAGES = "The PDF has no pages."
PROTECTED = (
    "The PDF is protected with a password. Save it without a password or scan the paper instead."
)
ACTIVE = (
    "The PDF contains scripts, actions that run by themselves or embedded files, which are not "
    "accepted. Print it to a plain PDF or scan the paper instead."
)
JS_ACTION = b"<< /S /JavaScript /JS (app.alert(1)) >>"


def upload(content: bytes, name: str = "surat.pdf") -> io.BytesIO:
    buffer = io.BytesIO(content)
    buffer.name = name
    return buffer


def refusal(content: bytes, allowed=(KIND_PDF,)) -> str:
    with translation.override("en"), pytest.raises(DomainError) as refused:
        check_upload(upload(content), allowed=allowed)
    return refused.value.message


def written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def scanned_letter() -> bytes:
    """A scan as a scanner or phone app writes it: one page holding one image."""
    buffer = io.BytesIO()
    Image.new("L", (850, 1100), 230).save(buffer, format="PDF", resolution=100)
    return buffer.getvalue()


def without_xref_entry(pdf: bytes, number: int) -> bytes:
    """`pdf` (with a cross-reference stream of /W [1 4 2]) with object `number` marked free:
    the object stays inside the object stream, but the table no longer lists it."""
    table = pdf.index(b"stream\n", pdf.index(b"/Type /XRef")) + len(b"stream\n")
    entry = table + 7 * number
    return pdf[:entry] + b"\x00\x00\x00\x00\x00\xff\xff" + pdf[entry + 7 :]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(pdf_document(), id="one-page"),
        pytest.param(pdf_document(pages=3, compressed=True), id="object-streams"),
        pytest.param(scanned_letter(), id="scanned-image"),
        pytest.param(
            pdf_document(
                page=b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] "
                b"/A << /S /URI /URI (https://diskominfo.kalbarprov.go.id/) >> >>]",
                compressed=True,
            ),
            id="web-link",
        ),
        pytest.param(
            pdf_document(objects={9: b"<< /Length 8 >>\nstream\n\x00/JS \x01/EF\nendstream"}),
            id="active-names-by-chance-in-binary-stream-data",
        ),
    ],
)
def test_real_pdfs_are_accepted(content):
    checked = check_upload(upload(content), allowed=(KIND_PDF,))
    assert checked.kind == KIND_PDF
    assert checked.content == content


def test_a_pdf_locked_only_against_editing_is_opened_and_accepted():
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="", owner_password="pemilik", algorithm="RC4-128")
    assert check_upload(upload(written(writer)), allowed=(KIND_PDF,)).kind == KIND_PDF


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"%PDF-1.4\nhello\n%%EOF", DAMAGED, id="no-pdf-inside"),
        pytest.param(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", DAMAGED, id="no-root"),
        pytest.param(pdf_document()[:-200] + b"\n%%EOF\n", DAMAGED, id="truncated"),
        pytest.param(pdf_document(pages=0), NO_PAGES, id="no-pages"),
        pytest.param(pdf_document(pages=0, compressed=True), NO_PAGES, id="no-pages-compressed"),
    ],
)
def test_pdfs_that_do_not_parse_or_have_no_page_are_refused(content, message):
    assert refusal(content) == message


def test_a_pdf_that_needs_a_password_to_open_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="rahasia", algorithm="RC4-128")
    assert refusal(written(writer)) == PROTECTED


def test_an_encryption_pypdf_cannot_undo_is_refused_as_protected(monkeypatch):
    def unsupported(self, password):
        raise DependencyError("cryptography is required for AES")

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="", owner_password="pemilik", algorithm="RC4-128")
    monkeypatch.setattr(uploads.PdfReader, "decrypt", unsupported)
    assert refusal(written(writer)) == PROTECTED


ACTIVE_PARTS = {
    "openaction-javascript": {"catalog": b"/OpenAction 9 0 R", "objects": {9: JS_ACTION}},
    "names-tree-javascript": {
        "catalog": b"/Names << /JavaScript << /Names [(a) 9 0 R] >> >>",
        "objects": {9: JS_ACTION},
    },
    "page-action-javascript": {"page": b"/AA << /O 9 0 R >>", "objects": {9: JS_ACTION}},
    "hex-escaped-name": {"catalog": b"/OpenAction << /S /J#61vaScript /J#53 (x) >>"},
    "js-key-alone": {"catalog": b"/OpenAction << /JS (app.alert(1)) >>"},
    "launch": {"catalog": b"/OpenAction << /S /Launch /F (cmd.exe) >>"},
    "submit-form": {
        "page": b"/AA << /C 9 0 R >>",
        "objects": {9: b"<< /S /SubmitForm /F (https://x.example/) >>"},
    },
    "import-data": {"catalog": b"/OpenAction << /S /ImportData /F (a.fdf) >>"},
    "rich-media": {
        "page": b"/Annots [9 0 R]",
        "objects": {9: b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 9 9] >>"},
    },
    "xfa-form": {"catalog": b"/AcroForm << /Fields [] /XFA 9 0 R >>", "objects": {9: b"[]"}},
    "embedded-files": {
        "catalog": b"/Names << /EmbeddedFiles << /Names [(a.exe) 9 0 R] >> >>",
        "objects": {9: b"<< /Type /Filespec /F (a.exe) >>"},
    },
    "embedded-file-stream": {
        "objects": {9: b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream"}
    },
    "file-attachment-annotation": {
        "page": b"/Annots [9 0 R]",
        "objects": {9: b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] >>"},
    },
}


@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "in-object-stream"])
@pytest.mark.parametrize("part", ACTIVE_PARTS)
def test_active_content_is_refused_wherever_it_is_stored(part, compressed):
    content = pdf_document(compressed=compressed, **ACTIVE_PARTS[part])
    if compressed and b"stream\nMZ" not in content:
        assert not re.search(rb"JavaScript|Launch|Submit|Import|Rich|XFA|Embedded|Attach", content)
    assert refusal(content) == ACTIVE


def test_javascript_hidden_in_an_object_stream_the_table_does_not_list_is_refused():
    listed = pdf_document(compressed=True, objects={9: JS_ACTION})
    hidden = without_xref_entry(listed, 9)
    assert refusal(hidden) == ACTIVE


def test_a_pdf_of_too_many_objects_is_refused_before_it_is_walked(monkeypatch):
    monkeypatch.setattr(uploads, "PDF_MAX_OBJECTS", 10)
    content = pdf_document(objects={n: b"<< >>" for n in range(9, 20)})
    assert refusal(content) == (
        "The PDF has too many parts to be checked. Print it to a plain PDF or scan the paper "
        "instead."
    )


def test_a_parser_crash_is_a_damaged_pdf(monkeypatch):
    def crash(*args, **kwargs):
        raise RecursionError("nested too deep")

    monkeypatch.setattr(uploads, "PdfReader", crash)
    assert refusal(pdf_document()) == DAMAGED


# --- images are bounded in pixels ------------------------------------------------------------


def image_bytes(size, kind, mode="RGB", **options) -> bytes:
    buffer = io.BytesIO()
    image = Image.new(mode, size, "navy")
    image.save(buffer, format="PNG" if kind == KIND_PNG else "JPEG", **options)
    return buffer.getvalue()


def opened(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


@pytest.mark.parametrize(
    ("size", "kind", "mode", "bounded"),
    [
        ((3200, 1600), KIND_PNG, "RGB", (2560, 1280)),
        ((900, 3000), KIND_PNG, "RGBA", (768, 2560)),
        ((3200, 2400), KIND_JPEG, "RGB", (2560, 1920)),
        ((2600, 2600), KIND_PNG, "P", (2560, 2560)),
    ],
)
def test_a_large_image_comes_back_scaled_down_in_its_own_format(size, kind, mode, bounded):
    content = image_bytes(size, kind, mode)

    checked = check_upload(upload(content, f"foto.{kind}"), allowed=(KIND_PNG, KIND_JPEG))

    image = opened(checked.content)
    assert image.size == bounded
    assert checked.kind == kind
    assert image.format == {KIND_PNG: "PNG", KIND_JPEG: "JPEG"}[kind]
    assert len(checked.content) < len(content) or kind == KIND_PNG


def test_a_photo_keeps_its_orientation_when_scaled_down():
    exif = Image.Exif()
    exif[0x0112] = 6  # taken with the phone turned: viewers rotate it 90°
    content = image_bytes((3200, 2400), KIND_JPEG, exif=exif.tobytes())

    checked = check_upload(upload(content, "foto.jpg"), allowed=(KIND_JPEG,))

    image = opened(checked.content)
    assert image.size == (2560, 1920)
    assert image.getexif()[0x0112] == 6


def test_an_image_that_fits_is_kept_byte_for_byte():
    content = image_bytes((2560, 1000), KIND_PNG)
    assert check_upload(upload(content, "foto.png"), allowed=(KIND_PNG,)).content == content


def test_an_original_the_law_needs_is_kept_as_uploaded():
    content = image_bytes((5000, 3500), KIND_JPEG)

    checked = check_upload(upload(content, "scan.jpg"), allowed=(KIND_JPEG,), keep_original=True)

    assert checked.content == content


def test_a_smaller_bound_can_be_asked_for():
    content = image_bytes((3000, 1000), KIND_PNG, "RGBA")
    checked = check_upload(upload(content, "ttd.png"), allowed=(KIND_PNG,), max_side=1200)
    assert opened(checked.content).size == (1200, 400)


def png_bomb(width: int, height: int) -> bytes:
    """A 1-bit PNG of width × height black pixels, a few hundred KB, written row by row."""
    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("size", [(7000, 7000), (20_000, 20_000)], ids=["49-mp", "400-mp"])
def test_a_decompression_bomb_is_refused_clearly(size):
    content = png_bomb(*size)
    assert len(content) < 1024 * 1024

    with translation.override("en"), pytest.raises(DomainError) as refused:
        check_upload(upload(content, "foto.png"), allowed=(KIND_PNG,))

    assert refused.value.message == "The image is too large (too many pixels)."
