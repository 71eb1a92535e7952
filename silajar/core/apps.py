from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "silajar.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from silajar.core import checks, tasks  # noqa: F401 — register system checks and jobs
        from silajar.core.navigation import ADMINISTRATION, NavItem, register_navigation

        register_navigation(
            NavItem(_("Dashboard"), "home", "speedometer2", "all", 0),
            NavItem(
                _("Working calendar"),
                "calendar:holidays",
                "calendar3",
                "staff|admin",
                120,
                ADMINISTRATION,
            ),
            NavItem(
                _("Audit trail"),
                "audit_log",
                "clock-history",
                "core.view_auditevent",
                140,
                ADMINISTRATION,
            ),
            NavItem(_("API"), "api-docs", "braces", "staff", 150, ADMINISTRATION),
        )
