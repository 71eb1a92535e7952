from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BandwidthConfig(AppConfig):
    name = "silajar.bandwidth"
    label = "bandwidth"
    verbose_name = _("Bandwidth distribution")

    def ready(self):
        from silajar.bandwidth import access  # (policies)
        from silajar.bandwidth.views import distribution_page_link
        from silajar.contracts.page_links import register_contract_page_link
        from silajar.core.navigation import NavItem, register_navigation
        from silajar.providers.navigation import INTERNET

        register_navigation(
            NavItem(
                _("Bandwidth distribution"),
                "bandwidth:list",
                "diagram-3",
                access.may_read_distribution,
                88,
                INTERNET,
            ),
        )
        # the contract's page links its distribution
        register_contract_page_link(distribution_page_link)
