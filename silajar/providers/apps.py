from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    name = "silajar.providers"
    label = "providers"
    verbose_name = _("Internet providers and disruptions")

    def ready(self):
        from silajar.core.navigation import NavItem, register_navigation
        from silajar.providers import access  # noqa: F401  (register the access policies)

        register_navigation(
            NavItem(_("Providers"), "providers:list", "broadcast", "staff|role:provider", 84),
            NavItem(
                _("Internet links"), "providers:link_list", "router", "staff|role:provider", 85
            ),
        )
