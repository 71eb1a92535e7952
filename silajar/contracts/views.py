"""Contract pages: the list (filters, export), the contract's page (terms, links, history,
the scan's download) and its form."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from silajar.contracts import selectors, services
from silajar.contracts.api import document_response
from silajar.contracts.exports import CONTRACT_EXPORT
from silajar.contracts.forms import ContractFilterForm, ContractForm
from silajar.contracts.models import Contract
from silajar.core.access import get_visible_or_404, visible
from silajar.core.audit import audit_timeline
from silajar.core.form_views import submit_record_form
from silajar.providers.choices import Exclusion
from silajar.providers.models import Link, Provider
from silajar.providers.services import may_manage_providers
from silajar.providers.views.common import RecordList

TIMELINE_LIMIT = 50


def _contract_filter_form(request):
    providers = visible(request.user, Provider).order_by("short_name")
    return ContractFilterForm(request.GET or None, providers=providers)


CONTRACT_LIST = RecordList(
    form=_contract_filter_form,
    rows=selectors.contract_list,
    sorts=selectors.CONTRACT_SORTS,
    template="contracts/contract_list.html",
    export=CONTRACT_EXPORT,
)
contract_list_view = require_GET(CONTRACT_LIST.page_view)
contract_export_view = require_GET(CONTRACT_LIST.export_view)


@require_GET
def contract_detail_view(request, pk: int):
    contract = get_visible_or_404(request.user, Contract, pk=pk)
    links = (
        visible(request.user, Link)
        .filter(contract=contract)
        .select_related("organization")
        .order_by("circuit_id")
    )
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "object": contract,
            "links": links,
            "link_fees": sum(link.monthly_fee for link in links),
            "exclusion_labels": [
                label for code, label in Exclusion.choices if code in contract.exclusions
            ],
            "can_change": may_manage_providers(request.user),
            "timeline": audit_timeline(contract)[:TIMELINE_LIMIT],
        },
    )


@require_GET
def contract_document_view(request, pk: int):
    return document_response(get_visible_or_404(request.user, Contract, pk=pk))


def _form_page(request, contract: Contract):
    if not may_manage_providers(request.user):
        raise PermissionDenied
    form = ContractForm(request.POST or None, request.FILES or None, instance=contract)

    def inputs(data) -> dict:
        return {k: v for k, v in data.items() if k not in ("version", "document")}

    response = submit_record_form(
        request,
        form,
        create=lambda data: services.contract_register(
            actor=request.user, data=inputs(data), document=data.get("document")
        ),
        update=lambda data: services.contract_change(
            actor=request.user,
            contract=contract,
            data=inputs(data),
            document=data.get("document"),
            expected_version=data.get("version"),
        ),
        created=str(_("The contract has been registered.")),
        saved=str(_("The contract has been saved.")),
        then=lambda saved: redirect(saved.get_absolute_url()),
    )
    return response or render(
        request,
        "contracts/contract_form.html",
        {"form": form, "object": contract if contract.pk else None},
    )


def contract_create_view(request):
    return _form_page(request, Contract())


def contract_edit_view(request, pk: int):
    return _form_page(request, get_visible_or_404(request.user, Contract, pk=pk))
