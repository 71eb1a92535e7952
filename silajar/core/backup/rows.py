"""Which rows a backup holds and how they are written: every managed model of the app registry,
serialised as Django does (natural keys for content types and permissions only), read in chunks
inside one snapshot, and digested so that a restore can prove it loaded the same rows."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Serializer as PythonSerializer
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

CHUNK_ROWS = 2000
# Created by every install for itself (migrate), with ids of its own: referred to by name.
NATURAL_KEY_MODELS = (ContentType, Permission)
# Not data: sessions are sign-ins of the old install.
SKIPPED_MODELS = (*NATURAL_KEY_MODELS, Session)


def backed_up_models() -> list[type[models.Model]]:
    """Every model whose rows are data of this install, in a stable order."""
    result = [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model not in SKIPPED_MODELS
    ]
    return sorted(result, key=lambda m: m._meta.label)


def auto_many_to_many(model: type[models.Model]) -> list[str]:
    """The model's many-to-many fields whose link table Django makes (their links are in the
    model's rows; a declared `through` model is backed up as a model of its own)."""
    return [f.name for f in model._meta.many_to_many if auto_through(f)]


def auto_through(field: models.ManyToManyField) -> type[models.Model] | None:
    """The link table's model when Django makes it for `field`; None for a declared `through`."""
    through = field.remote_field.through  # a model once the app registry is ready
    return through if through is not None and through._meta.auto_created else None


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
        if f.remote_field is not None and f.remote_field.model in NATURAL_KEY_MODELS
    ]
    many = auto_many_to_many(model)
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
    many = auto_many_to_many(model)
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


@contextmanager
def read_snapshot() -> Iterator[None]:
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
