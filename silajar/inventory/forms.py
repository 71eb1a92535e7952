"""The inventory's page forms: the device list's filters, the import's upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from silajar.inventory.choices import DeviceKind, DeviceStatus


class DeviceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *DeviceKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *DeviceStatus.choices]
    )
    location = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ImportForm(forms.Form):
    what = forms.ChoiceField(
        label=_("The file holds"),
        choices=[("devices", _("Devices")), ("ports", _("Ports")), ("cables", _("Cables"))],
    )
    file = forms.FileField(label=_("File (.csv or .xlsx)"))
