"""The page forms of the ticket's workflow actions, named in `tickets/workflows.py`; the
technician's phone and the agency portal post the same forms for the same actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from silajar.core.forms import ActionForm, BaseSignOffForm, note_field
from silajar.tickets import escalation, selectors
from silajar.tickets.choices import Scope, StepOutcome
from silajar.tickets.models import ChecklistStep


class TechnicianForm(ActionForm):
    technician = forms.ModelChoiceField(
        label=_("Technician"), queryset=selectors.technicians(), empty_label=_("Choose…")
    )


class ResolveForm(ActionForm):
    """What the technician found and did: on the ticket page and on the phone."""

    invalid = _("Report the problem found and the action taken.")
    initial_fields = ("diagnosis", "action_taken", "parts_used")

    diagnosis = forms.CharField(
        label=_("Problem identified"), widget=forms.Textarea(attrs={"rows": 3})
    )
    action_taken = forms.CharField(
        label=_("Action taken"), widget=forms.Textarea(attrs={"rows": 3})
    )
    parts_used = note_field(
        _("Parts used"), help_text=_("Cable, connectors, switch… leave empty when none.")
    )


class NoteForm(ActionForm):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))


class OptionalNoteForm(ActionForm):
    note = note_field(_("Note"))


class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class EscalateForm(ActionForm):
    """The escalation: the provider's reference, and — when the provider incidents take part
    (`tickets.escalation`) — the incident the ticket joins, or a new one for its link."""

    reference = forms.CharField(
        label=_("Provider incident reference"), required=False, max_length=100
    )
    # an id (the service checks it); the page offers the open incidents as a list
    incident = forms.IntegerField(
        label=_("Provider incident"), required=False, min_value=1, widget=forms.Select
    )

    def __init__(self, *args, ticket=None, **kwargs):
        super().__init__(*args, **kwargs)
        hook = escalation.registered()
        if hook is None:
            del self.fields["incident"]
            return
        self.fields["incident"].widget.choices = [
            ("", _("Open a new incident for the ticket's link")),
            *(hook.choices(ticket) if ticket is not None else []),
        ]

    @classmethod
    def for_action(cls, obj, *, prefix: str, data=None, files=None) -> ActionForm:
        if data is not None:
            return cls(data, files, prefix=prefix, ticket=obj)
        return cls(prefix=prefix, initial={"version": obj.version}, ticket=obj)


class SignOffForm(BaseSignOffForm):
    """The complaint's sign-off (ticket page, phone, portal)."""

    panel_template = "tickets/_sign_form.html"
    invalid = _("Check the sign-off form.")

    @classmethod
    def initial_for(cls, obj) -> dict:
        return {"signer_name": obj.reporter_name}


def step_field_name(step) -> str:
    return step_field_name_of(step.pk)


def step_field_name_of(step_id) -> str:
    return f"step_{step_id}"


class ChecklistMixin:
    """Adds one radio group per first-line step (field `step_<id>`)."""

    def add_steps(self, steps, *, required: bool = False):
        self.steps = list(steps)
        for step in self.steps:
            self.fields[step_field_name(step)] = forms.ChoiceField(
                label=step.question,
                help_text=step.guidance,
                choices=StepOutcome.choices,
                widget=forms.RadioSelect,
                required=required,
            )

    def step_fields(self):
        return [self[step_field_name(step)] for step in self.steps]

    def answers(self) -> list[dict]:
        return [
            {"step": step.pk, "outcome": self.cleaned_data[step_field_name(step)]}
            for step in self.steps
            if self.cleaned_data.get(step_field_name(step))
        ]


class ChecklistForm(ChecklistMixin, ActionForm):
    scope = forms.ChoiceField(
        label=_("Only this PC or everyone at the location?"),
        choices=Scope.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_steps(steps)

    @classmethod
    def for_action(cls, obj, *, prefix: str, data=None, files=None) -> ChecklistForm:
        """The steps of the scope posted, or of the ticket's: while the scope is not known yet,
        every active step; the empty form shows the answers recorded so far."""
        scope = (data or {}).get(f"{prefix}-scope") or obj.scope
        if scope in (Scope.SINGLE_DEVICE, Scope.WHOLE_LOCATION):
            steps = selectors.checklist_for(scope, obj.category_id)
        else:
            steps = list(ChecklistStep.objects.filter(is_active=True).order_by("order", "pk"))
        if data is not None:
            return cls(data, files, prefix=prefix, steps=steps)
        recorded = {
            step_field_name_of(answer.get("step")): answer.get("outcome")
            for answer in obj.checklist or []
            if isinstance(answer, dict)
        }
        initial = {"version": obj.version, "scope": obj.scope, **recorded}
        return cls(prefix=prefix, initial=initial, steps=steps)

    def inputs(self) -> dict:
        return {**super().inputs(), "answers": self.answers()}
