"""Forms of the staff desk: list filters, editing, comments, attachments and the helpdesk
intake screen (the agency portal posts the same comment form)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from silajar.core.access import visible
from silajar.core.forms import ListFilterForm, note_field
from silajar.core.validators import filter_date_validator
from silajar.inventory.models import Device
from silajar.organizations.models import Location, Organization
from silajar.tickets import selectors
from silajar.tickets.choices import (
    CONFIRMED_DOMAINS,
    Channel,
    FaultDomain,
    Priority,
    Scope,
    SlaStatus,
    TicketState,
)
from silajar.tickets.forms.actions import ChecklistMixin
from silajar.tickets.models import Category, Ticket


def _blank(label):
    return [("", label)]


def place_field(label, *, empty_label) -> forms.ModelChoiceField:
    """Where the problem is: one of the agency's places (`offer_places`), or none chosen."""
    return forms.ModelChoiceField(
        label=label, queryset=Location.objects.none(), required=False, empty_label=empty_label
    )


def place_detail_field(label, **kwargs) -> forms.CharField:
    """The room or floor, in the reporter's words (the ticket's `location_detail`)."""
    return forms.CharField(label=label, max_length=255, required=False, **kwargs)


def offer_places(form: forms.Form, user, organization_id: int) -> None:
    """Offer in the form's `location` the active places of the agency that `user` sees."""
    form.fields["location"].queryset = visible(user, Location).filter(
        organization_id=organization_id, is_active=True
    )


