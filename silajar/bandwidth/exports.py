"""The downloads of a contract's current distribution: the RouterOS script (`rsc`) and CSV,
for the pages and the API alike (the caller checked access)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.text import slugify

from silajar.bandwidth import routeros, selectors
from silajar.bandwidth.choices import ConsumerKind
from silajar.bandwidth.models import DistributionVersion
from silajar.bandwidth.rules import Row, tree_order
from silajar.contracts.models import Contract
from silajar.core.exports import csv_response
from silajar.organizations.models import Organization

FORMATS = ("rsc", "csv")
CSV_HEADERS = (
    "Konsumen",
    "Induk",
    "Jenis",
    "CIR (Mbps)",
    "MIR (Mbps)",
    "Prioritas",
    "Target",
    "OPD dilayani",
    "Versi",
)


def csv_rows(version: DistributionVersion, rows: list[Row]):
    names = {row.key: row.consumer for row in rows}
    organizations = dict(
        Organization.objects.filter(
            pk__in={row.organization_id for row in rows if row.organization_id}
        ).values_list("pk", "name")
    )
    kinds = dict(ConsumerKind.choices)
    for row, _level in tree_order(rows):
        yield [
            row.consumer,
            names.get(row.parent_key, "") if row.parent_key else "",
            str(kinds.get(row.kind, row.kind)),
            str(row.cir_mbps),
            str(row.mir_mbps),
            str(row.priority),
            row.target,
            organizations.get(row.organization_id, "") if row.organization_id else "",
            str(version.number),
        ]


def export_response(contract: Contract, fmt: str) -> HttpResponse:
    """The current version as `fmt` (404 for another format, or before any version)."""
    version = selectors.current_version(contract=contract)
    if fmt not in FORMATS or version is None:
        raise Http404
    rows = selectors.rows_of(version=version)
    stem = f"distribusi-{slugify(contract.number) or contract.pk}-v{version.number}"
    if fmt == "csv":
        return csv_response(CSV_HEADERS, csv_rows(version, rows), f"{stem}.csv")
    response = HttpResponse(
        routeros.script(version, rows), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{stem}.rsc"'
    return response
