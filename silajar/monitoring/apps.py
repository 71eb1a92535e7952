from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from silajar.monitoring import evidence_hooks


class MonitoringConfig(AppConfig):
    name = "silajar.monitoring"
    label = "monitoring"
    verbose_name = _("Network monitoring")

    def ready(self):
        evidence_hooks.register()
