"""Backup and restore: the whole database and the uploaded files in one archive.

    python manage.py backup /srv/backup/silajar-2026-05-01.tar.gz
    python manage.py restore /srv/backup/silajar-2026-05-01.tar.gz [--force]

The archive is a gzip-compressed tar holding

* `data.jsonl` — every row of every model, one JSON object a line (Django's serialisation,
  so it loads into SQLite or PostgreSQL alike). Row ids are kept, so references between rows
  (and the audit trail's object ids) stay right; only content types and permissions — which
  every install creates for itself, with its own ids — are referred to by name;
* `media/…` — the uploaded files (MEDIA_ROOT);
* `manifest.json`, written last — format version, time, app version, the applied migrations,
  and per model its row count and a digest of its rows; the size and SHA-256 of every other
  member.

Rows are read in chunks inside one read-only snapshot, so memory stays bounded and the
backup is consistent while people keep working. A restore checks every checksum while it
unpacks into a staging folder, before anything is touched; then, in one transaction, it
empties the database, loads the rows in batches and resets PostgreSQL's sequences, checks the counts
and digests against the manifest, and moves the files into place. Any failure leaves the
database as it was.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Deserializer as JsonlDeserializer
from django.core.serializers.python import Serializer as PythonSerializer
from django.db import IntegrityError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
MEDIA_PREFIX = "media/"
STAGING_PREFIX = ".restore-"
CHUNK_ROWS = 2000
COPY_BYTES = 1024 * 1024
# Created by every install for itself (migrate), with ids of its own: referred to by name.
NATURAL_KEY_MODELS = (ContentType, Permission)
# Not data: sessions are sign-ins of the old install.
SKIPPED_MODELS = (*NATURAL_KEY_MODELS, Session)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass
class RestoreReport:
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    seconds: float = 0.0


# --- which rows, and how they are written -----------------------------------------------------


def backed_up_models() -> list[type[models.Model]]:
    """Every model whose rows are data of this install, in a stable order."""
    result = [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model not in SKIPPED_MODELS
    ]
    return sorted(result, key=lambda m: m._meta.label)


class _Encoder(DjangoJSONEncoder):
    """Django's JSON encoder keeps milliseconds only; a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _RowSerializer(PythonSerializer):
    """Django's serialisation, with natural keys for content types and permissions only."""

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = field.remote_field.model in NATURAL_KEY_MODELS
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = field.remote_field.model in NATURAL_KEY_MODELS
        super().handle_m2m_field(obj, field)


def _rows(model: type[models.Model]) -> Iterator[dict[str, Any]]:
    """The rows of `model` as serialised dicts, read in chunks (bounded memory)."""
    natural = [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.remote_field.model in NATURAL_KEY_MODELS
    ]
    many = [f.name for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created]
    queryset = model._base_manager.order_by("pk").select_related(*natural)
    if many:
        queryset = queryset.prefetch_related(*many)
    serializer = _RowSerializer()
    chunk: list[models.Model] = []
    for obj in queryset.iterator(chunk_size=CHUNK_ROWS):
        chunk.append(obj)
        if len(chunk) == CHUNK_ROWS:
            yield from serializer.serialize(chunk)
            chunk = []
    if chunk:
        yield from serializer.serialize(chunk)


def _canonical_digest(row: dict[str, Any], many: list[str]) -> int:
    """A hash of one row that does not depend on the engine: keys sorted (PostgreSQL's
    jsonb reorders them), many-to-many values sorted (their order is not stored)."""
    fields = dict(row["fields"])
    for name in many:
        fields[name] = sorted(fields.get(name) or [])
    text = json.dumps(
        {"model": row["model"], "pk": row["pk"], "fields": fields},
        cls=_Encoder,
        sort_keys=True,
        ensure_ascii=False,
    )
    return int.from_bytes(hashlib.sha256(text.encode()).digest(), "big")


def table_digest(
    model: type[models.Model], write: Callable[[str], Any] | None = None
) -> tuple[int, str]:
    """(row count, digest) of a model's rows: the digest is the sum of the rows' hashes, so it
    does not depend on the order rows come back in. `write` receives each row as a line."""
    many = [f.name for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created]
    count, total = 0, 0
    for row in _rows(model):
        if write is not None:
            write(json.dumps(row, cls=_Encoder, ensure_ascii=False) + "\n")
        total = (total + _canonical_digest(row, many)) % (1 << 256)
        count += 1
    return count, f"{total:064x}"


