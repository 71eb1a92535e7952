from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "silajar.organizations"
    label = "organizations"
    verbose_name = _("Agencies and places")

    def ready(self):
        from silajar.organizations import access  # noqa: F401  (registers the policies)
