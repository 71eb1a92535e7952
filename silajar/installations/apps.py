from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstallationsConfig(AppConfig):
    name = "silajar.installations"
    label = "installations"
    verbose_name = _("Network installation requests")

    def ready(self):
        from silajar.installations import access, tasks  # noqa: F401  (register policies, jobs)
