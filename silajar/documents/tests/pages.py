"""Checks on the rendered pages of a document (pypdf): nothing orphaned across a page break."""

from __future__ import annotations

import io

from pypdf import PdfReader


def squash(text: str) -> str:
    """Without any white space (pypdf splits kerned pairs and joins table cells)."""
    return "".join(text.split())


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, squashed, without the running footer ("Halaman 1 dari 2" and the note
    before it)."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        lines = page.extract_text().splitlines()
        body = [line for line in lines if "Halaman" not in line or "dari" not in line]
        pages.append(squash("\n".join(body)))
    return pages


def page_of(pages: list[str], text: str) -> int:
    """The last page holding `text` (a signer named in the text above signs at the end)."""
    wanted = squash(text)
    found = [index for index, page in enumerate(pages) if wanted in page]
    assert found, f"{text!r} is on no page"
    return found[-1]


def assert_kept_together(pdf: bytes, *texts: str) -> int:
    """`texts` (the closing lines, the signers' titles and names, the copies) all on one page,
    and no page empty (no page holding only what a break pushed over, such as a link); returns
    the number of pages."""
    pages = page_texts(pdf)
    where = {text: page_of(pages, text) for text in texts}
    assert len(set(where.values())) == 1, f"split across pages: {where}"
    assert all(pages), "an empty page"
    return len(pages)
