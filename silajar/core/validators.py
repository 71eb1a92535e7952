from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise

NIP_LENGTH = 18


def nip_errors(value: str) -> list[StrOrPromise]:
    """What is wrong with a NIP (Nomor Induk Pegawai), as translated sentences; none: valid.

    The 18 digits are the birth date (YYYYMMDD), the year and month of appointment (YYYYMM,
    after the birth), the sex (1 man, 2 woman) and a sequence number (001–999)."""
    value = (value or "").strip()
    if len(value) != NIP_LENGTH or not value.isascii() or not value.isdigit():
        return [_("The NIP is the 18-digit civil servant number (digits only).")]
    errors: list[StrOrPromise] = []
    try:
        born = date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        born = None
        errors.append(_("Digits 1–8 of the NIP are the birth date (YYYYMMDD): not a valid date."))
    year, month = int(value[8:12]), int(value[12:14])
    if not 1 <= month <= 12:
        errors.append(
            _(
                "Digits 9–14 of the NIP are the year and month of appointment (YYYYMM): "
                "no such month."
            )
        )
    elif born is not None and (year, month) <= (born.year, born.month):
        errors.append(
            _(
                "Digits 9–14 of the NIP, the year and month of appointment, "
                "come after the birth date."
            )
        )
    if value[14] not in "12":
        errors.append(_("Digit 15 of the NIP is the sex: 1 (man) or 2 (woman)."))
    if value[15:] == "000":
        errors.append(_("Digits 16–18 of the NIP are a sequence number from 001 to 999."))
    return errors


def nip_validator(value: str) -> None:
    """A model/form validator over `nip_errors` (empty values are left to `blank`)."""
    if not value:
        return
    errors = nip_errors(value)
    if errors:
        raise ValidationError(errors, code="invalid_nip")


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
