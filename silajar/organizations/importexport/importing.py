"""Storing a checked import: every planned row in one transaction, through the services (each
created or changed agency gets its audit event)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from silajar.organizations import services
from silajar.organizations.importexport.checking import (
    ImportRejected,
    PlannedRow,
    RowError,
    check_rows,
)
from silajar.organizations.importexport.reading import read_upload
from silajar.organizations.models import Organization


@dataclass
class ImportSummary:
    created: list[Organization] = field(default_factory=list)
    updated: list[Organization] = field(default_factory=list)
    unchanged: int = 0


def apply_plan(*, actor, plan: list[PlannedRow]) -> ImportSummary:
    """Store checked rows in one transaction; each created/changed agency gets its audit event."""
    summary = ImportSummary()
    try:
        with transaction.atomic():
            for planned in plan:
                if not planned.changed:
                    summary.unchanged += 1
                    continue
                organization, created = services.organization_upsert_by_short_name(
                    actor=actor, data=planned.data
                )
                (summary.created if created else summary.updated).append(organization)
    except (IntegrityError, ValidationError):
        # Someone changed the agencies between the check and the save.
        raise ImportRejected(
            [RowError(0, "", _("The agencies changed while importing. Try again."))]
        ) from None
    return summary


def import_organizations(*, actor, upload: UploadedFile) -> ImportSummary:
    """Read, check and store an uploaded agency list: all rows, or none.

    Raises ImportFileError (the file as a whole) or ImportRejected (row errors)."""
    plan = check_rows(actor=actor, rows=read_upload(upload))
    return apply_plan(actor=actor, plan=plan)


def summary_message(summary: ImportSummary) -> str:
    """What an import did, for the message shown after it."""
    return _(
        "Import finished. Created: %(created)d; updated: %(updated)d; unchanged: %(unchanged)d."
    ) % {
        "created": len(summary.created),
        "updated": len(summary.updated),
        "unchanged": summary.unchanged,
    }
