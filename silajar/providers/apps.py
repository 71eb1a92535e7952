from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    name = "silajar.providers"
    label = "providers"
    verbose_name = _("Internet providers and disruptions")

    def ready(self):
        from silajar.providers import access  # noqa: F401  (register the access policies)
