from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "silajar.monitoring"
    label = "monitoring"
    verbose_name = _("Network monitoring")

    def ready(self):
        from silajar.core.navigation import NavItem, register_navigation
        from silajar.monitoring import access, evidence_hooks, tasks  # noqa: F401  (policies, jobs)
        from silajar.providers.navigation import INTERNET

        # the evidence for a complaint, shown by the complaint desk
        evidence_hooks.register()
        register_navigation(
            NavItem(
                _("Network monitoring"),
                "monitoring:board",
                "activity",
                "staff|role:provider",
                87,
                INTERNET,
            ),
        )
