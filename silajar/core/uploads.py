"""Checking uploaded files by their content, not by their name or the browser's word."""

from __future__ import annotations

import io
import os
import re
import struct
import unicodedata
import uuid
import warnings
import weakref
import zipfile
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PasswordType, PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

from silajar.core.errors import DomainError

KIND_PDF = "pdf"
KIND_JPEG = "jpeg"
KIND_PNG = "png"
CONTENT_TYPES = {KIND_PDF: "application/pdf", KIND_JPEG: "image/jpeg", KIND_PNG: "image/png"}
EXTENSIONS = {KIND_PDF: ".pdf", KIND_JPEG: ".jpg", KIND_PNG: ".png"}
KIND_LABELS = {KIND_PDF: "PDF", KIND_JPEG: "JPEG", KIND_PNG: "PNG"}
MAX_IMAGE_PIXELS = 40_000_000  # refuses decompression bombs before decoding
# Images are kept at most this long on either side (scaled down on upload, same format): a
# photo of a site or a device needs no more, and every page or PDF that shows it stays light.
PHOTO_MAX_SIDE = 2560
MAX_NAME_LENGTH = 150
# Names Windows keeps for devices: a download saved as "CON.png" cannot be opened there.
WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{n}" for n in range(1, 10)}
    | {f"LPT{n}" for n in range(1, 10)}
)
# Another format hidden in a PDF or an image (a polyglot): a web page or script a browser or
# a viewer could run. Long, specific markers, so compressed photo data never matches by chance.
ACTIVE_CONTENT = re.compile(
    rb"<script|<iframe|<html[\s>]|<!doctype\s+html|<\?php\s|javascript:", re.IGNORECASE
)
# PDF names (e.g. /JavaScript, or hex-escaped /J#61vaScript) that run code or carry files.
PDF_NAME = re.compile(rb"/(?:[A-Za-z0-9]|#[0-9A-Fa-f]{2})+")
PDF_ACTIVE_NAMES = frozenset(
    {b"JavaScript", b"JS", b"Launch", b"SubmitForm", b"ImportData", b"RichMedia", b"XFA"}
    | {b"EmbeddedFile", b"EmbeddedFiles", b"FileAttachment", b"EF", b"GoToE"}
)
# A stream's data (images, compressed text) is binary: names found in it are chance matches.
PDF_STREAM_DATA = re.compile(rb"(?<!end)stream(?:\r\n|\n).*?endstream", re.DOTALL)
PDF_MAX_OBJECTS = 100_000  # a scanned letter has tens; more is not a document to check


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


def safe_display_name(name: str, kind: str | None = None) -> str:
    """The user's file name reduced to something safe to show and to put in a header: no
    folders, no control or direction-changing characters, not a Windows device name, at most
    MAX_NAME_LENGTH characters; with `kind`, it ends with that kind's extension."""
    name = unicodedata.normalize("NFKC", os.path.basename((name or "").replace("\\", "/")))
    name = re.sub(r"[^\w.\- ()]+", "_", name).strip(" ._") or "berkas"
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    if kind is not None and f".{extension.lower()}" not in _extensions(kind):
        stem, extension = name, EXTENSIONS[kind].lstrip(".")
    if stem.split(".")[0].upper() in WINDOWS_RESERVED:
        stem = f"_{stem}"
    suffix = f".{extension}" if extension else ""
    return stem[: MAX_NAME_LENGTH - len(suffix)].rstrip(" .") + suffix


def _extensions(kind: str) -> tuple[str, ...]:
    return (".jpg", ".jpeg") if kind == KIND_JPEG else (EXTENSIONS[kind],)


def _sniff(content: bytes) -> str | None:
    if content.startswith(b"%PDF-"):
        return KIND_PDF
    if content.startswith(b"\xff\xd8\xff"):
        return KIND_JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return KIND_PNG
    return None


def _check_image(content: bytes, kind: str, max_side: int | None) -> bytes:
    """Refuse a damaged image or a decompression bomb; return the image scaled down to at
    most `max_side` pixels on either side (None: as uploaded), decoded once for both."""
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                image.verify()
            with Image.open(io.BytesIO(content)) as image:
                image.load()  # verify() misses truncated data; decoding finds it
                if max_side is None or max(image.size) <= max_side:
                    return content
                return _scaled_down(image, kind, max_side)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise DomainError(_("The image is too large (too many pixels).")) from None
    except Exception:  # noqa: BLE001 — any decoder error means a broken image
        raise DomainError(_("The image is damaged or not a real image.")) from None


