"""Forms of the installation-request pages: list filters, filing a request, the request letter
to print, the action forms of the request page and the step targets."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.access import visible
from silajar.core.forms import (
    SCAN_ACCEPT,
    ActionForm,
    BaseSignOffForm,
    ListFilterForm,
    note_field,
    valid_values,
)
from silajar.core.validators import filter_date_validator
from silajar.installations.choices import OPEN_STATES, RequestState
from silajar.installations.selectors import SORTS, STATE_OPEN
from silajar.inventory.models import Device, Port
from silajar.organizations.models import Location, Organization

DATE = {"type": "date"}


def technicians():
    """Active users holding the technician role."""
    return (
        User.objects.filter(is_active=True, groups__name=Role.TECHNICIAN)
        .order_by("full_name", "username")
        .distinct()
    )


class FilterForm(ListFilterForm):
    """The list's filters (GET). Invalid values are dropped, never an error page."""

    states = RequestState.choices
    open_state = STATE_OPEN
    sorts = SORTS
    field_order = [
        "q",
        "state",
        "organization",
        "technician",
        "created_from",
        "created_to",
        "overdue",
        "mine",
        "sort",
    ]

    created_from = forms.DateField(
        label=_("Filed from"),
        required=False,
        validators=[filter_date_validator],
        widget=forms.DateInput(attrs=DATE),
    )
    created_to = forms.DateField(
        label=_("Filed until"),
        required=False,
        validators=[filter_date_validator],
        widget=forms.DateInput(attrs=DATE),
    )
    overdue = forms.BooleanField(label=_("Step overdue"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_internal_staff:
            self.fields["organization"].choices = [
                ("", _("All agencies")),
                *visible(user, Organization).order_by("short_name").values_list("pk", "short_name"),
            ]
            self.fields["technician"].choices = [
                ("", _("All technicians")),
                *((u.pk, str(u)) for u in technicians().only("pk", "full_name", "username")),
            ]
        else:  # an agency sees its own requests: no agency or technician to choose
            del self.fields["organization"]
            del self.fields["technician"]
        if user is None or not user.has_role(Role.TECHNICIAN):
            del self.fields["mine"]


class RequestForm(forms.Form):
    """Filing an agency's signed letter asking for network installation."""

    organization = forms.ModelChoiceField(
        label=_("Agency"), queryset=Organization.objects.none(), empty_label=_("Choose…")
    )
    letter_number = forms.CharField(label=_("Letter number"), max_length=100)
    letter_date = forms.DateField(label=_("Letter date"), widget=forms.DateInput(attrs=DATE))
    subject = forms.CharField(label=_("Subject"), max_length=255)
    signatory_name = forms.CharField(label=_("Signed by"), max_length=150)
    signatory_title = forms.CharField(label=_("Signatory's title"), max_length=150)
    signatory_nip = forms.CharField(
        label=_("Signatory's NIP"),
        max_length=18,
        required=False,
        help_text=_("18 digits, when the signatory is a civil servant."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    letter_file = forms.FileField(
        label=_("Scan of the signed and stamped letter (PDF, JPEG or PNG, at most 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": SCAN_ACCEPT}),
    )
    description = forms.CharField(
        label=_("What is needed"), widget=forms.Textarea(attrs={"rows": 4})
    )
    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=_("Not listed / other"),
    )
    location_detail = forms.CharField(label=_("Rooms or floors"), max_length=255, required=False)
    network_points = forms.IntegerField(
        label=_("New network points"), min_value=0, max_value=10000, initial=0
    )
    access_points = forms.IntegerField(
        label=_("Access points"), min_value=0, max_value=10000, initial=0
    )
    desired_date = forms.DateField(
        label=_("Desired date"), required=False, widget=forms.DateInput(attrs=DATE)
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_organization = None
        if user.is_agency_user:  # an operator files for the own agency only
            self.fixed_organization = user.organization
            del self.fields["organization"]
            organization_id = user.organization_id
        else:
            self.fields["organization"].queryset = (
                visible(user, Organization).filter(is_active=True).order_by("short_name")
            )
            self.fields["organization"].label_from_instance = lambda o: f"{o.short_name} — {o.name}"
            # the agency's locations follow the choice (the desk's fragment, through HTMX)
            self.fields["organization"].widget.attrs.update(
                {"hx-get": reverse("tickets:locations"), "hx-target": "#id_location"}
            )
            raw = self.data.get("organization") if self.is_bound else None
            organization_id = int(raw) if raw and str(raw).isdigit() else None
        if organization_id:
            self.fields["location"].queryset = visible(user, Location).filter(
                organization_id=organization_id, is_active=True
            )

    def chosen_organization(self):
        return self.fixed_organization or self.cleaned_data.get("organization")


class LetterForm(forms.Form):
    """What the pre-filled request letter carries (all optional: blanks stay blank)."""

    organization = forms.IntegerField(required=False)
    letter_number = forms.CharField(required=False, max_length=100)
    letter_date = forms.DateField(required=False)
    subject = forms.CharField(required=False, max_length=255)
    signatory_name = forms.CharField(required=False, max_length=150)
    signatory_title = forms.CharField(required=False, max_length=150)
    signatory_nip = forms.CharField(required=False, max_length=18)
    description = forms.CharField(required=False, max_length=5000)
    location = forms.IntegerField(required=False, min_value=1)  # checked against the agency
    location_detail = forms.CharField(required=False, max_length=255)
    network_points = forms.IntegerField(required=False, min_value=0, max_value=10000)
    access_points = forms.IntegerField(required=False, min_value=0, max_value=10000)
    desired_date = forms.DateField(required=False)

    def data_for_letter(self) -> dict:
        """The valid values (an invalid one is left blank rather than failing the download)."""
        return {name: value for name, value in valid_values(self).items() if name != "organization"}


# --- the actions of the request page --------------------------------------------------------


class NoteForm(ActionForm):
    note = note_field(_("Disposition note"))


class ReplyLetterForm(ActionForm):
    hint = _(
        "The reply letter gets the next official letter number and lists the equipment the "
        "agency must provide."
    )


class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AssignSurveyForm(ActionForm):
    technician = forms.ModelChoiceField(
        label=_("Technician"), queryset=User.objects.none(), empty_label=_("Choose…")
    )
    due_date = forms.DateField(
        label=_("Survey due"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
        help_text=_("Empty: the step's target in working days."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = technicians()

    @classmethod
    def initial_for(cls, installation) -> dict:
        return {"technician": installation.technician_id} if installation.technician_id else {}


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several photos in one input (each is checked by content in the service)."""

    def __init__(self, *args, **kwargs):
        attrs = {"accept": "image/*", "capture": "environment", "multiple": True}
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleImageField, self).clean(f, initial) for f in files]


class SurveyForm(ActionForm):
    """The survey: slot and place, adequacy, equipment rows (item-N-name …), notes, photos."""

    slot_available = forms.ChoiceField(
        label=_("Is there a slot and place for the installation?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    adequate = forms.ChoiceField(
        label=_("Is everything in place to install now?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Survey notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = MultipleImageField(label=_("Photos (JPEG or PNG)"), required=False)
    captions = forms.CharField(
        label=_("What each photo shows"),
        required=False,
        help_text=_("One line per photo, in the order chosen; printed under the photos."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    ITEM_FIELDS = ("name", "specification", "quantity", "provided_by")
    MAX_ROWS = 100
    panel_template = "installations/_survey_form.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.item_errors: dict[int, list] = {}

    def rows(self) -> list[dict]:
        """The equipment rows as posted (empty rows dropped), for the service and redisplay."""
        if not self.is_bound:
            return []
        rows = []
        for index in range(self.MAX_ROWS + 1):
            values = {
                name: (self.data.get(f"{self.prefix}-item-{index}-{name}") or "").strip()
                for name in self.ITEM_FIELDS
            }
            if any(values[name] for name in ("name", "specification", "quantity")):
                rows.append(values)
        return rows

    def place_error(self, name: str, text: str) -> bool:
        """`items[N]` (or `items[N].field`) names the N-th equipment row: its message shows
        beside that row."""
        row = name[len("items[") : name.find("]")] if name.startswith("items[") else ""
        if row.isdigit():
            self.item_errors.setdefault(int(row), []).append(text)
            return True
        return super().place_error(name, text)

    def inputs(self) -> dict:
        data = self.cleaned_data
        return {
            "slot_available": data["slot_available"] == "yes",
            "adequate": data["adequate"] == "yes",
            "items": self.rows(),
            "notes": data.get("notes") or "",
            "photos": data.get("photos") or [],
            "captions": (data.get("captions") or "").splitlines(),
        }


class CompleteForm(ActionForm):
    link_up = forms.BooleanField(label=_("The link is up (connection test passed)"), required=False)
    ip_address = forms.CharField(label=_("IP address obtained"), max_length=45)
    measured_mbps = forms.DecimalField(
        label=_("Measured speed (Mbps)"), min_value=0, max_value=100000, decimal_places=2
    )
    notes = forms.CharField(
        label=_("Work done"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SignOffForm(BaseSignOffForm):
    panel_template = "installations/_sign_form.html"


class StepTargetsForm(forms.Form):
    """Working days per step of the procedure (one field per open state)."""

    def __init__(self, *args, current: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        for state, label in RequestState.choices:
            if state not in OPEN_STATES:
                continue
            self.fields[state] = forms.IntegerField(
                label=label, min_value=1, max_value=365, initial=current.get(state)
            )


class ReservePortsForm(forms.Form):
    """The survey's picks among the free ports of the request's place (a phone's check boxes)."""

    ports = forms.ModelMultipleChoiceField(
        label=_("Ports the work will use"),
        queryset=Port.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    device = forms.ModelChoiceField(
        label=_("Device or outlet concerned"), queryset=Device.objects.none(), required=False
    )

    def __init__(self, *args, ports, devices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ports"].queryset = ports
        self.fields["device"].queryset = devices
        self.fields["ports"].label_from_instance = lambda p: f"{p.device.name} · {p.name}"
