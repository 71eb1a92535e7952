"""QR codes that point back to a record (segno; no network, no image files)."""

import segno


def _make(url: str):
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str, *, scale: int = 4) -> str:
    """An inline <svg> element for a web page."""
    return _make(url).svg_inline(scale=scale)


def qr_data_uri(url: str, *, scale: int = 4) -> str:
    """A PNG data URI, for documents rendered offline (WeasyPrint embeds it as an image)."""
    return _make(url).png_data_uri(scale=scale, border=2)
