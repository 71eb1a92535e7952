from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

nip_validator = RegexValidator(
    r"^\d{18}$", _("The NIP is the 18-digit civil servant number (digits only).")
)
phone_validator = RegexValidator(
    r"^\+?[0-9 ()-]{6,20}$", _("Enter a phone number, e.g. 0561-736541 or +62 812 5555 0101.")
)

# The days a list can be filtered by: wide enough for any record, narrow enough that the start
# and the end of the day are datetimes in every time zone (0001-01-01 or 9999-12-31 are not).
FIRST_FILTER_DATE = date(1900, 1, 1)
LAST_FILTER_DATE = date(9998, 12, 31)


def filter_date_validator(value: date) -> None:
    """A filter's date: from FIRST_FILTER_DATE to LAST_FILTER_DATE (a 400, never an overflow)."""
    if not FIRST_FILTER_DATE <= value <= LAST_FILTER_DATE:
        raise ValidationError(
            _("A date from %(first)s to %(last)s."),
            code="date_out_of_range",
            params={"first": FIRST_FILTER_DATE.isoformat(), "last": LAST_FILTER_DATE.isoformat()},
        )
