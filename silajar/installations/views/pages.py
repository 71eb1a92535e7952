"""Installation request pages: the list (filters, sort, export), the request page with its
timeline, step box and action forms, and the steps' targets.

Views stay thin: services do the work, core.access decides who sees what; a rule refused → the
form's errors with the inputs kept; someone else acted first → "changed in the meantime" with
the current data; not allowed → 403 with the reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from silajar.accounts.roles import Role
from silajar.core.access import visible
from silajar.core.audit import audit_timeline
from silajar.core.errors import ActionForbidden, DomainError
from silajar.core.form_views import submit_form
from silajar.core.htmx import is_htmx
from silajar.core.paging import list_queries, request_page
from silajar.core.workflow_views import record_actions, workflow_page_views
from silajar.installations import access, documents, forms, selectors, services
from silajar.installations.choices import (
    DEFAULT_STEP_DAYS,
    STEP_RESPONSIBLE,
    ProvidedBy,
)
from silajar.installations.exports import INSTALLATION_EXPORT
from silajar.installations.models import InstallationRequest, StepTarget
from silajar.installations.services.steps import ports_reference
from silajar.installations.services.survey import RESERVE_REFUSAL, may_reserve_ports
from silajar.installations.workflows import INSTALLATION_FLOW
from silajar.inventory.models import Device
from silajar.inventory.selectors import free_ports_at, reserved_ports

TIMELINE_LIMIT = 100


def forbidden(request, error: DomainError, back: str = ""):
    """The reason why not (the desk's page), with the way back."""
    context = {"reason": error.message, "back": back or reverse("installations:list")}
    return render(request, "core/forbidden.html", context, status=403)


def installation_or_404(user, pk: int) -> InstallationRequest:
    try:
        return selectors.installations_for(user=user).get(pk=pk)
    except InstallationRequest.DoesNotExist:
        raise Http404 from None


def may_file(user) -> bool:
    """Agency operators (own agency) and the office's registrars file requests."""
    if user.is_agency_user:
        return bool(user.organization_id) and access.can_file_for(user, user.organization)
    return access.can_file_for(user, None)


# --- list and export ---------------------------------------------------------------------------


def _filter_form(request) -> forms.FilterForm:
    data = request.GET
    if not data and request.user.has_role(Role.TECHNICIAN):
        # a technician opens on the surveys and installations given to him
        data = QueryDict("mine=on")
    return forms.FilterForm(data or None, user=request.user)


def _to_do(installation: InstallationRequest, user) -> bool:
    """The request waits for the user (an action other than cancelling is open to them)."""
    return any(a.name != "cancel" for a in INSTALLATION_FLOW.available(installation, user))


def request_list_view(request):
    user = request.user
    if not (user.is_internal_staff or user.is_agency_user):
        raise PermissionDenied
    form = _filter_form(request)
    filters = form.filters() if form.is_bound else {}
    sort = filters.get("sort") or selectors.DEFAULT_SORT
    installations = selectors.installation_list(user=user, filters=filters)
    page = request_page(request, installations, sorts=selectors.INSTALLATION_SORTS, sort=sort)
    rows = [
        {
            "obj": installation,
            "to_do": _to_do(installation, user),
            "responsible": STEP_RESPONSIBLE.get(installation.state, ""),
        }
        for installation in page
    ]
    query, sort_query = list_queries(request, form.data)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "sort": sort,
        "query": query,
        "sort_query": sort_query,
        "can_file": may_file(user),
        "can_set_targets": access.may_set_step_targets(user),
    }
    if is_htmx(request):
        return render(request, "installations/_list_table.html", context)
    return render(request, "installations/list.html", context)


@require_GET
def request_export_view(request, fmt: str):
    user = request.user
    if not (user.is_internal_staff or user.is_agency_user):
        raise PermissionDenied
    form = _filter_form(request)
    installations = selectors.installation_list(
        user=user, filters=form.filters() if form.is_bound else {}
    )
    return INSTALLATION_EXPORT.response(installations, fmt)


# --- the request page --------------------------------------------------------------------------


def _documents(installation: InstallationRequest) -> list[dict]:
    links = []
    if documents.survey_report_available(installation):
        links.append(
            {
                "url": reverse("installations:survey_report_pdf", args=[installation.pk]),
                "label": _("Survey report"),
                "name": "survey-report",
            }
        )
    if documents.reply_letter_available(installation):
        links.append(
            {
                "url": reverse("installations:reply_letter_pdf", args=[installation.pk]),
                "label": _("Reply letter"),
                "name": "reply-letter",
            }
        )
    if documents.installation_form_available(installation):
        links.append(
            {
                "url": reverse("installations:installation_form_pdf", args=[installation.pk]),
                "label": _("Installation form"),
                "name": "installation-form",
            }
        )
    return links


