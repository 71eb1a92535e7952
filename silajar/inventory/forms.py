"""The inventory's page forms: a device, its ports added, a cable laid, the device list's
filters, the import's upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from silajar.core.forms import VersionedModelForm
from silajar.inventory.choices import DeviceKind, DeviceStatus, PortKind, PortState
from silajar.inventory.models import Device, Port
from silajar.inventory.services import DEVICE_FIELDS
from silajar.organizations.models import Location


class DeviceForm(VersionedModelForm):
    """A device at a place (the services check it: `inventory.services.DEVICES`)."""

    class Meta:
        model = Device
        fields = list(DEVICE_FIELDS)
        widgets = {"installed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["location"]
        field.queryset = Location.objects.select_related("organization").order_by(
            "organization__short_name", "building", "floor", "room"
        )
        field.label_from_instance = lambda place: f"{place.organization.short_name}, {place}"

    def _post_clean(self):
        # the services check the device; the model's own checks run there too
        pass


class PortsAddForm(forms.Form):
    """Numbered ports added to a device (a patch panel's positions: front and rear each)."""

    count = forms.IntegerField(label=_("How many"), min_value=1, max_value=96, initial=24)
    prefix = forms.CharField(
        label=_("Name prefix"),
        required=False,
        max_length=20,
        help_text=_("For example Gi1/0/; the number follows."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=PortKind.choices)
    speed_mbps = forms.IntegerField(label=_("Speed (Mbps)"), required=False, min_value=1)


class CableForm(forms.Form):
    """A cable from one of the device's free ports to a free port at the same place."""

    a_port = forms.ModelChoiceField(label=_("From port"), queryset=Port.objects.none())
    b_port = forms.ModelChoiceField(label=_("To port"), queryset=Port.objects.none())
    label = forms.CharField(label=_("Cable label"), required=False, max_length=100)

    def __init__(self, *args, device: Device, **kwargs):
        super().__init__(*args, **kwargs)
        free = (
            Port.objects.filter(state=PortState.FREE)
            .select_related("device")
            .order_by("device__name", "position", "side", "pk")
        )
        self.fields["a_port"].queryset = free.filter(device=device)
        self.fields["b_port"].queryset = free.filter(device__location_id=device.location_id)
        for name in ("a_port", "b_port"):
            self.fields[name].label_from_instance = lambda port: f"{port.device.name} {port.name}"


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
