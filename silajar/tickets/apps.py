from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "silajar.tickets"
    label = "tickets"
    verbose_name = _("Network complaints")

    def ready(self):
        from silajar.tickets import access  # noqa: F401  (registers the policies)
