"""Demo data of the shared machinery: Indonesian national holidays and collective leave days
(SKB 3 Menteri) for the demo calendar (administrators keep the real list on the calendar page);
and the helpers every app's demo replays its past with (`clock_at`, `tiny_png`)."""

from __future__ import annotations

import hashlib
import struct
import zlib
from base64 import b64encode
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any
from unittest import mock

from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils import timezone

from silajar.core.models import Holiday
from silajar.core.services import holiday_add

HOLIDAYS_2026 = [
    (date(2026, 1, 1), "Tahun Baru 2026 Masehi", "national"),
    (date(2026, 1, 16), "Isra Mikraj Nabi Muhammad SAW", "national"),
    (date(2026, 2, 16), "Cuti Bersama Tahun Baru Imlek", "collective_leave"),
    (date(2026, 2, 17), "Tahun Baru Imlek 2577 Kongzili", "national"),
    (date(2026, 3, 18), "Cuti Bersama Hari Suci Nyepi", "collective_leave"),
    (date(2026, 3, 19), "Hari Suci Nyepi Tahun Baru Saka 1948", "national"),
    (date(2026, 3, 20), "Idulfitri 1447 Hijriah", "national"),
    (date(2026, 3, 21), "Idulfitri 1447 Hijriah", "national"),
    (date(2026, 3, 23), "Cuti Bersama Idulfitri", "collective_leave"),
    (date(2026, 3, 24), "Cuti Bersama Idulfitri", "collective_leave"),
    (date(2026, 4, 3), "Wafat Yesus Kristus", "national"),
    (date(2026, 5, 1), "Hari Buruh Internasional", "national"),
    (date(2026, 5, 14), "Kenaikan Yesus Kristus", "national"),
    (date(2026, 5, 15), "Cuti Bersama Kenaikan Yesus Kristus", "collective_leave"),
    (date(2026, 5, 27), "Iduladha 1447 Hijriah", "national"),
    (date(2026, 5, 31), "Hari Raya Waisak 2570 BE", "national"),
    (date(2026, 6, 1), "Hari Lahir Pancasila", "national"),
    (date(2026, 6, 16), "Tahun Baru Islam 1448 Hijriah", "national"),
    (date(2026, 8, 17), "Hari Kemerdekaan Republik Indonesia", "national"),
    (date(2026, 8, 25), "Maulid Nabi Muhammad SAW", "national"),
    (date(2026, 12, 24), "Cuti Bersama Hari Raya Natal", "collective_leave"),
    (date(2026, 12, 25), "Hari Raya Natal", "national"),
]


@transaction.atomic
def seed(*, actor: AbstractUser, password: str, options: Mapping[str, Any]) -> str | None:
    """The demo holidays that are missing."""
    for day, name, kind in HOLIDAYS_2026:
        if not Holiday.objects.filter(date=day).exists():
            holiday_add(actor=actor, date=day, name=name, kind=kind)
    return None


def tiny_png() -> str:
    """A small valid PNG (a line on white) as the data URL a drawn signature arrives as."""
    width, height = 60, 20
    rows = b"".join(
        b"\x00" + b"".join(b"\x00" if y == height // 2 else b"\xff" for _x in range(width))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return "data:image/png;base64," + b64encode(png).decode()


@contextmanager
def clock_at() -> Iterator[list]:
    """Inside, `timezone.now()` answers moment[0] (set by the caller) — so auto_now fields,
    the audit trail and the services' own timestamps all carry the step's moment."""
    moment: list = [None]
    real = timezone.now
    with mock.patch.object(timezone, "now", lambda: moment[0] or real()):
        yield moment


def demo_nip(name: str, *, sex: int = 1) -> str:
    """A made-up but well-formed NIP for the demo person or head `name` (the same every run):
    born 1966–1985, appointed at 24 to 30 years of age, sequence 001–029 (core.validators)."""
    digest = hashlib.sha256(name.encode()).digest()
    born = date(1966 + digest[0] % 20, 1 + digest[1] % 12, 1 + digest[2] % 28)
    appointed_year, appointed_month = born.year + 24 + digest[3] % 7, 1 + digest[4] % 12
    return f"{born:%Y%m%d}{appointed_year}{appointed_month:02d}{sex}{1 + digest[5] % 29:03d}"


def demo_phone(name: str) -> str:
    """A made-up Pontianak office number for `name`, as the demo's contact lines show them."""
    digest = hashlib.sha256(name.encode()).digest()
    return f"(0561) 7{int.from_bytes(digest[:4]) % 100000:05d}"


def demo_signature(name: str) -> str:
    """A made-up drawn signature for `name` (a pen stroke, the same every run), as the
    signature pad sends it: a PNG data URL."""
    from io import BytesIO

    from PIL import Image, ImageDraw

    digest = hashlib.sha256(name.encode()).digest()
    image = Image.new("RGBA", (360, 120), (255, 255, 255, 0))
    points = [(20 + i * 320 // 11, 25 + digest[i] % 75) for i in range(12)]
    draw = ImageDraw.Draw(image)
    draw.line(points, fill=(20, 30, 90, 255), width=4, joint="curve")
    draw.line([(30, 100), (330, 92)], fill=(20, 30, 90, 255), width=3)
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + b64encode(buffer.getvalue()).decode("ascii")
