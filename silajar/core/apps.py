from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "silajar.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from silajar.core import checks, tasks  # noqa: F401 — register system checks and jobs
