from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "silajar.inventory"
    label = "inventory"
    verbose_name = _("Network inventory")

    def ready(self):
        from silajar.core.navigation import NavItem, register_navigation
        from silajar.inventory import access, tasks  # noqa: F401  (register policies, jobs)

        register_navigation(
            NavItem(
                _("Network inventory"), "inventory:device_list", "diagram-3", "staff|agency", 82
            ),
        )
