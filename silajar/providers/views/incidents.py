"""Provider incident pages: the list (filters, CSV/XLSX export), the incident page with its
times, timeline, updates, linked tickets and outages, and the workflow's action panels.

Staff see every incident, a provider's accounts their own provider's (`core.access`); agency
users have no page here. Views stay thin: the services do the work."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_GET

from silajar.core.access import get_visible_or_404, visible
from silajar.core.audit import audit_timeline
from silajar.core.paging import page_of
from silajar.core.workflow_views import record_actions, workflow_page_views
from silajar.providers.exports import INCIDENT_EXPORT
from silajar.providers.forms.incidents import IncidentFilterForm
from silajar.providers.incident_reads import incident_list, incident_times
from silajar.providers.models import Link, Provider, ProviderIncident
from silajar.providers.workflows import INCIDENT_FLOW

TIMELINE_LIMIT = 100


def _may_see_incidents(user) -> bool:
    return user.is_internal_staff or user.is_provider


def _filter_form(request) -> IncidentFilterForm:
    user = request.user
    return IncidentFilterForm(
        request.GET or None,
        providers=visible(user, Provider).values_list("pk", "short_name"),
        links=visible(user, Link).values_list("pk", "circuit_id"),
    )


def _filters(form: IncidentFilterForm) -> dict:
    return form.filters() if form.is_bound else {}


def incident_list_view(request):
    user = request.user
    if not _may_see_incidents(user):
        raise PermissionDenied
    form = _filter_form(request)
    page = page_of(
        incident_list(user=user, filters=_filters(form)).prefetch_related("links"),
        request.GET.get("page"),
    )
    query = (request.GET or QueryDict()).copy()
    query.pop("page", None)
    return render(
        request,
        "providers/incident_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_GET
def incident_export_view(request, fmt: str):
    user = request.user
    if not _may_see_incidents(user):
        raise PermissionDenied
    rows = incident_list(user=user, filters=_filters(_filter_form(request)))
    return INCIDENT_EXPORT.response(rows.prefetch_related("links"), fmt)


def _detail_context(request, incident: ProviderIncident, bound: dict | None = None) -> dict:
    user = request.user
    staff = user.is_internal_staff
    return {
        "obj": incident,
        "actions": record_actions(
            INCIDENT_FLOW, incident, user, url_name="providers:incident_action", bound=bound
        ),
        "times": incident_times(incident),
        "links": incident.links.select_related("organization", "location", "contract"),
        "updates": incident.updates.select_related("author"),
        # the complaints are the office's: a provider sees that there are some, not whose
        "tickets": incident.tickets.select_related("organization") if staff else None,
        "outages": visible(user, incident.outages.model).filter(incident=incident),
        "timeline": audit_timeline(incident)[:TIMELINE_LIMIT],
    }


def _load(user, pk: int) -> ProviderIncident:
    if not _may_see_incidents(user):
        raise PermissionDenied
    return get_visible_or_404(user, ProviderIncident, pk=pk)


# the incident's page and the action forms posted on it
incident_detail_view, incident_action_view = workflow_page_views(
    flow=INCIDENT_FLOW,
    model=ProviderIncident,
    load=_load,
    context=_detail_context,
    prefix="incident",
)
