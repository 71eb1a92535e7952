"""The hostile files, each with the families of upload field it is sent to and what must
happen: refused, or (for a hostile name on a valid file) stored safely."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from silajar.core.tests.files import pdf_bytes, pdf_document, png_bytes
from silajar.quality.uploads.hostile import (
    JS_ACTION,
    PDF_ACTIVE,
    SizedReader,
    jpeg_bomb,
    jpeg_bytes,
    pdf_active,
    pdf_protected,
    pdf_with,
    png_bomb,
    xlsx_billion_laughs,
    xlsx_broken_cells,
    xlsx_forged_sizes,
    xlsx_huge_sheet,
    xlsx_wide_rows,
    xlsx_zip_bomb,
    zip_bytes,
)

# Families of upload field: what kind of content a field takes.
FILE = "file"  # a PDF, JPEG or PNG checked by content (attachments, signed forms, letters)
DATA_URL = "data_url"  # a drawn signature: `data:image/png;base64,…` in a form/JSON field
SPREADSHEET = "spreadsheet"  # a CSV or XLSX list to import
PDF = "pdf"  # a PDF only, checked by content (a decision letter, kept as it was signed)

REFUSED = "refused"  # 400 with a clear message, nothing stored
STORED_SAFELY = "stored_safely"  # accepted: random stored name, safe display name


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
BINARY = frozenset({FILE, DATA_URL, SPREADSHEET, PDF})
# hostile images: refused as images, and where only a PDF is taken
IMAGES = frozenset({FILE, DATA_URL, PDF})
# the hostile documents, refused wherever a PDF is taken (files of any kind, or PDFs only)
DOCUMENTS = frozenset({FILE, PDF})

HOSTILE_NAMES = (
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

PAYLOADS: tuple[Payload, ...] = (
    Payload("exe_as_pdf", "laporan.pdf", _constant(EXE), BINARY, description="MZ header"),
    Payload("exe_as_csv", "opd.csv", _constant(EXE), frozenset({SPREADSHEET})),
    Payload("html_as_png", "foto.png", _constant(HTML), IMAGES),
    Payload("html_as_xlsx", "opd.xlsx", _constant(HTML), frozenset({SPREADSHEET})),
    Payload("svg_script", "gambar.png", _constant(SVG), IMAGES),
    Payload("svg_named_svg", "gambar.svg", _constant(SVG), DOCUMENTS),
    Payload(
        "jpeg_pdf_html_polyglot",
        "foto.jpg",
        _constant(lambda: jpeg_bytes() + pdf_with(b"(" + HTML + b")")),
        DOCUMENTS,
        description="a real JPEG with a PDF holding HTML appended",
    ),
    Payload(
        "jpeg_comment_script",
        "foto.jpg",
        _constant(lambda: jpeg_bytes(comment=HTML)),
        DOCUMENTS,
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
        DOCUMENTS,
    ),
    Payload(
        "pdf_javascript",
        "surat.pdf",
        _constant(lambda: pdf_document(catalog=b"/OpenAction 9 0 R", objects={9: JS_ACTION})),
        DOCUMENTS,
        description="a PDF with an embedded JavaScript action",
    ),
    *(
        Payload(
            f"pdf_compressed_{name}",
            "surat.pdf",
            _constant(lambda name=name: pdf_active(name)),
            DOCUMENTS,
            description="active content inside a compressed object stream",
        )
        for name in PDF_ACTIVE
    ),
    Payload("pdf_without_eof", "surat.pdf", _constant(b"%PDF-1.4\n" + HTML), DOCUMENTS),
    Payload(
        "pdf_not_parseable",
        "surat.pdf",
        _constant(b"%PDF-1.4\nhello\n%%EOF\n"),
        DOCUMENTS,
        description="the PDF signature and end marker around nothing",
    ),
    Payload(
        "pdf_without_pages",
        "surat.pdf",
        _constant(lambda: pdf_document(pages=0)),
        DOCUMENTS,
    ),
    Payload("pdf_password_protected", "surat.pdf", _constant(pdf_protected), DOCUMENTS),
    Payload(
        "png_truncated",
        "foto.png",
        _constant(lambda: png_bytes((64, 64))[:60]),
        IMAGES,
    ),
    Payload("png_decompression_bomb", "foto.png", _constant(png_bomb), IMAGES),
    Payload("jpeg_decompression_bomb", "foto.jpg", _constant(jpeg_bomb), DOCUMENTS),
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
    # a good image where only a PDF is taken
    Payload("png_for_pdf", "surat.png", _constant(png_bytes), frozenset({PDF})),
    # hostile names on a valid file: accepted, but stored under a random name and shown safely
    *(
        Payload(f"name_{label}", name, _constant(png_bytes), frozenset({FILE}), STORED_SAFELY)
        for label, name in HOSTILE_NAMES
    ),
    *(
        Payload(
            f"name_{label}_pdf",
            name.replace(".png", ".pdf"),
            _constant(pdf_bytes),
            frozenset({PDF}),
            STORED_SAFELY,
        )
        for label, name in HOSTILE_NAMES
    ),
)
