"""What an upload target works with: the test's fixtures (`Scene`), a target armed to receive
a file (`Armed`), the target itself, and how a file is put in a form or a drawn signature."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient


@dataclass
class Scene:
    """What a target needs from the test: fixtures to make users and records."""

    make_user: Callable[..., Any]
    agency: Any
    location: Any

    def client(self, user) -> Client:
        client = Client()
        client.force_login(user, backend="silajar.accounts.backends.UsernameOrEmailBackend")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    def api(self, user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client


@dataclass
class Armed:
    """A target ready to receive: `send(filename, content)` posts one file (content is bytes
    or a readable with a `.name`); `kept()` is the state that would record an upload."""

    send: Callable[[str, Any], Any]
    kept: Callable[[], Any]
    stored_names: Callable[[], list[str]] = field(default=lambda: [])
    api: bool = False


@dataclass(frozen=True)
class UploadTarget:
    name: str
    family: str
    max_bytes: int
    arrange: Callable[[Scene], Armed]
    # the import page re-renders its form (200) with the error; the profile shows the message
    refused_status: int = 400
    # an image is stored at most this many pixels on either side; None: exactly as uploaded
    # (the law needs the original: a scanned signed form, the request letter)
    image_max_side: int | None = None


def as_upload(filename: str, content) -> Any:
    """A file object as the test client sends it (its name is the multipart filename)."""
    if isinstance(content, bytes | bytearray):
        content = io.BytesIO(content)
    content.name = filename
    return content


def as_data_url(content) -> str:
    raw = content if isinstance(content, bytes) else content.read()
    return "data:image/png;base64," + base64.b64encode(raw).decode()