def applied_migrations() -> list[str]:
    """The migrations applied to the database, as "app.name", sorted."""
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


def app_version() -> str:
    try:
        return package_version("silajar")
    except PackageNotFoundError:
        return "unknown"


@contextmanager
def _read_snapshot() -> Iterator[None]:
    """One consistent view of the database for the whole backup, without blocking writers."""
    if connection.in_atomic_block:  # already inside a transaction (tests, callers' own)
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    if connection.vendor == "sqlite":
        # A deferred read transaction: WAL gives it a snapshot and writers go on (the
        # settings' IMMEDIATE mode would take the write lock for the whole backup).
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic():
        yield


# --- backup -----------------------------------------------------------------------------------


class _HashingReader:
    """Reads a file for tarfile while computing its SHA-256."""

    def __init__(self, stream: IO[bytes]):
        self.stream, self.sha256 = stream, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.sha256.update(data)
        return data


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def media_files(root: Path | None = None) -> Iterator[tuple[str, Path]]:
    """(archive-relative POSIX name, path) of every uploaded file, staging folders left out."""
    root = root or _media_root()
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


def _add_file(tar: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as stream:
        reader = _HashingReader(stream)
        tar.addfile(info, reader)
    return {"size": info.size, "sha256": reader.sha256.hexdigest()}


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
        with _read_snapshot():
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
            manifest["files"][DATA] = _add_file(tar, DATA, data_path)
            media = 0
            for name, file_path in media_files():
                manifest["files"][MEDIA_PREFIX + name] = _add_file(
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


# --- restore ----------------------------------------------------------------------------------


def _damaged(reason: str) -> BackupError:
    return BackupError(
        _("The backup archive is damaged or not a SiLaJar backup: %(reason)s") % {"reason": reason}
    )


def _safe_member_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise _damaged(_("unsafe file name %(name)s.") % {"name": name})
    return path


def _unpack(archive: Path, staging: Path) -> dict[str, Any]:
    """Unpack every member into `staging`, checking each against the manifest; return it."""
    seen: dict[str, dict[str, Any]] = {}
    manifest = None
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                _safe_member_path(member.name)
                if not member.isfile():
                    raise _damaged(_("unexpected entry %(name)s.") % {"name": member.name})
                source = tar.extractfile(member)
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


def _check_schema(manifest: dict[str, Any]) -> None:
    ours, theirs = set(applied_migrations()), set(manifest.get("migrations") or [])
    if ours == theirs:
        return
    missing, extra = sorted(theirs - ours), sorted(ours - theirs)
    raise BackupError(
        _(
            "The backup was made with another version of the database schema (SiLaJar "
            "%(version)s). Migrations in the backup but not applied here: %(missing)s. Applied "
            "here but not in the backup: %(extra)s. Restore into the SiLaJar version the backup "
            "was made with, then upgrade."
        )
        % {
            "version": manifest.get("app_version", "?"),
            "missing": ", ".join(missing[:10]) or "-",
            "extra": ", ".join(extra[:10]) or "-",
        }
    )


def database_rows() -> dict[str, int]:
    """Rows per model now, for the models a backup holds."""
    return {model._meta.label_lower: model._base_manager.count() for model in backed_up_models()}


def database_is_empty() -> bool:
    """A fresh install (migrated, nobody signed up, nothing done): no users, no audit trail."""
    from silajar.accounts.models import User
    from silajar.core.models import AuditEvent

    return not (User.objects.exists() or AuditEvent.objects.exists())


def _tables() -> list[str]:
    """The tables a restore empties: those of the backed-up models and their many-to-many
    tables, plus sessions (sign-ins of the data being replaced)."""
    tables = {Session._meta.db_table}
    for model in backed_up_models():
        tables.add(model._meta.db_table)
        for many in model._meta.local_many_to_many:
            if many.remote_field.through._meta.auto_created:
                tables.add(many.remote_field.through._meta.db_table)
    return sorted(tables)


def _empty_database() -> None:
    # Foreign keys are checked at commit (Django declares them deferrable), so the order of
    # the deletes does not matter.
    with connection.cursor() as cursor:
        for table in _tables():  # table names from the models, quoted
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608  # nosec B608


def _insert(model: type[models.Model], objs: list[models.Model]) -> None:
    """Insert rows as they are: ids and timestamps kept (raw, like loaddata), no signals."""
    if not objs:
        return
    if model._meta.parents:  # multi-table inheritance: one row per table, saved one by one
        for obj in objs:
            obj.save_base(raw=True)
        return
    fields = list(model._meta.local_concrete_fields)
    size = max(1, connection.ops.bulk_batch_size(fields, objs) or len(objs))
    for start in range(0, len(objs), size):
        model._base_manager._insert(objs[start : start + size], fields=fields, raw=True)


def _load(path: Path) -> None:
    """Load the rows of the data file in batches (loaddata saves row by row: ten times slower),
    then the many-to-many links, then set PostgreSQL's sequences past the loaded ids."""
    pending: dict[type[models.Model], list[models.Model]] = {}
    links: dict[type[models.Model], list[models.Model]] = {}
    loaded: set[type[models.Model]] = set()
    with path.open(encoding="utf-8") as stream:
        for item in JsonlDeserializer(stream, ignorenonexistent=False):
            obj = item.object
            model = type(obj)
            loaded.add(model)
            rows = pending.setdefault(model, [])
            rows.append(obj)
            for name, values in (item.m2m_data or {}).items():
                field = model._meta.get_field(name)
                through = field.remote_field.through
                source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
                links.setdefault(through, []).extend(
                    through(**{f"{source}_id": obj.pk, f"{target}_id": value}) for value in values
                )
            if len(rows) >= CHUNK_ROWS:
                _insert(model, rows)
                pending[model] = []
    for model, rows in pending.items():
        _insert(model, rows)
    for through, rows in links.items():
        through._base_manager.bulk_create(rows, batch_size=CHUNK_ROWS)
    statements = connection.ops.sequence_reset_sql(no_style(), sorted(loaded, key=str))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    try:
        connection.check_constraints(table_names=_tables())
    except IntegrityError as error:
        raise BackupError(
            _("The rows of the backup do not fit together: %(error)s") % {"error": error}
        ) from None


def _verify_rows(manifest: dict[str, Any]) -> dict[str, int]:
    """Compare every model's row count and digest with the manifest."""
    expected = manifest.get("models") or {}
    ours = {model._meta.label_lower: model for model in backed_up_models()}
    unknown = sorted(set(expected) - set(ours))
    if unknown:
        raise BackupError(
            _("The backup holds data of models this install does not have: %(models)s.")
            % {"models": ", ".join(unknown)}
        )
    rows = {}
    for label, model in ours.items():
        count, digest = table_digest(model)
        want = expected.get(label, {"rows": 0, "digest": f"{0:064x}"})
        if count != want["rows"]:
            raise BackupError(
                _("After loading, %(model)s has %(found)s rows instead of %(expected)s.")
                % {"model": label, "found": count, "expected": want["rows"]}
            )
        if digest != want["digest"]:
            raise BackupError(
                _("After loading, the rows of %(model)s differ from the backup.") % {"model": label}
            )
        rows[label] = count
    return rows


def _move_into_place(staging: Path, root: Path) -> int:
    moved = 0
    source_root = staging / MEDIA_PREFIX
    for name, path in media_files(source_root):
        destination = root / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, destination)
        moved += 1
    return moved


def backup_restore(
    path: Path | str, *, force: bool = False, progress: Callable[[str], Any] | None = None
) -> RestoreReport:
    """Replace the database and the uploaded files by the content of the archive at `path`.

    Refuses a database that is not empty unless `force`. Nothing is changed unless every
    checksum of the archive is right and the loaded rows match the manifest."""
    say = progress or (lambda _text: None)
    started = time.monotonic()
    archive = Path(path)
    if not force and not database_is_empty():
        raise BackupError(_not_empty_message())
    root = _media_root()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=root, prefix=STAGING_PREFIX))
    try:
        manifest = _unpack(archive, staging)
        say(_("Archive checked: %(count)s files.") % {"count": len(manifest["files"])})
        _check_schema(manifest)
        with transaction.atomic():
            if not force and not database_is_empty():
                raise BackupError(_not_empty_message())
            _empty_database()
            _load(staging / DATA)
            rows = _verify_rows(manifest)
            say(_("Rows loaded and checked: %(count)s.") % {"count": sum(rows.values())})
            files = _move_into_place(staging, root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RestoreReport(rows=rows, files=files, seconds=round(time.monotonic() - started, 3))


def _not_empty_message() -> str:
    rows = sum(database_rows().values())
    return _(
        "The database is not empty (%(rows)s rows). Restoring deletes ALL of its data — users, "
        "agencies, tickets, the audit trail — and replaces it with the backup; uploaded files "
        "with the same names are overwritten. Run again with --force to do that."
    ) % {"rows": rows}
