from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstallationsConfig(AppConfig):
    name = "silajar.installations"
    label = "installations"
    verbose_name = _("Network installation requests")

    def ready(self):
        from silajar.core.navigation import NavItem, register_navigation
        from silajar.installations import access, tasks  # noqa: F401  (register policies, jobs)

        register_navigation(
            NavItem(_("Installations"), "installations:list", "hdd-network", "staff|agency", 80),
            NavItem(
                _("Request installation"),
                "installations:create",
                "plus-square",
                "role:opd_operator",
                90,
            ),
        )
