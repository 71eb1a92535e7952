"""Writing a backup: the rows of one snapshot to the data file, then the archive of it and of
the uploaded files, the manifest last, renamed into place only when complete."""

from __future__ import annotations

import io
import json
import os
import tarfile
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils import timezone

from silajar.core.backup.archive import (
    DATA,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_PREFIX,
    add_file,
    media_files,
)
from silajar.core.backup.rows import (
    applied_migrations,
    backed_up_models,
    read_snapshot,
    table_digest,
)


def app_version() -> str:
    try:
        return package_version("silajar")
    except PackageNotFoundError:
        return "unknown"


def backup_create(path: Path | str, *, progress: Callable[[str], Any] | None = None) -> dict:
    """Write the archive of the database and the uploaded files to `path`; returns the manifest.

    The archive is written beside `path` under a temporary name and renamed at the end, so a
    failed backup never leaves a half-written archive under the real name."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda _text: None)
    started = time.monotonic()
    manifest: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "application": "silajar",
        "app_version": app_version(),
        "created_at": timezone.now().isoformat(),
        "database_vendor": connection.vendor,
        "models": {},
        "files": {},
    }
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-") as scratch:
        data_path = Path(scratch) / DATA
        with read_snapshot():
            manifest["migrations"] = applied_migrations()
            with data_path.open("w", encoding="utf-8") as data:
                for model in backed_up_models():
                    count, digest = table_digest(model, data.write)
                    manifest["models"][model._meta.label_lower] = {
                        "rows": count,
                        "digest": digest,
                    }
                    if count:
                        say(f"{model._meta.label_lower}: {count}")
        partial = Path(scratch) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            manifest["files"][DATA] = add_file(tar, DATA, data_path)
            media = 0
            for name, file_path in media_files():
                manifest["files"][MEDIA_PREFIX + name] = add_file(
                    tar, MEDIA_PREFIX + name, file_path
                )
                media += 1
            say(f"media files: {media}")
            manifest["seconds"] = round(time.monotonic() - started, 3)
            body = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(body), int(time.time())
            tar.addfile(info, io.BytesIO(body))
        os.replace(partial, target)
    return manifest
