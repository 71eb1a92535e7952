"""A contract's monthly SLA report: the page (`?month=YYYY-MM`, the last full month by
default; each link's figures and bar of the month, the contract's total and restitution) and
its downloads, the PDF and the XLSX. Whoever sees the contract sees its report; a month that
is not one of the contract's answers the page with the refusal (400)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from silajar.contracts.models import Contract
from silajar.contracts.report import SlaReport, sla_report
from silajar.contracts.report_months import (
    default_month,
    neighbour_months,
    parse_month,
    report_months,
)
from silajar.contracts.sla_documents import (
    bar,
    exclusion_labels,
    filename,
    legend,
    render_sla_pdf,
    render_sla_xlsx,
    running,
)
from silajar.core.access import get_visible_or_404
from silajar.core.downloads import document_response
from silajar.core.errors import DomainError
from silajar.core.exports import XLSX_CONTENT_TYPE

TEMPLATE = "contracts/sla_report.html"


def _month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _refused(request, contract: Contract, error: DomainError):
    first, last = report_months(contract)
    context = {
        "object": contract,
        "error": error.message,
        "month": request.GET.get("month", ""),
        "first_month": _month_label(first),
        "last_month": _month_label(last),
    }
    return render(request, TEMPLATE, context, status=400)


def _answer(request, pk: int, then, *, with_outages: bool = False):
    """`then(contract, report)` for the contract the user may see and the asked month (the
    default one when none is asked); the page with the refusal (400) for a month that is not
    one of the contract's. Each link's bar is read (the page and both files draw or use it);
    `with_outages`: the report lists the month's outages (the XLSX)."""
    contract = get_visible_or_404(request.user, Contract, pk=pk)
    try:
        if request.GET.get("month"):
            year, month = parse_month(contract, request.GET["month"])
        else:
            year, month = default_month(contract)
    except DomainError as error:
        return _refused(request, contract, error)
    report = sla_report(
        contract=contract, year=year, month=month, with_bars=True, with_outages=with_outages
    )
    return then(contract, report)


def _page(request, contract: Contract, report: SlaReport):
    previous, following = neighbour_months(contract, report.year, report.month)
    first, last = report_months(contract)
    return render(
        request,
        TEMPLATE,
        {
            "object": contract,
            "report": report,
            "month": report.label,
            "first_month": _month_label(first),
            "last_month": _month_label(last),
            "previous": previous,
            "next": following,
            "running": running(report),
            "rows": [{"row": row, "bar": bar(row.month)} for row in report.links],
            "legend": legend(),
            "exclusions": exclusion_labels(contract),
        },
    )


@require_GET
def contract_sla_view(request, pk: int):
    return _answer(request, pk, lambda contract, report: _page(request, contract, report))


# the report's downloads: how each is drawn, its content type, whether it lists the outages
DOWNLOADS = {
    "pdf": (render_sla_pdf, "application/pdf", False),
    "xlsx": (render_sla_xlsx, XLSX_CONTENT_TYPE, True),
}


@require_GET
def contract_sla_file_view(request, pk: int, fmt: str):
    """The report as a PDF (A4, on the letterhead) or an XLSX (numbers as numbers)."""
    draw, content_type, with_outages = DOWNLOADS[fmt]
    return _answer(
        request,
        pk,
        lambda _contract, report: document_response(
            draw(report), filename(report, fmt), inline=False, content_type=content_type
        ),
        with_outages=with_outages,
    )
