"""Factories shared by every app's tests."""

import base64
import io
from pathlib import Path

import factory
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from silajar.accounts.models import User
from silajar.organizations.models import Location, Organization

TEST_PASSWORD = "Uji-Kata-Sandi-2026"  # noqa: S105


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Dinas Uji Coba {n} Provinsi Kalimantan Barat")
    short_name = factory.Sequence(lambda n: f"DUC{n}")
    kind = "dinas"
    address = "Jl. Ahmad Yani, Pontianak"
    head_name = "Drs. Kepala Uji"
    head_title = "Kepala Dinas"


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organization = factory.SubFactory(OrganizationFactory)
    building = "Gedung Utama"
    floor = factory.Sequence(lambda n: str(n % 5 + 1))
    room = factory.Sequence(lambda n: f"Ruang {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    full_name = factory.Sequence(lambda n: f"Pengguna Uji {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))
        self.save()
        self.__dict__.pop("role_codes", None)


# --- file contents for upload tests ---------------------------------------------------------


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
