from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "silajar.monitoring"
    label = "monitoring"
    verbose_name = _("Network monitoring")

    def ready(self):
        from silajar.monitoring import evidence_hooks, tasks  # noqa: F401  (jobs)

        # the evidence for a complaint, shown by the complaint desk
        evidence_hooks.register()
