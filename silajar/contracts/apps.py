from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "silajar.contracts"
    label = "contracts"
    verbose_name = _("Internet contracts and service levels")

    def ready(self):
        from silajar.contracts import access, sla_invalidation, tasks  # noqa: F401  (policies, jobs)
        from silajar.core.navigation import NavItem, register_navigation
        from silajar.providers.navigation import INTERNET

        register_navigation(
            NavItem(
                _("Contracts"),
                "contracts:list",
                "file-earmark-text",
                "staff|role:provider",
                86,
                INTERNET,
            ),
            NavItem(
                _("Bandwidth needs"), "contracts:need_list", "speedometer2", "staff", 87, INTERNET
            ),
        )
        sla_invalidation.connect()
