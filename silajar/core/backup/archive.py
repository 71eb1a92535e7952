"""The archive itself: its members, their checksums, the uploaded files, and unpacking with
every checksum checked against the manifest before anything is used."""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
MEDIA_PREFIX = "media/"
STAGING_PREFIX = ".restore-"
COPY_BYTES = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


class _HashingReader:
    """Reads a file for tarfile while computing its SHA-256."""

    def __init__(self, stream: IO[bytes]):
        self.stream, self.sha256 = stream, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.sha256.update(data)
        return data


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def media_files(root: Path | None = None) -> Iterator[tuple[str, Path]]:
    """(archive-relative POSIX name, path) of every uploaded file, staging folders left out."""
    root = root or media_root()
    if not root.is_dir():
        return
    for directory, subdirs, files in os.walk(root):
        here = Path(directory)
        if here == root:
            subdirs[:] = [d for d in subdirs if not d.startswith(STAGING_PREFIX)]
        subdirs.sort()
        for name in sorted(files):
            path = here / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


def add_file(tar: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    """Add the file at `path` as member `name`; its size and SHA-256 for the manifest."""
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as stream:
        reader = _HashingReader(stream)
        tar.addfile(info, reader)
    return {"size": info.size, "sha256": reader.sha256.hexdigest()}


def _damaged(reason: str) -> BackupError:
    return BackupError(
        _("The backup archive is damaged or not a SiLaJar backup: %(reason)s") % {"reason": reason}
    )


def _safe_member_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise _damaged(_("unsafe file name %(name)s.") % {"name": name})
    return path


def unpack(archive: Path, staging: Path) -> dict[str, Any]:
    """Unpack every member into `staging`, checking each against the manifest; return it."""
    seen: dict[str, dict[str, Any]] = {}
    manifest = None
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                _safe_member_path(member.name)
                source = tar.extractfile(member) if member.isfile() else None
                if source is None:
                    raise _damaged(_("unexpected entry %(name)s.") % {"name": member.name})
                if member.name == MANIFEST:
                    try:
                        manifest = json.loads(source.read(1024 * 1024 * 64))
                    except ValueError:
                        raise _damaged(_("the manifest cannot be read.")) from None
                    continue
                if member.name != DATA and not member.name.startswith(MEDIA_PREFIX):
                    raise _damaged(_("unexpected entry %(name)s.") % {"name": member.name})
                destination = staging / member.name
                destination.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                with destination.open("wb") as out:
                    while block := source.read(COPY_BYTES):
                        digest.update(block)
                        size += len(block)
                        out.write(block)
                seen[member.name] = {"size": size, "sha256": digest.hexdigest()}
    except BackupError:
        raise
    except FileNotFoundError:
        raise BackupError(_("There is no file %(path)s.") % {"path": archive}) from None
    except (tarfile.TarError, EOFError, OSError, ValueError) as error:
        raise _damaged(str(error) or type(error).__name__) from None
    if not isinstance(manifest, dict):
        raise _damaged(_("it has no manifest."))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(
            _(
                "This backup has format version %(found)s; this version of SiLaJar restores "
                "format version %(expected)s only."
            )
            % {"found": manifest.get("format"), "expected": FORMAT_VERSION}
        )
    expected = manifest.get("files") or {}
    for name in sorted(set(expected) | set(seen)):
        if name not in seen:
            raise _damaged(_("%(name)s is missing.") % {"name": name})
        if name not in expected:
            raise _damaged(_("%(name)s is not listed in the manifest.") % {"name": name})
        if seen[name] != expected[name]:
            raise _damaged(_("%(name)s does not match its checksum.") % {"name": name})
    if DATA not in seen:
        raise _damaged(_("%(name)s is missing.") % {"name": DATA})
    return manifest
