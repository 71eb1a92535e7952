"""The vocabulary of the bandwidth distribution: what kind of consumer a queue serves."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsumerKind(models.TextChoices):
    GROUP = "group", _("Group (parent queue)")
    SETDA_BUREAU = "setda_bureau", _("Regional Secretariat bureau")
    AGENCY = "agency", _("Agency office")
    SERVER = "server", _("Application server")
    PUBLIC_WIFI = "public_wifi", _("Public Wi-Fi")
    OTHER = "other", _("Other")
