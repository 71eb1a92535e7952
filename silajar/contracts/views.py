"""Contract pages: the list (filters, export), the contract's page (terms, links, the
procurement's action panel and documents, history, the scan's download), its form, and the
fiscal year's calendar of milestones."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from silajar.contracts import selectors, services
from silajar.contracts.api import document_response as scan_response
from silajar.contracts.choices import PROCUREMENT_STATES
from silajar.contracts.exports import CONTRACT_EXPORT
from silajar.contracts.forms import ContractFilterForm, ContractForm
from silajar.contracts.models import Contract
from silajar.contracts.page_links import contract_page_links
from silajar.contracts.provisioning_documents import (
    bast_available,
    designation_available,
    render_bast,
    render_designation,
)
from silajar.contracts.workflows import CONTRACT_FLOW
from silajar.core.access import get_visible_or_404, visible
from silajar.core.audit import audit_timeline
from silajar.core.downloads import document_response
from silajar.core.errors import DomainError
from silajar.core.form_views import record_form_views
from silajar.core.uploads import private_file_response
from silajar.core.workflow_views import record_actions, workflow_page_views
from silajar.providers.choices import Exclusion
from silajar.providers.models import Link
from silajar.providers.services import may_manage_providers
from silajar.providers.views.common import RecordList

TIMELINE_LIMIT = 50


contract_list_view, contract_export_view = RecordList(
    form=ContractFilterForm,
    rows=selectors.contract_list,
    sorts=selectors.CONTRACT_SORTS,
    template="contracts/contract_list.html",
    export=CONTRACT_EXPORT,
).views()


def _detail_context(request, contract: Contract, bound: dict) -> dict:
    links = (
        visible(request.user, Link)
        .filter(contract=contract)
        .select_related("organization")
        .order_by("circuit_id")
    )
    return {
        "object": contract,
        "actions": record_actions(
            CONTRACT_FLOW, contract, request.user, url_name="contracts:action", bound=bound
        ),
        "designation_pdf": designation_available(contract),
        "bast_pdf": bast_available(contract),
        "procurement": contract.state in PROCUREMENT_STATES or bool(contract.need_id),
        "links": links,
        "link_fees": sum(link.monthly_fee for link in links),
        "exclusion_labels": [
            label for code, label in Exclusion.choices if code in contract.exclusions
        ],
        "can_change": may_manage_providers(request.user),
        "page_links": contract_page_links(request.user, contract),
        "timeline": audit_timeline(contract)[:TIMELINE_LIMIT],
    }


contract_detail_view, contract_action_view = workflow_page_views(
    flow=CONTRACT_FLOW,
    model=Contract,
    context=_detail_context,
    template_name="contracts/contract_detail.html",
)


def _pdf_view(draw, name: str):
    @require_GET
    def view(request, pk: int):
        contract = get_visible_or_404(request.user, Contract, pk=pk)
        try:
            content = draw(contract)
        except DomainError as error:
            messages.error(request, str(error.message))
            return redirect(contract.get_absolute_url())
        return document_response(content, f"{name}-{contract.pk}.pdf", inline=False)

    return view


contract_bast_view = _pdf_view(render_bast, "bast")
contract_designation_view = _pdf_view(render_designation, "penetapan")


@require_GET
def contract_calendar_view(request):
    """The fiscal year's milestones: periods, reminders, designations, handovers."""
    if not request.user.is_internal_staff:
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    return render(
        request,
        "contracts/calendar.html",
        {
            "year": year,
            "milestones": selectors.year_milestones(fiscal_year=year),
            "needs": selectors.need_list(user=request.user, filters={"fiscal_year": year}),
        },
    )


@require_GET
def contract_document_view(request, pk: int):
    return scan_response(get_visible_or_404(request.user, Contract, pk=pk))


contract_create_view, contract_edit_view = record_form_views(
    Contract,
    ContractForm,
    may=may_manage_providers,
    # the terms, and the scan when one is uploaded
    create=lambda *, data, **by: services.contract_register(
        data=data, document=data.get("document"), **by
    ),
    update=lambda *, obj, data, **by: services.contract_change(
        contract=obj, data=data, document=data.get("document"), **by
    ),
    created=_("The contract has been registered."),
    saved=_("The contract has been saved."),
)


@require_GET
def contract_decision_letter_view(request, pk: int):
    """The KPA's signed decision letter, for whoever sees the contract."""
    contract = get_visible_or_404(request.user, Contract, pk=pk)
    return private_file_response(
        contract.decision_letter,
        download_name=f"keputusan-penetapan-{contract.pk}.pdf",
        content_type="application/pdf",
        inline=False,
    )
