"""Use against allocation: the router's daily counters per queue, imported for a month, and
each consumer's measured use beside its CIR and MIR.

The file is a CSV text (UTF-8, comma or semicolon, at most `MAX_BYTES`) with a header row
naming its columns: `consumer` (the queue's name), `date` (YYYY-MM-DD, in the month), and
either `average_mbps` and `peak_mbps` or `bytes` (the day's total through the queue, whose
average rate is then also its peak). Every row is checked first and every bad one reported
by its row and column; nothing is saved unless all are good, and then the month's samples
of the contract are replaced by the file's."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from silajar.bandwidth.access import may_edit_distribution
from silajar.bandwidth.models import UsageSample
from silajar.bandwidth.rules import Row
from silajar.contracts.models import Contract
from silajar.core.audit import audit_record
from silajar.core.editing import locked
from silajar.core.errors import ActionForbidden, DomainError
from silajar.organizations.importexport.reading import read_csv

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 40_000
MAX_REPORTED = 20
MAX_MBPS = Decimal("9999999")
SECONDS_A_DAY = 86_400
PLACES = Decimal("0.001")


def _number(text: str) -> Decimal | None:
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    if not number.is_finite() or number < 0:
        return None
    return number


def _rows(upload) -> list[list[str]]:
    if upload.size is not None and upload.size > MAX_BYTES:
        raise _file_error(_("The file is too big: at most 2 MB is accepted."))
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _file_error(_("The file is too big: at most 2 MB is accepted."))
    try:
        rows = read_csv(data)
    except DomainError as error:
        raise _file_error(str(error.message)) from None
    rows = [row for row in rows if any(cell for cell in row)]
    if len(rows) > MAX_ROWS + 1:
        raise _file_error(_("The file has too many rows."))
    return rows


def _file_error(message: str) -> DomainError:
    return DomainError(message, fields={"file": [message]})


def _read_samples(rows: list[list[str]], month: date) -> list[dict[str, Any]]:
    """The samples of the rows (header first), or DomainError listing the bad cells."""
    if not rows:
        raise _file_error(_("The file is empty."))
    header = [cell.strip().lower() for cell in rows[0]]
    by_rate = {"average_mbps", "peak_mbps"} <= set(header)
    if "consumer" not in header or "date" not in header or not (by_rate or "bytes" in header):
        raise _file_error(
            _(
                "The first row names the columns: consumer, date, and average_mbps with "
                "peak_mbps, or bytes."
            )
        )
    column = {name: header.index(name) for name in header if name}
    problems: list[str] = []
    samples: dict[tuple[str, date], dict[str, Any]] = {}

    def problem(line: int, name: str, text: str) -> None:
        problems.append(
            _("Row %(row)s, column %(column)s: %(problem)s")
            % {"row": line, "column": name, "problem": text}
        )

    for line, cells in enumerate(rows[1:], start=2):

        def cell(name: str, cells: list[str] = cells) -> str:
            index = column.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        consumer = cell("consumer")
        if not consumer or len(consumer) > 100:
            problem(line, "consumer", _("give the queue's name (up to 100 characters)."))
        try:
            day = date.fromisoformat(cell("date"))
        except ValueError:
            day = None
            problem(line, "date", _("a date as YYYY-MM-DD."))
        if day is not None and (day.year, day.month) != (month.year, month.month):
            problem(line, "date", _("the date is outside the month imported."))
        if by_rate:
            average, peak = _number(cell("average_mbps")), _number(cell("peak_mbps"))
            if average is None or average > MAX_MBPS:
                problem(line, "average_mbps", _("a number of Mbps, 0 or more."))
            if peak is None or peak > MAX_MBPS:
                problem(line, "peak_mbps", _("a number of Mbps, 0 or more."))
            if average is not None and peak is not None and peak < average:
                problem(line, "peak_mbps", _("the peak cannot be below the average."))
        else:
            total = _number(cell("bytes"))
            if total is None or total != total.to_integral_value():
                problem(line, "bytes", _("a whole number of bytes, 0 or more."))
                average = peak = None
            else:
                average = peak = total * 8 / SECONDS_A_DAY / 1_000_000
                if average > MAX_MBPS:
                    problem(line, "bytes", _("more than a link carries in a day."))
        if consumer and day is not None and (consumer, day) in samples:
            problem(line, "date", _("this queue's day is already in an earlier row."))
        if len(problems) >= MAX_REPORTED:
            break
        if consumer and day is not None and average is not None and peak is not None:
            samples[(consumer, day)] = {
                "consumer": consumer,
                "day": day,
                "average_mbps": average.quantize(PLACES, rounding=ROUND_HALF_UP),
                "peak_mbps": peak.quantize(PLACES, rounding=ROUND_HALF_UP),
            }
    if problems:
        raise DomainError(
            _("Nothing was imported: correct these rows and upload the file again."),
            fields={"file": problems},
        )
    if not samples:
        raise _file_error(_("The file has no rows under its header."))
    return list(samples.values())


@transaction.atomic
def usage_import(*, actor, contract: Contract, month: date, upload) -> int:
    """Replace the contract's samples of `month` by those of the uploaded CSV (all or
    nothing); the number of samples kept."""
    if not may_edit_distribution(actor):
        raise ActionForbidden(_("Only the network administrator can import the counters."))
    samples = _read_samples(_rows(upload), month)
    contract = locked(contract)
    month_samples = UsageSample.objects.filter(
        contract=contract, day__year=month.year, day__month=month.month
    )
    replaced = month_samples.count()
    month_samples.delete()
    UsageSample.objects.bulk_create(UsageSample(contract=contract, **s) for s in samples)
    audit_record(
        actor=actor,
        action="distribution.usage_imported",
        obj=contract,
        changes={"month": [None, month.strftime("%Y-%m")], "samples": [replaced, len(samples)]},
    )
    return len(samples)


@dataclass
class Use:
    """A consumer's month: its allocation (None: a queue the distribution no longer has) and
    its measured use (None: no sample)."""

    consumer: str
    cir_mbps: int | None
    mir_mbps: int | None
    days: int
    peak_mbps: Decimal | None
    p95_mbps: Decimal | None

    @property
    def over_cir(self) -> bool:
        return (
            self.p95_mbps is not None
            and self.cir_mbps is not None
            and self.p95_mbps > self.cir_mbps
        )

    @property
    def at_mir(self) -> bool:
        return (
            self.peak_mbps is not None
            and self.mir_mbps is not None
            and self.peak_mbps >= self.mir_mbps
        )


def latest_day(*, contract: Contract) -> date | None:
    """The last day the contract's counters were imported for (None: never)."""
    return (
        UsageSample.objects.filter(contract=contract)
        .order_by("-day")
        .values_list("day", flat=True)
        .first()
    )


def percentile(values: list[Decimal], share: int) -> Decimal:
    """The nearest-rank percentile (`share` of 100) of `values` (not empty)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered) / 100) - 1)]


def month_use(*, contract: Contract, month: date, rows: list[Row]) -> list[Use]:
    """Each consumer of `rows` (the current allocations), then each consumer only the
    samples name, with the month's highest daily peak and the 95th percentile of the daily
    peaks."""
    peaks: dict[str, list[Decimal]] = {}
    for consumer, peak in UsageSample.objects.filter(
        contract=contract, day__year=month.year, day__month=month.month
    ).values_list("consumer", "peak_mbps"):
        peaks.setdefault(consumer, []).append(peak)
    uses = []
    for row in rows:
        values = peaks.pop(row.consumer, [])
        uses.append(
            Use(
                row.consumer,
                row.cir_mbps,
                row.mir_mbps,
                len(values),
                max(values) if values else None,
                percentile(values, 95) if values else None,
            )
        )
    for consumer, values in sorted(peaks.items()):
        uses.append(Use(consumer, None, None, len(values), max(values), percentile(values, 95)))
    return uses
