"""The office's working calendar, built from settings and the holiday table."""

from datetime import date

from django.conf import settings

from silajar.core.calendar import WorkingCalendar
from silajar.core.models import Holiday


def office_calendar(*, always_open: bool = False) -> WorkingCalendar:
    """Working hours from SILAJAR_WORKING_HOURS (WIB) and the holidays stored in the database."""
    holidays: list[date] = (
        [] if always_open else list(Holiday.objects.values_list("date", flat=True))
    )
    return WorkingCalendar.from_config(
        tz=settings.TIME_ZONE,
        hours=settings.SILAJAR_WORKING_HOURS,
        holidays=holidays,
        always_open=always_open,
    )
