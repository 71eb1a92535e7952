"""The distribution's pages: the contracts with their distribution, a contract's editor (the
tree with its sums against the capacity, the add form with a live sum, the versions), a
queue's edit page, the comparison of two versions, the restore, the exports and the use
against allocation. Readers: `access.may_read_distribution`; the contract must be visible
to them (404 otherwise); changes go through the services, which refuse anyone but the
network administrator."""

from __future__ import annotations

from datetime import date
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from silajar.bandwidth import selectors, services, usage
from silajar.bandwidth.access import may_edit_distribution, may_read_distribution
from silajar.bandwidth.exports import export_response
from silajar.bandwidth.forms import AllocationForm, UsageImportForm
from silajar.bandwidth.rules import Row
from silajar.contracts.models import Contract
from silajar.contracts.page_links import PageLink
from silajar.contracts.report_months import parse_month
from silajar.core.access import get_visible_or_404, visible
from silajar.core.errors import DomainError
from silajar.core.form_views import submit_form
from silajar.organizations.models import Organization

VERSIONS_SHOWN = 30


def _contract(request, contract_id: int) -> Contract:
    """The contract, when the user sees it (404) and reads distributions (403)."""
    contract = get_visible_or_404(request.user, Contract, pk=contract_id)
    if not may_read_distribution(request.user):
        raise PermissionDenied
    return contract


def distribution_page_link(user, contract: Contract) -> PageLink | None:
    """The contract page's link to its distribution, for its readers, once it may have one."""
    if not may_read_distribution(user):
        return None
    if (
        not services.takes_distribution(contract=contract)
        and selectors.current_version(contract=contract) is None
    ):
        return None
    return PageLink(
        label=_("Bandwidth distribution"),
        url=reverse("bandwidth:distribution", args=[contract.pk]),
        icon="diagram-3",
        testid="contract-distribution",
    )


def _editor(request, contract: Contract) -> Contract:
    if not may_edit_distribution(request.user):
        raise PermissionDenied
    return contract


def _organizations(request):
    return visible(request.user, Organization).order_by("name")


def _live_sum(contract: Contract, rows: list[Row], editing: Row | None = None) -> dict:
    """What the form's script needs to show the sums as they would be after the change."""
    others = [row for row in rows if editing is None or row.key != editing.key]
    under: dict[int, int] = {}
    for row in others:
        if row.parent_key is not None:
            under[row.parent_key] = under.get(row.parent_key, 0) + row.cir_mbps
    return {
        "capacity": contract.capacity_mbps,
        "cir": sum(row.cir_mbps for row in others if row.parent_key is None),
        "parents": {
            str(row.key): {
                "name": row.consumer,
                "cir": row.cir_mbps,
                "under": under.get(row.key, 0),
            }
            for row in rows
        },
    }


@require_GET
def distribution_list_view(request):
    if not may_read_distribution(request.user):
        raise PermissionDenied
    return render(
        request,
        "bandwidth/distribution_list.html",
        {"contracts": selectors.distributed_contracts(user=request.user)[:200]},
    )


