"""Checking uploaded files by their content, not by their name or the browser's word."""

from __future__ import annotations

import io
import os
import re
import unicodedata
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.utils.translation import gettext as _
from PIL import Image

from silajar.core.errors import DomainError

KIND_PDF = "pdf"
KIND_JPEG = "jpeg"
KIND_PNG = "png"
CONTENT_TYPES = {KIND_PDF: "application/pdf", KIND_JPEG: "image/jpeg", KIND_PNG: "image/png"}
EXTENSIONS = {KIND_PDF: ".pdf", KIND_JPEG: ".jpg", KIND_PNG: ".png"}
KIND_LABELS = {KIND_PDF: "PDF", KIND_JPEG: "JPEG", KIND_PNG: "PNG"}
MAX_IMAGE_PIXELS = 40_000_000  # refuses decompression bombs before decoding


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    kind: str
    original_name: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]

    def as_content_file(self) -> ContentFile:
        """A file with a random stored name (the original name is kept separately)."""
        return ContentFile(self.content, name=f"{uuid.uuid4().hex}{EXTENSIONS[self.kind]}")


def safe_display_name(name: str) -> str:
    """The user's file name reduced to something safe to show and to put in a header."""
    name = unicodedata.normalize("NFKC", os.path.basename((name or "").replace("\\", "/")))
    name = re.sub(r"[^\w.\- ()]+", "_", name).strip(" .") or "berkas"
    return name[:150]


def _sniff(content: bytes) -> str | None:
    if content.startswith(b"%PDF-"):
        return KIND_PDF
    if content.startswith(b"\xff\xd8\xff"):
        return KIND_JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return KIND_PNG
    return None


def _check_image(content: bytes) -> None:
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                image.verify()
            with Image.open(io.BytesIO(content)) as image:
                image.load()  # verify() misses truncated data; decoding finds it
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise DomainError(_("The image is too large (too many pixels).")) from None
    except Exception:  # noqa: BLE001 — any decoder error means a broken image
        raise DomainError(_("The image is damaged or not a real image.")) from None


def _check_pdf(content: bytes) -> None:
    if b"%%EOF" not in content[-2048:]:
        raise DomainError(_("The PDF file is damaged or incomplete."))


def check_upload(upload, *, allowed: tuple[str, ...], max_bytes: int | None = None) -> CheckedFile:
    """Read an uploaded file and make sure it is what `allowed` permits, by its content.

    Raises DomainError with a translated message (too large, empty, wrong type, damaged)."""
    max_bytes = max_bytes or settings.SILAJAR_UPLOAD_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise DomainError(_too_large(max_bytes))
    content = upload.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise DomainError(_too_large(max_bytes))
    if not content:
        raise DomainError(_("The file is empty."))
    kind = _sniff(content)
    if kind not in allowed:
        raise DomainError(
            _("This file is not an allowed type. Allowed: %(kinds)s.")
            % {"kinds": ", ".join(KIND_LABELS[k] for k in allowed)}
        )
    if kind == KIND_PDF:
        _check_pdf(content)
    else:
        _check_image(content)
    return CheckedFile(content, kind, safe_display_name(getattr(upload, "name", "")))


def _too_large(max_bytes: int) -> str:
    return _("The file is larger than %(size)d MB.") % {"size": max_bytes // (1024 * 1024)}


def private_file_response(fieldfile, *, download_name: str, content_type: str, inline: bool):
    """Serve a stored upload after the caller checked access: never guessable, never sniffed."""
    response = FileResponse(
        fieldfile.open("rb"),
        content_type=content_type,
        as_attachment=not inline,
        filename=safe_display_name(download_name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