def _scaled_down(image: Image.Image, kind: str, max_side: int) -> bytes:
    """`image` fitted into max_side × max_side, in its own format, keeping its orientation
    (EXIF), colour profile and resolution."""
    keep = {key: image.info[key] for key in ("exif", "icc_profile", "dpi") if key in image.info}
    if image.mode in ("1", "P"):  # resampled smoothly only with real grey or colour values
        smooth = "L" if image.mode == "1" else "RGBA" if "transparency" in image.info else "RGB"
        image = image.convert(smooth)
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    if kind == KIND_JPEG:
        image.save(buffer, format="JPEG", quality=88, **keep)
    else:
        image.save(buffer, format="PNG", **keep)
    return buffer.getvalue()


def _check_pdf(content: bytes) -> None:
    """A PDF must parse (pypdf, object streams decompressed), have at least one page and carry
    no active content: no script, no action that launches, submits or imports, no rich media,
    no embedded or attached file."""
    if b"%%EOF" not in content[-2048:]:
        raise DomainError(_("The PDF file is damaged or incomplete."))
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        _open_protected(reader)
        active = bool(_pdf_raw_names(content) & PDF_ACTIVE_NAMES) or _pdf_active_objects(reader)
        pages = len(reader.pages)
    except DomainError:
        raise
    except Exception:  # noqa: BLE001 — any parser error means a broken or unreadable PDF
        raise DomainError(_("The PDF file is damaged or incomplete.")) from None
    if active:
        raise DomainError(
            _(
                "The PDF contains scripts, actions that run by themselves or embedded files, "
                "which are not accepted. Print it to a plain PDF or scan the paper instead."
            )
        )
    if pages < 1:
        raise DomainError(_("The PDF has no pages."))


def _open_protected(reader: PdfReader) -> None:
    """A PDF protected by an owner password only opens with the empty password (and is then
    checked like any other); one that needs a password to open cannot be checked."""
    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except Exception:  # noqa: BLE001 — an encryption pypdf cannot undo without extra packages
        opened = PasswordType.NOT_DECRYPTED
    if opened == PasswordType.NOT_DECRYPTED:
        raise DomainError(
            _(
                "The PDF is protected with a password. Save it without a password or scan the "
                "paper instead."
            )
        )


def _pdf_raw_names(content: bytes) -> set[bytes]:
    """The names written in the file outside stream data (which is binary, and would match by
    chance), objects the cross-reference table leaves out included."""
    return {_pdf_name(m) for m in PDF_NAME.findall(PDF_STREAM_DATA.sub(b"", content))}


def _pdf_active_objects(reader: PdfReader) -> bool:
    """Whether any object the file lists, those inside compressed object streams included,
    names active content as a key or a value (at any depth)."""
    numbers = [(n, g) for g, table in reader.xref.items() for n in table]
    numbers += [(n, 0) for n in reader.xref_objStm]
    if len(numbers) > PDF_MAX_OBJECTS:
        raise DomainError(
            _(
                "The PDF has too many parts to be checked. Print it to a plain PDF or scan the "
                "paper instead."
            )
        )
    for number, generation in numbers:
        pending = [reader.get_object(IndirectObject(number, generation, reader))]
        while pending:
            item = pending.pop()
            if _pdf_active_item(item):
                return True
            if isinstance(item, DictionaryObject):
                pending.extend(NameObject(key) for key in item)
                pending.extend(item.values())
            elif isinstance(item, ArrayObject):
                pending.extend(item)
    return False


def _pdf_active_item(item: object) -> bool:
    if isinstance(item, NameObject):  # pypdf has undone #-escapes (/J#61vaScript)
        return item[1:].encode("utf-8", "replace") in PDF_ACTIVE_NAMES
    if isinstance(item, StreamObject) and item.get("/Type") == "/ObjStm":
        # the objects it holds, those the cross-reference table does not list included
        return bool(_pdf_raw_names(item.get_data()) & PDF_ACTIVE_NAMES)
    return False


def _pdf_name(token: bytes) -> bytes:
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), token[1:])


def _png_end(content: bytes) -> int:
    """Where a PNG's last chunk (IEND) ends; the length of the content if it has none."""
    position = 8
    while position + 12 <= len(content):
        (length,) = struct.unpack(">I", content[position : position + 4])
        kind = content[position + 4 : position + 8]
        position += 12 + length
        if kind == b"IEND":
            return position
    return len(content)


