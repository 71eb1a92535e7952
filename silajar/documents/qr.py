"""QR codes that point back to a record (segno; no network, no image files)."""

from urllib.parse import urlsplit

import segno


def _make(url: str):
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str, *, scale: int = 4) -> str:
    """An inline <svg> element for a web page."""
    return _make(url).svg_inline(scale=scale)


def qr_data_uri(url: str, *, scale: int = 4) -> str:
    """A PNG data URI, for documents rendered offline (WeasyPrint embeds it as an image)."""
    return _make(url).png_data_uri(scale=scale, border=2)


LOCAL_HOSTS = ("localhost", "127.", "0.0.0.0", "[::1]", "::1", "testserver")  # noqa: S104  # nosec B104 — names compared, nothing bound


def public_address(url: str) -> str:
    """`url` as a QR caption prints it (host and path, no scheme: "silajar.kalbarprov.go.id/
    tiket/12/"), or empty when it points at this machine (a development address is never
    printed on a document)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host or host.startswith(LOCAL_HOSTS) or host.endswith(".localhost"):
        return ""
    return f"{parts.netloc}{parts.path}"
