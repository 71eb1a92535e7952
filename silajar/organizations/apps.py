from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "silajar.organizations"
    label = "organizations"
    verbose_name = _("Agencies and places")

    def ready(self):
        from silajar.core.navigation import NavItem, register_navigation
        from silajar.organizations import access  # noqa: F401  (registers the policies)

        register_navigation(
            NavItem(_("Agencies"), "organizations:list", "building", "staff", 30),
            NavItem(_("My agency"), "organizations:mine", "building", "agency", 40),
        )