def _check_single_format(content: bytes, kind: str) -> None:
    """Refuse a polyglot: a file that is also a zip archive (GIFAR-like), a PDF hidden in an
    image, data after a PNG's end, or a web page or script anywhere inside."""
    hidden = (
        zipfile.is_zipfile(io.BytesIO(content))
        or ACTIVE_CONTENT.search(content) is not None
        or (kind != KIND_PDF and b"%PDF-" in content)
        or (kind == KIND_PNG and content[_png_end(content) :].strip(b"\x00 \r\n\t"))
    )
    if hidden:
        raise DomainError(
            _(
                "The file hides other content (a script, a web page or an archive) inside "
                "the %(kind)s. Save or scan it again as a plain %(kind)s."
            )
            % {"kind": KIND_LABELS[kind]}
        )


def check_upload(
    upload,
    *,
    allowed: tuple[str, ...],
    max_bytes: int | None = None,
    max_side: int = PHOTO_MAX_SIDE,
    keep_original: bool = False,
) -> CheckedFile:
    """Read an uploaded file and make sure it is what `allowed` permits, by its content.

    An image longer than `max_side` pixels on either side comes back scaled down to fit, in
    its own format; with `keep_original` (where the law needs the paper's image as it was
    uploaded: a scanned signed form, the request letter) it comes back exactly as uploaded.
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
    stored = content
    if kind == KIND_PDF:
        _check_pdf(content)
    else:
        stored = _check_image(content, kind, None if keep_original else max_side)
    _check_single_format(content, kind)
    return CheckedFile(stored, kind, safe_display_name(getattr(upload, "name", ""), kind))


def _too_large(max_bytes: int) -> str:
    return _("The file is larger than %(size)d MB.") % {"size": max_bytes // (1024 * 1024)}


M = TypeVar("M", bound=models.Model)


def store_file(model: type[models.Model], field_name: str, checked: CheckedFile) -> str:
    """Store `checked` in the storage of `model.field_name` and return the stored name.

    Call it inside the transaction of the change that refers to the file (as `audit_record`):
    the file lives exactly as long as that change. When the transaction, or any block around
    the call, rolls back (the service's own, or the caller's after the service returned), the
    file is deleted at that moment; once the transaction commits, it stays."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("store_file must be called inside the change's transaction")
    file_field = cast(models.FileField, model._meta.get_field(field_name))
    storage = file_field.storage
    content = checked.as_content_file()
    stored = storage.save(file_field.generate_filename(None, content.name or ""), content)
    _delete_on_rollback(connection, storage, stored)
    return stored


def file_row(model: type[M], checked: CheckedFile, **fields: Any) -> M:
    """A row (not saved yet) holding `checked` in its `file`, with the original name, type and
    size: an attachment, a photo. Stored like `store_file`, inside the change's transaction."""
    return model(
        file=store_file(model, "file", checked),
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=len(checked.content),
        **fields,
    )


class _Outcome:
    committed = False


def _delete_on_rollback(connection: BaseDatabaseWrapper, storage: Storage, name: str) -> None:
    """Django has no rollback hook, but it keeps an on_commit callback exactly as long as the
    transaction and every savepoint around its registration stand: a rollback of either
    discards it unrun. So the file goes when its callback is discarded unrun (a finalizer,
    deterministic in CPython)."""
    outcome = _Outcome()

    def committed() -> None:
        outcome.committed = True

    weakref.finalize(committed, _discarded, connection, outcome, storage, name)
    connection.on_commit(committed)


def _discarded(
    connection: BaseDatabaseWrapper, outcome: _Outcome, storage: Storage, name: str
) -> None:
    # Discarded inside a transaction: it, or a savepoint around the store, rolled back (or
    # the process exits with it still open: it never commits).
    # Discarded unrun in autocommit mode: the transaction committed, then an earlier on_commit
    # callback failed and Django skipped the rest: the row exists, keep its file.
    if not outcome.committed and not connection.get_autocommit():
        storage.delete(name)


def private_file_response(fieldfile, *, download_name: str, content_type: str, inline: bool):
    """Serve a stored upload after the caller checked access: never guessable, never sniffed;
    not found when nothing is stored."""
    if not fieldfile:
        raise Http404
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