def _page(request, contract: Contract, form=None) -> HttpResponse:
    current = selectors.current_version(contract=contract)
    rows = selectors.rows_of(version=current)
    can_edit = may_edit_distribution(request.user) and services.takes_distribution(
        contract=contract
    )
    if form is None and can_edit:
        form = AllocationForm(
            rows=rows,
            organizations=_organizations(request),
            initial={"version": current.number if current else 0, "priority": 8},
        )
    versions = list(selectors.versions_of(user=request.user, contract=contract)[:VERSIONS_SHOWN])
    return render(
        request,
        "bandwidth/distribution.html",
        {
            "contract": contract,
            "current": current,
            "tree": selectors.tree_of(contract, rows),
            "form": form if can_edit else None,
            "live_sum": _live_sum(contract, rows),
            "can_edit": can_edit,
            "active": services.takes_distribution(contract=contract),
            "versions": versions,
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@require_GET
def distribution_view(request, contract_id: int):
    return _page(request, _contract(request, contract_id))


def _submit_change(request, form, contract: Contract, change, message: str):
    """`submit_form` of a queue's form: `change(actor=, contract=, data=, expected_version=)`
    makes a new version of the contract's distribution, then back to it."""
    return submit_form(
        request,
        form,
        lambda data: change(
            actor=request.user,
            contract=contract,
            data={k: v for k, v in data.items() if k != "version"},
            expected_version=data["version"],
        ),
        message=message,
        then=lambda version: redirect("bandwidth:distribution", contract.pk),
    )


@require_POST
def allocation_add_view(request, contract_id: int):
    contract = _editor(request, _contract(request, contract_id))
    rows = selectors.rows_of(version=selectors.current_version(contract=contract))
    form = AllocationForm(request.POST, rows=rows, organizations=_organizations(request))
    response = _submit_change(
        request,
        form,
        contract,
        services.allocation_add,
        _("The queue has been added: a new version of the distribution."),
    )
    return response or _page(request, contract, form)


def allocation_edit_view(request, contract_id: int, key: int):
    contract = _editor(request, _contract(request, contract_id))
    current = selectors.current_version(contract=contract)
    rows = selectors.rows_of(version=current)
    row = next((row for row in rows if row.key == key), None)
    if row is None or current is None:
        messages.warning(request, _("This queue is no longer in the distribution."))
        return redirect("bandwidth:distribution", contract.pk)
    initial = {**row.values(), "parent": row.parent_key, "version": current.number}
    initial["organization"] = row.organization_id
    form = AllocationForm(
        request.POST or None,
        rows=rows,
        organizations=_organizations(request),
        editing=row,
        initial=initial,
    )
    response = _submit_change(
        request,
        form,
        contract,
        partial(services.allocation_change, key=key),
        _("The queue has been saved: a new version of the distribution."),
    )
    return response or render(
        request,
        "bandwidth/allocation_form.html",
        {
            "contract": contract,
            "row": row,
            "form": form,
            "live_sum": _live_sum(contract, rows, row),
        },
        status=400 if form.is_bound else 200,
    )


@require_POST
def allocation_remove_view(request, contract_id: int, key: int):
    contract = _editor(request, _contract(request, contract_id))
    try:
        services.allocation_remove(
            actor=request.user,
            contract=contract,
            key=key,
            expected_version=_version(request),
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("The queue has been removed: a new version of the distribution.")
        )
    return redirect("bandwidth:distribution", contract.pk)


def _version(request) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


@require_POST
def version_restore_view(request, contract_id: int, number: int):
    contract = _editor(request, _contract(request, contract_id))
    try:
        version = services.distribution_restore(
            actor=request.user, contract=contract, number=number, expected_version=_version(request)
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Version %(old)s has been restored as version %(new)s.")
            % {"old": number, "new": version.number},
        )
    return redirect("bandwidth:distribution", contract.pk)


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


@require_GET
def version_compare_view(request, contract_id: int):
    contract = _contract(request, contract_id)
    versions = list(selectors.versions_of(user=request.user, contract=contract))
    by_number = {version.number: version for version in versions}
    right = by_number.get(_number(request.GET.get("right")) or 0) or (
        versions[0] if versions else None
    )
    left = by_number.get(_number(request.GET.get("left")) or 0)
    if left is None and right is not None:
        left = by_number.get(right.number - 1, right)
    return render(
        request,
        "bandwidth/compare.html",
        {
            "contract": contract,
            "versions": versions,
            "left": left,
            "right": right,
            "rows": selectors.compare(left, right) if left and right else [],
        },
    )


@require_GET
def export_view(request, contract_id: int, fmt: str):
    contract = _contract(request, contract_id)
    return export_response(contract, fmt)


def usage_view(request, contract_id: int):
    contract = _contract(request, contract_id)
    if request.method == "POST":
        _editor(request, contract)
    form = UsageImportForm(request.POST or None, request.FILES or None)

    def save(data):
        year, month = parse_month(contract, data["month"])
        return usage.usage_import(
            actor=request.user, contract=contract, month=date(year, month, 1), upload=data["file"]
        )

    response = submit_form(
        request,
        form,
        save,
        message=lambda count: _("%(count)s daily samples imported.") % {"count": count},
        then=lambda count: redirect(f"{request.path}?month={form.cleaned_data['month']}"),
    )
    if response:
        return response
    shown = None
    uses: list[usage.Use] = []
    month_text = request.GET.get("month") or (form.data.get("month") if form.is_bound else "")
    if not month_text:  # the latest month measured
        latest = usage.latest_day(contract=contract)
        month_text = latest.strftime("%Y-%m") if latest else ""
    if month_text:
        try:
            year, month = parse_month(contract, month_text)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            shown = date(year, month, 1)
            rows = selectors.rows_of(version=selectors.current_version(contract=contract))
            uses = usage.month_use(contract=contract, month=shown, rows=rows)
    return render(
        request,
        "bandwidth/usage.html",
        {
            "contract": contract,
            "form": form if may_edit_distribution(request.user) else None,
            "month": shown,
            "month_text": month_text,
            "uses": uses,
        },
        status=400 if form.is_bound else 200,
    )
