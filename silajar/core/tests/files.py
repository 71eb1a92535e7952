"""File contents for upload tests, and the files stored under MEDIA_ROOT."""

import base64
import io
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_bytes(size: tuple[int, int] = (40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (255, 255, 255)).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    """A minimal PDF that passes the upload check."""
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def signature_data_url() -> str:
    """A drawn signature as the signature pad sends it."""
    return "data:image/png;base64," + base64.b64encode(png_bytes()).decode()


def upload_file(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def media_files() -> set[Path]:
    """Every file under MEDIA_ROOT (to check that a refused request stored nothing)."""
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()
