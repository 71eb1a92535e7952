from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

nip_validator = RegexValidator(
    r"^\d{18}$", _("The NIP is the 18-digit civil servant number (digits only).")
)
phone_validator = RegexValidator(
    r"^\+?[0-9 ()-]{6,20}$", _("Enter a phone number, e.g. 0561-736541 or +62 812 5555 0101.")
)
