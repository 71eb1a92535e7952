"""What the SLA report shows, beside the API's figures: each link's bar of the month (for the
page and the PDF, its colours defined once here), the A4 PDF (letterhead, Indonesian, to
attach to the province's letter to the provider) and the XLSX (numbers as numbers: one row
per link and a total row; a second sheet with the month's outages and what each counted)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from silajar.contracts import sla, sla_results
from silajar.contracts.report import LinkReport, SlaReport, outage_details
from silajar.core.exports import neutralise
from silajar.documents.dates import long_date, month_year
from silajar.documents.pdf import render_pdf
from silajar.providers.choices import Exclusion

StrOrPromise = str | Promise
PDF_TEMPLATE = "documents/sla_report.html"


@dataclass(frozen=True)
class BarKind:
    label: StrOrPromise
    colour: str  # an SVG fill: the page, its legend and the PDF use these


BAR_KINDS: dict[str, BarKind] = {
    "up": BarKind(_("Up"), "#198754"),
    "down": BarKind(_("Down (counted)"), "#dc3545"),
    "short": BarKind(_("Down, shorter than the outage that counts"), "#fd7e14"),
    "excluded": BarKind(_("Excluded"), "#6f42c1"),
    "unmonitored": BarKind(_("Unmonitored"), "#adb5bd"),
    "inactive": BarKind(_("Not active"), "#e9ecef"),
    "future": BarKind(_("Not yet"), "#f8f9fa"),
}


def _kind(segment: sla_results.Segment) -> str:
    if segment.label == "down" and not segment.counted:
        return "short"
    return segment.label


def bar(month: sla.LinkMonth) -> list[dict]:
    """The month's bar: one piece per segment, `x` and `width` in thousandths of the month (an
    SVG <rect>'s attributes, no style), its colour and a title with its times and minutes."""
    whole = month.end - month.start
    labels = {name: str(kind.label) for name, kind in BAR_KINDS.items()}  # translated once
    minute = str(_("min"))
    pieces = []
    for segment in month.segments:
        name = _kind(segment)
        start, end = segment.start.astimezone(sla.WIB), segment.end.astimezone(sla.WIB)
        pieces.append(
            {
                "x": f"{1000 * ((segment.start - month.start) / whole):.3f}",
                "width": f"{1000 * (segment.duration / whole):.3f}",
                "colour": BAR_KINDS[name].colour,
                "title": f"{labels[name]}: {start:%d/%m %H.%M}–{end:%d/%m %H.%M} WIB "
                f"({segment.minutes.normalize():f} {minute})",
            }
        )
    return pieces


def legend() -> list[BarKind]:
    return list(BAR_KINDS.values())


def filename(report: SlaReport, ext: str) -> str:
    return f"sla-{slugify(report.contract.number)}-{report.label}.{ext}"


# --- PDF -------------------------------------------------------------------------------------


def exclusion_labels(contract) -> list[str]:
    """The exclusion reasons the contract honours, by their labels."""
    return [str(label) for code, label in Exclusion.choices if code in (contract.exclusions or [])]


def running(report: SlaReport) -> bool:
    """Whether the month is still running (its figures are up to `report.now`)."""
    return report.now < sla.month_range(report.year, report.month)[1]


def render_sla_pdf(report: SlaReport) -> bytes:
    """The A4 report in Indonesian, with the API's figures."""
    contract = report.contract
    with translation.override("id"):
        return render_pdf(
            PDF_TEMPLATE,
            {
                "report": report,
                "contract": contract,
                "month_name": month_year(report.year, report.month),
                "rows": [{"row": row, "bar": bar(row.month)} for row in report.links],
                "legend": legend(),
                "unmeasured": any(not row.month.measured for row in report.links),
                "exclusions": exclusion_labels(contract),
                "period": f"{long_date(contract.period_start)} – {long_date(contract.period_end)}",
                "running": running(report),
                "now": long_date(report.now, with_time=True),
                "printed_at": long_date(timezone.now(), with_time=True),
            },
        )


# --- XLSX ------------------------------------------------------------------------------------

