"""Forms of the agencies & places pages."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from silajar.organizations.importexport.reading import MAX_IMPORT_BYTES
from silajar.organizations.models import Location, Organization
from silajar.organizations.services import LOCATION_FIELDS, ORGANIZATION_FIELDS


class OrganizationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Organization
        fields = list(ORGANIZATION_FIELDS)
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head_nip"].help_text = _("18 digits, without spaces.")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class LocationForm(forms.ModelForm):
    """A place of one agency; the view sets `instance.organization` before validating."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Location
        fields = list(LOCATION_FIELDS)
        help_texts = {
            "latitude": _("Decimal degrees, e.g. -0.048950 (optional)."),
            "longitude": _("Decimal degrees, e.g. 109.343650 (optional)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        coordinate_errors = self.has_error("latitude") or self.has_error("longitude")
        if (latitude is None) != (longitude is None) and not coordinate_errors:
            raise forms.ValidationError(
                _("Enter both latitude and longitude, or neither."), code="coordinates"
            )
        place = {k: data.get(k) or "" for k in ("building", "floor", "room")}
        if place["building"]:
            taken = (
                Location.objects.filter(organization_id=self.instance.organization_id, **place)
                .exclude(pk=self.instance.pk)
                .exists()
            )
            if taken:
                raise forms.ValidationError(
                    _("This agency already has a place with this building, floor and room."),
                    code="duplicate_place",
                )
        return data


class OrganizationImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "A CSV (UTF-8) or Excel (.xlsx) file of at most %(size)s MB."
        ) % {"size": MAX_IMPORT_BYTES // (1024 * 1024)}
