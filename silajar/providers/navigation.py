"""The drop-down menu of the internet side: providers, links, disruptions, contracts and the
monitor put their entries in it (`NavItem.group`)."""

from django.utils.translation import gettext_lazy as _

INTERNET = _("Internet")
