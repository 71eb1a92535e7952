"""Core services: the holiday calendar."""

from datetime import date

from django.db import transaction

from silajar.core.audit import audit_record
from silajar.core.models import Holiday


@transaction.atomic
def holiday_add(*, actor, date: date, name: str, kind: str) -> Holiday:
    """Mark a day as a holiday (no working hours)."""
    holiday = Holiday.objects.create(date=date, name=name, kind=kind)
    audit_record(
        actor=actor,
        action="calendar.holiday_added",
        obj=holiday,
        changes={"date": [None, date.isoformat()], "name": [None, name]},
    )
    return holiday


@transaction.atomic
def holiday_remove(*, actor, holiday: Holiday) -> None:
    audit_record(
        actor=actor,
        action="calendar.holiday_removed",
        obj=holiday,
        changes={"date": [holiday.date.isoformat(), None]},
    )
    holiday.delete()