MINUTES = "#,##0.000"
PERCENT = "0.000"
RUPIAH = "#,##0"
WHEN = "yyyy-mm-dd hh:mm"
LINK_COLUMNS = (
    ("ID sirkuit", None),
    ("Instansi", None),
    ("Biaya bulanan (Rp)", RUPIAH),
    ("Menit sebulan", MINUTES),
    ("Menit teramati", MINUTES),
    ("Menit gangguan", MINUTES),
    ("Menit dikecualikan", MINUTES),
    ("Menit dihitung", MINUTES),
    ("Menit tanpa pemantauan", MINUTES),
    ("Ketersediaan (%)", PERCENT),
    ("Target tercapai", None),
    ("Insiden", None),
    ("Pelanggaran waktu respons", None),
    ("Pelanggaran waktu pemulihan", None),
    ("Restitusi (Rp)", RUPIAH),
)
OUTAGE_COLUMNS = (
    ("ID sirkuit", None),
    ("Mulai (WIB)", WHEN),
    ("Selesai (WIB)", WHEN),
    ("Menit dalam bulan ini", MINUTES),
    ("Menit dikecualikan", MINUTES),
    ("Menit dihitung", MINUTES),
    ("Alasan pengecualian", None),
    ("Sumber", None),
    ("Penyebab", None),
)


def _wib(moment: datetime | None) -> datetime | None:
    """A moment as a spreadsheet cell holds it: WIB, without a zone."""
    return moment.astimezone(sla.WIB).replace(tzinfo=None) if moment else None


def _overlap(a: datetime, b: datetime, c: datetime, d: datetime) -> timedelta:
    return max(timedelta(0), min(b, d) - max(a, c))


def outage_minutes(row: LinkReport, outage) -> tuple[Decimal, Decimal, Decimal]:
    """The minutes of a recorded outage in the month's observed time: down, excluded and
    counted (from the bar's segments: merged outages count once, as the engine counts them)."""
    end = outage.ended_at or row.month.end
    totals = {"down": timedelta(0), "excluded": timedelta(0), "counted": timedelta(0)}
    for segment in row.month.segments:
        if segment.label not in ("down", "excluded"):
            continue
        shared = _overlap(outage.started_at, end, segment.start, segment.end)
        totals["down"] += shared
        if segment.label == "excluded":
            totals["excluded"] += shared
        elif segment.counted:
            totals["counted"] += shared
    return (
        sla_results.minutes_of(totals["down"]),
        sla_results.minutes_of(totals["excluded"]),
        sla_results.minutes_of(totals["counted"]),
    )


def _append(sheet, values, formats) -> None:
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value, number_format in zip(values, formats, strict=True):
        cell = WriteOnlyCell(sheet, value=neutralise(value) if isinstance(value, str) else value)
        if number_format and value is not None and not isinstance(value, str):
            cell.number_format = number_format
        cells.append(cell)
    sheet.append(cells)


def _header(sheet, columns) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cells = []
    for title, _format in columns:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)


def render_sla_xlsx(report: SlaReport) -> bytes:
    """The workbook: sheet `SLA` (a row per link, then the contract's total) and sheet
    `Gangguan` (each recorded outage of the month and its minutes: the report must have read
    them, `sla_report(with_outages=True)`)."""
    from openpyxl import Workbook

    if not report.outages_read:
        raise ValueError("the XLSX lists the outages: read the report with_outages=True")

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("SLA")
    _header(sheet, LINK_COLUMNS)
    formats = [f for _t, f in LINK_COLUMNS]
    with translation.override("id"):
        for row in report.links:
            month = row.month
            _append(
                sheet,
                [
                    row.link.circuit_id,
                    row.link.organization.name,
                    row.link.monthly_fee,
                    month.minutes,
                    month.observed_minutes,
                    month.downtime_minutes,
                    month.excluded_minutes,
                    month.counted_minutes,
                    month.unmonitored_minutes,
                    month.availability_percent,
                    "ya" if month.target_met else "tidak",
                    row.incidents,
                    row.response_breaches,
                    row.restoration_breaches,
                    month.restitution_amount,
                ],
                formats,
            )
        total = report.total
        _append(
            sheet,
            [
                "Total",
                None,
                sum(row.link.monthly_fee for row in report.links),
                None,
                total.observed_minutes,
                total.downtime_minutes,
                total.excluded_minutes,
                total.counted_minutes,
                None,
                total.availability_percent,
                None,
                sum(row.incidents for row in report.links),
                sum(row.response_breaches for row in report.links),
                sum(row.restoration_breaches for row in report.links),
                total.restitution_amount,
            ],
            formats,
        )
        outages = workbook.create_sheet("Gangguan")
        _header(outages, OUTAGE_COLUMNS)
        formats = [f for _t, f in OUTAGE_COLUMNS]
        details = outage_details(report)
        for row in report.links:
            for outage in row.outages:
                down, excluded, counted = outage_minutes(row, outage)
                _append(
                    outages,
                    [
                        row.link.circuit_id,
                        _wib(outage.started_at),
                        _wib(outage.ended_at),
                        down,
                        excluded,
                        counted,
                        outage.get_exclusion_display(),
                        *details[outage.pk],
                    ],
                    formats,
                )
    target = io.BytesIO()
    workbook.save(target)
    return target.getvalue()