def _detail_context(request, installation: InstallationRequest, bound: dict | None = None) -> dict:
    user = request.user
    actions = record_actions(
        INSTALLATION_FLOW, installation, user, url_name="installations:action", bound=bound
    )
    survey_form = next((a["form"] for a in actions if a["name"] == "record_survey"), None)
    survey_rows = []
    if survey_form is not None:  # the rows as posted, each with its errors; one empty to start
        survey_rows = [
            {**row, "errors": survey_form.item_errors.get(index, [])}
            for index, row in enumerate(survey_form.rows(), start=1)
        ] or [{"provided_by": ProvidedBy.DISKOMINFO}]
    return {
        "obj": installation,
        "actions": actions,
        "survey_rows": survey_rows,
        "provided_by": ProvidedBy.choices,
        "items": installation.items.all(),
        "photos": installation.photos.all(),
        "reserved_ports": reserved_ports(ports_reference(installation=installation)),
        "may_reserve_ports": installation.location_id is not None
        and may_reserve_ports(installation=installation, user=user),
        "documents": _documents(installation),
        "responsible": STEP_RESPONSIBLE.get(installation.state, ""),
        "timeline": audit_timeline(installation)[:TIMELINE_LIMIT],
    }


# the request's page and the action forms posted on it
request_detail, installation_action_view = workflow_page_views(
    flow=INSTALLATION_FLOW,
    model=InstallationRequest,
    load=installation_or_404,
    context=_detail_context,
)


# --- the steps' targets ------------------------------------------------------------------------


def step_targets_view(request):
    user = request.user
    if not access.may_set_step_targets(user):
        raise PermissionDenied(
            _("Only administrators and the section head can change the steps' targets.")
        )
    stored = dict(StepTarget.objects.values_list("state", "working_days"))
    current = {state: stored.get(state) or days for state, days in DEFAULT_STEP_DAYS.items()}
    form = forms.StepTargetsForm(request.POST or None, current=current)
    response = submit_form(
        request,
        form,
        lambda days: services.step_targets_set(actor=user, days=days),
        message=lambda changed: (
            _("The steps' targets have been saved (%(count)d changed).") % {"count": changed}
        ),
        then=lambda _changed: redirect("installations:step_targets"),
        forbidden=lambda error: forbidden(request, error),
    )
    if response:
        return response
    status = 400 if request.method == "POST" else 200
    rows = [
        {
            "field": form[state],
            "responsible": STEP_RESPONSIBLE.get(state, ""),
            "default": DEFAULT_STEP_DAYS.get(state),
        }
        for state in form.fields
    ]
    return render(
        request, "installations/step_targets.html", {"form": form, "rows": rows}, status=status
    )


# --- the survey's ports (the network inventory) ------------------------------------------------


def reserve_ports_view(request, pk: int):
    """The assigned technician picks, on site, the free ports of the request's place the work
    will use; they stay reserved until the installation is completed, cancelled or rejected."""
    installation = installation_or_404(request.user, pk)
    reference = ports_reference(installation=installation)
    if installation.location_id is None:
        raise Http404
    if not may_reserve_ports(installation=installation, user=request.user):
        error = ActionForbidden(str(RESERVE_REFUSAL))
        return forbidden(request, error, reverse("installations:detail", args=[pk]))
    form = forms.ReservePortsForm(
        request.POST if request.method == "POST" else None,
        ports=free_ports_at(
            user=request.user, location_id=installation.location_id, reference=reference
        ),
        devices=visible(request.user, Device).filter(location_id=installation.location_id),
        initial={
            "ports": list(reserved_ports(reference).values_list("pk", flat=True)),
            "device": installation.device_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.installation_reserve_ports(
                installation=installation,
                actor=request.user,
                ports=[p.pk for p in form.cleaned_data["ports"]],
                device=form.cleaned_data["device"],
            )
        except ActionForbidden as error:
            return forbidden(request, error, reverse("installations:detail", args=[pk]))
        except DomainError as error:
            error.add_to_form(form, always_summary=True)
        else:
            messages.success(request, _("The ports are reserved for this request."))
            return redirect("installations:detail", pk=pk)
    return render(request, "installations/reserve_ports.html", {"obj": installation, "form": form})
