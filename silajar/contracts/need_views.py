"""The bandwidth need's pages (staff): the list, the section head's form, and the need's page
with last year's contracted capacity beside it and its actions (`workflows.NEED_FLOW`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from silajar.contracts import selectors
from silajar.contracts.models import BandwidthNeed
from silajar.contracts.need_forms import NeedForm
from silajar.contracts.services import needs
from silajar.contracts.workflows import NEED_FLOW
from silajar.core.audit import audit_timeline
from silajar.core.form_views import record_form_views
from silajar.core.paging import list_queries, request_page
from silajar.core.workflow_views import record_actions, workflow_page_views

TIMELINE_LIMIT = 50


def _require_staff(user) -> None:
    if not user.is_internal_staff:
        raise PermissionDenied


@require_GET
def need_list_view(request):
    _require_staff(request.user)
    rows = selectors.need_list(user=request.user, filters={})
    return render(
        request,
        "contracts/need_list.html",
        {
            "page": request_page(request, rows, sorts=selectors.NEED_SORTS),
            "query": list_queries(request)[0],
            "can_add": needs.may_prepare_needs(request.user),
        },
    )


def _detail_context(request, need: BandwidthNeed, bound: dict) -> dict:
    last_year = need.fiscal_year - 1
    return {
        "object": need,
        "actions": record_actions(
            NEED_FLOW, need, request.user, url_name="contracts:need_action", bound=bound
        ),
        "can_edit": needs.may_prepare_needs(request.user) and need.state in needs.EDITABLE_STATES,
        "last_year": last_year,
        "last_year_capacity": selectors.contracted_capacity(fiscal_year=last_year),
        "segments_total": sum(item["mbps"] for item in need.segments),
        "over_budget": need.estimated_cost > need.budget_ceiling,
        "contracts": need.contracts.select_related("provider").order_by("number"),
        "timeline": audit_timeline(need)[:TIMELINE_LIMIT],
    }


need_detail_view, need_action_view = workflow_page_views(
    flow=NEED_FLOW, model=BandwidthNeed, context=_detail_context, prefix="need"
)


need_create_view, need_edit_view = record_form_views(
    BandwidthNeed,
    NeedForm,
    may=needs.may_prepare_needs,
    create=needs.need_create,
    update=lambda *, obj, **change: needs.need_update(need=obj, **change),
    created=_("The bandwidth need has been prepared."),
    saved=_("The bandwidth need has been saved."),
    template="contracts/need_form.html",
)
