from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    name = "silajar.providers"
    label = "providers"
    verbose_name = _("Internet providers and disruptions")

    def ready(self):
        from silajar.core.navigation import NavItem, register_navigation
        from silajar.providers import access, selectors, services, tasks  # noqa: F401  (policies, jobs)
        from silajar.providers.navigation import INTERNET
        from silajar.tickets.escalation import register_escalation

        # a ticket escalated to the provider joins (or opens) the incident of its link
        register_escalation(services.ticket_join_incident, selectors.incident_choices)
        register_navigation(
            NavItem(
                _("Providers"), "providers:list", "broadcast", "staff|role:provider", 84, INTERNET
            ),
            NavItem(
                _("Internet links"),
                "providers:link_list",
                "router",
                "staff|role:provider",
                85,
                INTERNET,
            ),
            NavItem(
                _("Internet disruptions"),
                "providers:incident_list",
                "wifi-off",
                "staff|role:provider",
                86,
                INTERNET,
            ),
        )
