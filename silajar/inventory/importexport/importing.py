"""An inventory file through the worker: the dry run (every row checked, every problem by row
and column, nothing stored), then the import (checked again, then every row stored in one
transaction through the services, or none). Progress goes to the cache as rows are done, so
the page can show it while the transaction is still open."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from silajar.accounts.models import User
from silajar.core.audit import audit_record
from silajar.core.errors import DomainError
from silajar.core.jobs import enqueue
from silajar.inventory import services
from silajar.inventory.importexport.cells import Context, Planned
from silajar.inventory.importexport.formats import FORMATS, Format
from silajar.inventory.models import Cable, ImportRun
from silajar.organizations.importexport.checking import RowError, column_fields
from silajar.organizations.importexport.reading import (
    MAX_IMPORT_ROWS,
    ImportFileError,
    read_upload,
)

PROGRESS_EVERY = 50


def progress_key(run_id: int) -> str:
    return f"inventory:import:{run_id}:done"


def progress(run: ImportRun) -> int:
    """Rows done so far (the worker's count while it runs)."""
    return int(cache.get(progress_key(run.pk), run.done))


def percent(run: ImportRun) -> int:
    return 100 if not run.total else min(100, round(100 * progress(run) / run.total))


def _header_fields(fmt: Format, header: list[str]) -> list[str | None]:
    fields = column_fields(header, fmt.columns)
    missing = [fmt.headers[f] for f in fmt.required if f not in fields]
    if missing:
        raise ImportFileError(
            _("The column “%(column)s” is required.") % {"column": ", ".join(missing)}
        )
    return fields


@transaction.atomic
def import_start(*, actor: User, what: str, upload: UploadedFile) -> ImportRun:
    """Read an upload (as the agencies' import does: size, type, cells) and start its dry run.
    Raises ImportFileError when the file as a whole cannot be taken."""
    services.KEEPERS.require(actor)
    fmt = FORMATS.get(what)
    if fmt is None:
        raise DomainError(_("Choose what the file holds."), fields={"what": [_("Choose one.")]})
    rows = read_upload(upload)
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ImportFileError(_("The file is empty: the first row must hold the column names."))
    _header_fields(fmt, rows[0])
    body = [row for row in rows[1:] if any(c for c in row)]
    if not body:
        raise ImportFileError(_("The file has column names but no rows."))
    if len(body) > MAX_IMPORT_ROWS:
        raise ImportFileError(
            _("The file has too many rows: at most %(count)d.") % {"count": MAX_IMPORT_ROWS}
        )
    run = ImportRun.objects.create(
        what=what,
        file_name=(upload.name or "")[:255],
        created_by=actor,
        rows=rows,
        total=len(rows) - 1,
    )
    transaction.on_commit(lambda: enqueue("inventory.import", run.pk, False))
    return run


@transaction.atomic
def import_confirm(*, actor: User, run: ImportRun) -> ImportRun:
    """After a clean dry run: store the file (in the worker)."""
    services.KEEPERS.require(actor)
    updated = ImportRun.objects.filter(pk=run.pk, stage=ImportRun.Stage.CHECKED).update(
        stage=ImportRun.Stage.IMPORTING, done=0
    )
    if not updated:
        raise DomainError(_("This file is not waiting to be imported."))
    transaction.on_commit(lambda: enqueue("inventory.import", run.pk, True))
    run.refresh_from_db()
    return run


def check_cells(
    fmt: Format, rows: list[list[str]], *, step: Callable[[int], None] | None = None
) -> tuple[list[Planned], list[RowError]]:
    """Check every row of a file (header first); the plan and every problem found."""
    fields = _header_fields(fmt, rows[0])
    context = Context.load(fmt.what)
    plan: list[Planned] = []
    errors: list[RowError] = []
    for number, row in enumerate(rows[1:], start=2):
        if step is not None and number % PROGRESS_EVERY == 0:
            step(number - 1)
        if not any(c for c in row):
            continue
        cells = {
            name: (row[i].strip() if i < len(row) else "")
            for i, name in enumerate(fields)
            if name is not None
        }
        planned, row_errors = fmt.check(number, cells, context)
        errors.extend(row_errors)
        if planned is not None:
            plan.append(planned)
    return plan, errors


def _store(fmt: Format, actor: User, planned: Planned) -> None:
    data = dict(planned.data)
    if fmt.what == "devices":
        if planned.existing is None:
            services.DEVICES.create(actor=actor, data=data)
        else:
            services.DEVICES.update(actor=actor, obj=planned.existing, data=data)
    elif fmt.what == "ports":
        if planned.existing is None:
            services.PORTS.create(actor=actor, data=data)
        else:
            data.pop("device")
            services.PORTS.update(actor=actor, obj=planned.existing, data=data)
    else:
        a, b = data.pop("ports")
        existing: Any = planned.existing
        if existing is None:
            services.cable_create(actor=actor, a_port=a, b_port=b, **data)
        else:
            Cable.objects.filter(pk=existing.pk).update(**data)


def _finish(
    run: ImportRun, stage: str, *, errors: Sequence[RowError] = (), summary: str = ""
) -> None:
    ImportRun.objects.filter(pk=run.pk).update(
        stage=stage,
        done=run.total,
        errors=[{"row": e.row, "column": e.column, "message": str(e.message)} for e in errors],
        summary=summary,
        **({"rows": []} if stage == ImportRun.Stage.DONE else {}),
    )
    cache.delete(progress_key(run.pk))


def import_run_process(*, run_id: int, apply: bool) -> None:
    """The worker's part: the dry run, or (`apply`) the import, all rows or none."""
    run = ImportRun.objects.select_related("created_by").get(pk=run_id)
    waiting = ImportRun.Stage.IMPORTING if apply else ImportRun.Stage.CHECKING
    if run.stage != waiting:
        return  # done already (a retried task)
    fmt = FORMATS[run.what]

    def step(done: int) -> None:
        cache.set(progress_key(run.pk), done // 2 if apply else done, 3600)

    plan, errors = check_cells(fmt, run.rows, step=step)
    if errors:
        _finish(run, ImportRun.Stage.REJECTED, errors=errors)
        return
    if not apply:
        _finish(run, ImportRun.Stage.CHECKED)
        return
    actor = run.created_by
    try:
        with transaction.atomic():
            for index, planned in enumerate(plan, start=1):
                _store(fmt, actor, planned)
                if index % PROGRESS_EVERY == 0:
                    cache.set(progress_key(run.pk), run.total // 2 + index // 2, 3600)
            audit_record(
                actor=actor,
                action="inventory.imported",
                obj=run,
                note=_("%(count)d rows of %(what)s") % {"count": len(plan), "what": run.what},
            )
    except (DomainError, IntegrityError, ValidationError) as error:
        message = getattr(error, "message", None) or _("The inventory changed while importing.")
        _finish(run, ImportRun.Stage.REJECTED, errors=[RowError(0, "", str(message))])
        return
    _finish(
        run,
        ImportRun.Stage.DONE,
        summary=_("Imported %(count)d rows.") % {"count": len(plan)},
    )