class TicketFilterForm(ListFilterForm):
    """The list's filters (GET). Invalid values are dropped, never an error page."""

    states = TicketState.choices
    open_state = selectors.STATE_OPEN
    sorts = selectors.SORTS
    field_order = [
        "q",
        "state",
        "organization",
        "technician",
        "priority",
        "category",
        "channel",
        "created_from",
        "created_to",
        "fault_domain",
        "sla",
        "mine",
        "sort",
    ]

    priority = forms.ChoiceField(
        label=_("Priority"),
        required=False,
        choices=_blank(_("All priorities")) + list(Priority.choices),
    )
    category = forms.TypedChoiceField(
        label=_("Category"), coerce=int, empty_value=None, required=False
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=_blank(_("All channels")) + list(Channel.choices),
    )
    created_from = forms.DateField(
        label=_("Created from"),
        required=False,
        validators=[filter_date_validator],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    created_to = forms.DateField(
        label=_("Created until"),
        required=False,
        validators=[filter_date_validator],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    fault_domain = forms.ChoiceField(
        label=_("Fault domain"),
        required=False,
        choices=_blank(_("Any fault domain")) + list(FaultDomain.choices),
    )
    sla = forms.ChoiceField(label=_("Service level"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [
            ("", _("All agencies")),
            *visible(user, Organization).order_by("short_name").values_list("pk", "short_name"),
        ]
        self.fields["technician"].choices = [
            ("", _("All technicians")),
            *(
                (pk, full_name or username)
                for pk, full_name, username in selectors.technicians().values_list(
                    "pk", "full_name", "username"
                )
            ),
        ]
        self.fields["category"].choices = [
            ("", _("All categories")),
            *Category.objects.order_by("sort_order", "name").values_list("pk", "name"),
        ]
        self.fields["sla"].choices = [
            ("", _("Any service level")),
            (selectors.SLA_ATTENTION, _("At risk or breached")),
            *SlaStatus.choices,
        ]


class TicketEditForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Ticket
        fields = [
            "reporter_name",
            "reporter_phone",
            "reporter_unit",
            "location",
            "location_detail",
            "device",
            "scope",
            "fault_domain",
            "category",
            "priority",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.filter(
            organization_id=self.instance.organization_id
        ).order_by("building", "floor", "room")
        self.fields["device"].queryset = Device.objects.filter(
            location__organization_id=self.instance.organization_id
        ).select_related("location")
        self.fields["category"].queryset = Category.objects.filter(is_active=True)


class FaultDomainForm(forms.Form):
    """Confirm or correct the fault domain the evidence proposes (ticket page, phone); `back`
    says which page it came from."""

    BACK_DESK, BACK_FIELD = "desk", "field"

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    domain = forms.ChoiceField(
        label=_("Fault domain"),
        choices=[("", _("Choose…")), *((d.value, d.label) for d in CONFIRMED_DOMAINS)],
    )
    proposed = forms.ChoiceField(
        choices=FaultDomain.choices, required=False, widget=forms.HiddenInput
    )
    back = forms.ChoiceField(
        choices=[(BACK_DESK, BACK_DESK), (BACK_FIELD, BACK_FIELD)],
        required=False,
        widget=forms.HiddenInput,
    )

    @classmethod
    def for_evidence(cls, ticket, evidence, *, back: str) -> FaultDomainForm:
        """Preset to the ticket's confirmed domain, else to the proposal (none: "Choose…")."""
        preset = ticket.fault_domain
        if preset not in CONFIRMED_DOMAINS:
            preset = evidence.proposed_domain
        if preset not in CONFIRMED_DOMAINS:
            preset = ""
        return cls(
            initial={
                "version": ticket.version,
                "domain": preset,
                "proposed": evidence.proposed_domain,
                "back": back,
            }
        )


class CommentForm(forms.Form):
    """A comment on the ticket, from the desk or the portal (internal: the staff's only)."""

    invalid = _("Write a comment.")

    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))
    internal = forms.BooleanField(label=_("Internal note (Diskominfo staff only)"), required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG, at most 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    internal = forms.BooleanField(label=_("Internal (Diskominfo staff only)"), required=False)


class IntakeForm(ChecklistMixin, forms.Form):
    """A phone call in under a minute: caller, place, scope, category, complaint, steps."""

    INTENT_SOLVE = "solve"
    INTENT_DISPATCH = "dispatch"
    INTENT_LOG = "log"

    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial="phone")
    reporter = forms.IntegerField(required=False, widget=forms.HiddenInput)
    reporter_name = forms.CharField(label=_("Caller's name"), max_length=150)
    reporter_phone = forms.CharField(label=_("Caller's phone"), max_length=30, required=False)
    reporter_unit = forms.CharField(label=_("Unit"), max_length=150, required=False)
    organization = forms.ModelChoiceField(
        label=_("Agency"), queryset=Organization.objects.none(), empty_label=_("Choose…")
    )
    location = place_field(_("Location"), empty_label=_("Not known / other"))
    location_detail = place_detail_field(_("Room or floor (as the caller says it)"))
    scope = forms.ChoiceField(
        label=_("Only this PC or everyone at the location?"),
        choices=Scope.choices,
        initial=Scope.UNKNOWN,
        widget=forms.RadioSelect,
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        empty_label=_("Not known yet"),
    )
    description = forms.CharField(label=_("Complaint"), widget=forms.Textarea(attrs={"rows": 3}))
    # shown in the place's evidence (when the monitoring takes part), preset to its proposal
    fault_domain = forms.ChoiceField(
        label=_("Fault domain"),
        choices=FaultDomain.choices,
        required=False,
        initial=FaultDomain.UNKNOWN,
    )
    note = note_field(_("What solved it (when solved on the call)"))
    technician = forms.ModelChoiceField(
        label=_("Technician (to dispatch)"),
        queryset=selectors.technicians(),
        required=False,
        empty_label=_("Choose…"),
    )
    intent = forms.ChoiceField(
        choices=[(INTENT_SOLVE, ""), (INTENT_DISPATCH, ""), (INTENT_LOG, "")],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, user=None, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        orgs = visible(user, Organization).filter(is_active=True).order_by("short_name")
        self.fields["organization"].queryset = orgs
        self.fields["organization"].label_from_instance = lambda o: f"{o.short_name} — {o.name}"
        org_id = self.data.get("organization") if self.is_bound else None
        if org_id and str(org_id).isdigit():
            offer_places(self, user, int(org_id))
        self.add_steps(steps)

    def clean(self):
        data = super().clean()
        intent = data.get("intent") or self.INTENT_LOG
        data["intent"] = intent
        if intent == self.INTENT_SOLVE and not (data.get("note") or "").strip():
            self.add_error("note", _("Write what solved the problem."))
        if intent == self.INTENT_DISPATCH and not data.get("technician"):
            self.add_error("technician", _("Choose the technician to dispatch."))
        return data
