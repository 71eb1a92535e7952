"""HTML templates → PDF with WeasyPrint, offline.

Documents are rendered from Django templates. Relative and `/static/…` URLs resolve to the
app's own static files on disk; `data:` URIs are embedded; anything else (http, https, ftp,
arbitrary files) is refused, so rendering never touches the network or the file system
outside the static files."""

from __future__ import annotations

import base64
import io
import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from PIL import Image

# WeasyPrint reports every rendering step at INFO; keep the logs for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

# the project's own static folder (vendor assets, silajar.css), also when no finder lists it
PROJECT_STATIC = Path(__file__).resolve().parent.parent / "static"
# the shipped stand-in for the province's coat of arms (README, "Letterhead": the real one)
PLACEHOLDER_EMBLEM = "documents/emblem-placeholder.svg"
DEFAULT_LETTERHEAD = {
    "place": "Pontianak",  # where the office's letters are dated ("Pontianak, 30 November 2026")
    "government": "PEMERINTAH PROVINSI KALIMANTAN BARAT",
    "office": "DINAS KOMUNIKASI DAN INFORMATIKA",
    "address": "Jl. Ahmad Yani No. 1, Pontianak 78124",
    "phone": "",
    "email": "",
    "website": "",
    # an image file: a path inside the static files, or an absolute path on the server
    "emblem": PLACEHOLDER_EMBLEM,
}
CONTENT_TYPES = {
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}


def letterhead() -> dict[str, str]:
    """The letterhead lines, from settings.SILAJAR_LETTERHEAD over the defaults, and the coat
    of arms embedded as `emblem_uri` (empty when no file is found)."""
    head = {**DEFAULT_LETTERHEAD, **getattr(settings, "SILAJAR_LETTERHEAD", {})}
    head["emblem_uri"] = emblem_uri(head.get("emblem", ""))
    return head


def emblem_uri(name: str) -> str:
    """The coat of arms `name` (a static file's path, or an absolute path) as a data URI."""
    if not name:
        return ""
    path = Path(name)
    if not path.is_absolute():
        found = static_path(f"{settings.STATIC_URL}{name}") if not name.startswith("/") else None
        path = found or PROJECT_STATIC / name
    if not path.is_file():
        logging.getLogger(__name__).warning("letterhead emblem not found: %s", name)
        return ""
    content_type = CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")
    return image_data_uri(path.read_bytes(), content_type)


def base_url() -> str:
    """The URL documents resolve relative links against (static files are served locally)."""
    return f"{settings.SILAJAR_BASE_URL.rstrip('/')}/"


def static_path(url: str) -> Path | None:
    """The local file behind a static URL of this app, or None."""
    path = urlsplit(url).path
    prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/"
    if not path.startswith(prefix):
        return None
    relative = unquote(path[len(prefix) :])
    if not relative or ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    if found:
        return Path(found)
    for root in (Path(settings.STATIC_ROOT), PROJECT_STATIC):
        candidate = root / relative
        if candidate.is_file():
            return candidate
    return None


class LocalFetcher(URLFetcher):
    """Serves this app's static files from disk and `data:` URIs; refuses everything else."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        local_prefixes = (base_url(), "file://")
        if url.startswith(local_prefixes):
            path = static_path(url)
            if path is not None:
                return URLFetcherResponse(
                    url,
                    body=path.read_bytes(),
                    headers={
                        "Content-Type": CONTENT_TYPES.get(
                            path.suffix.lower(), "application/octet-stream"
                        )
                    },
                )
        raise ValueError(f"Documents may only use local static files: {url}")


def image_data_uri(content: bytes, content_type: str = "image/png") -> str:
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"


def stored_image_uri(file, content_type: str = "image/png", *, max_px: int = 0) -> str:
    """A stored image (a FieldFile) read from storage and embedded, never fetched over the
    network; with `max_px`, scaled down to fit that box and re-encoded as JPEG (photos)."""
    if not file:
        return ""
    with file.open("rb") as handle:
        content = handle.read()
    if max_px:
        with Image.open(io.BytesIO(content)) as image:
            if max(image.size) > max_px or content_type != "image/jpeg":
                image.thumbnail((max_px, max_px))
                buffer = io.BytesIO()
                image.convert("RGB").save(buffer, format="JPEG", quality=80)
                content, content_type = buffer.getvalue(), "image/jpeg"
    return image_data_uri(content, content_type)


def render_html(template_name: str, context: dict | None = None) -> str:
    return render_to_string(template_name, {"letterhead": letterhead(), **(context or {})})


def render_pdf(template_name: str, context: dict | None = None) -> bytes:
    """Render a Django template to PDF bytes (A4 and margins come from the template's CSS)."""
    html = render_html(template_name, context)
    return HTML(string=html, base_url=base_url(), url_fetcher=LocalFetcher()).write_pdf()
