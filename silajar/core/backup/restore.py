"""Restoring a backup: the archive is unpacked and checked first; then, in one transaction, the
database is emptied, the rows are loaded in batches, PostgreSQL's sequences reset, the counts and
digests compared with the manifest, and the files moved into place. Any failure leaves the
database as it was."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management.color import no_style
from django.core.serializers.jsonl import Deserializer as JsonlDeserializer
from django.db import IntegrityError, connection, models, transaction
from django.utils.translation import gettext as _

from silajar.core.backup.archive import (
    DATA,
    MEDIA_PREFIX,
    STAGING_PREFIX,
    BackupError,
    media_files,
    media_root,
    unpack,
)
from silajar.core.backup.rows import (
    CHUNK_ROWS,
    applied_migrations,
    auto_through,
    backed_up_models,
    table_digest,
)
from silajar.core.models import AuditEvent


@dataclass
class RestoreReport:
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    seconds: float = 0.0


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
    return not (get_user_model().objects.exists() or AuditEvent.objects.exists())


def _tables() -> list[str]:
    """The tables a restore empties: those of the backed-up models and their many-to-many
    tables, plus sessions (sign-ins of the data being replaced)."""
    tables = {Session._meta.db_table}
    for model in backed_up_models():
        tables.add(model._meta.db_table)
        for many in model._meta.local_many_to_many:
            if (through := auto_through(many)) is not None:
                tables.add(through._meta.db_table)
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
        # Django's own bulk insert (what loaddata's save_base(raw=True) does, in batches);
        # private, so the stubs leave it out
        model._base_manager._insert(  # type: ignore[attr-defined]
            objs[start : start + size], fields=fields, raw=True
        )


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
    root = media_root()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=root, prefix=STAGING_PREFIX))
    try:
        manifest = unpack(archive, staging)
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
