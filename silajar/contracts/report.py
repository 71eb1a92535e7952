"""A contract's monthly SLA report: from the database to the pure engine (`contracts.sla`).

`sla_report(contract=, year=, month=)` reads, in a constant number of queries whatever the
number of links and outages (four: the links, their outages, the provider's maintenance
windows with the links they name, the incidents of the month with their links), everything the
engine needs for each of the contract's links, and calls `sla.link_month` per link and
`sla.contract_month` for the contract. docs/sla.md writes the rules down; what is decided here:

* **Active spans.** A link is active from 00:00 WIB of `active_from` to 24:00 WIB of
  `active_until` (open while `active_until` is empty; never, without `active_from`), within
  the contract's period (a link counts under its contract only while the contract runs). The
  status is not read: a suspended or decommissioned link carries the dates it was recorded
  with (`active_until` for the end of its service).
* **Outages.** Those that overlap the month widened by a *margin* of `min_outage_seconds` on
  each side. The engine needs an outage chain's neighbours outside the month only to know
  whether the chain's whole length reaches `min_outage_seconds`; a neighbour beyond the margin
  can only be reached through outages that cover the whole margin, so the chain is already long
  enough without it, and the figures do not change.
* **Exclusions.** An outage is excluded when its `exclusion` is one of the contract's
  `exclusions`; a reason the contract does not honour counts like no reason.
* **Maintenance.** Only when the contract honours `maintenance`: the provider's windows that
  name the link or no link (all its links), weekly ones expanded, kept when announced at least
  `maintenance_notice_hours` before each occurrence (`sla.honoured_windows`).
* **Watched time.** `watched_spans`: the spans a monitor run covered one of the link's
  provider-side targets (`monitoring.watch`, two queries for all the links); a link without
  such a target has no monitoring (None), so all its active time is observed.
* **Incidents.** Per link, the provider incidents of the link that started in the month (WIB),
  cancelled ones (false alarms) left out, and those of them whose response time (reported →
  the provider's first acknowledgement) or restoration time (start → restored), in minutes to
  0.1, is over the contract's limit; a time still running counts up to now. (The rule of the
  incidents' own page, `providers.incident_reads`, measured against the report's contract.)
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple, cast

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from silajar.contracts import sla
from silajar.contracts.models import Contract
from silajar.core.errors import DomainError
from silajar.monitoring import watch
from silajar.providers.choices import (
    Exclusion,
    IncidentState,
    OutageSource,
)
from silajar.providers.incident_reads import times_breached
from silajar.providers.models import Link, MaintenanceWindow, Outage, ProviderIncident

MONTH_FORMAT = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_YEAR = 2000  # no contract of the province's is older; bounds the month's field


class OutageRow(NamedTuple):
    """What the report reads of a recorded outage (not the whole row: the report reads
    thousands of them; the XLSX reads the rest of its own: `outage_details`)."""

    pk: int
    link_id: int
    started_at: datetime
    ended_at: datetime | None
    exclusion: str

    def get_exclusion_display(self) -> str:
        return str(Exclusion(self.exclusion).label) if self.exclusion else ""


def outage_details(report: SlaReport) -> dict[int, tuple[str, str]]:
    """The source (as its label) and the cause of every outage of the report, by id."""
    ids = [outage.pk for row in report.links for outage in row.outages]
    rows = Outage.objects.filter(pk__in=ids).values_list("pk", "source", "cause")
    return {pk: (str(OutageSource(source).label), cause) for pk, source, cause in rows}


@dataclass(frozen=True)
class LinkReport:
    """One link's month: the engine's figures, its incidents and the outages that touch it."""

    link: Link
    month: sla.LinkMonth
    outages: tuple[OutageRow, ...]  # the recorded outages overlapping the month, oldest first
    incidents: int
    response_breaches: int
    restoration_breaches: int


@dataclass(frozen=True)
class SlaReport:
    contract: Contract
    year: int
    month: int
    now: datetime
    links: tuple[LinkReport, ...]
    total: sla.ContractMonth

    @property
    def label(self) -> str:
        """`YYYY-MM`, as the API and the query string write the month."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)


# --- the month -------------------------------------------------------------------------------


def _wib_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=sla.WIB)


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _from_index(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def report_months(contract: Contract, *, now: datetime | None = None) -> tuple[int, int]:
    """The first and last month (as year*12 + month-1) with a report: the contract's period,
    up to the month running now."""
    today = timezone.localdate(now or timezone.now())
    first = _month_index(contract.period_start)
    last = min(_month_index(contract.period_end), _month_index(today))
    return first, last


def default_month(contract: Contract, *, now: datetime | None = None) -> tuple[int, int]:
    """The last full month, moved into the contract's months (its first month while it has not
    run a full month yet, its last one once it has ended)."""
    first, last = report_months(contract, now=now)
    last_full = _month_index(timezone.localdate(now or timezone.now())) - 1
    return _from_index(max(first, min(last_full, last)))


def parse_month(contract: Contract, text: str | None, *, now: datetime | None = None):
    """`YYYY-MM` as (year, month), checked: a real month of the contract's period that has
    begun. Anything else is a DomainError on `month` (HTTP 400)."""

    def refuse(message) -> DomainError:
        return DomainError(message, fields={"month": [message]})

    match = MONTH_FORMAT.match(text or "")
    if not match:
        raise refuse(_("Give the month as YYYY-MM, e.g. 2026-11."))
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and year >= FIRST_YEAR):
        raise refuse(_("Give the month as YYYY-MM, e.g. 2026-11."))
    first, last = report_months(contract, now=now)
    index = year * 12 + month - 1
    if index > _month_index(timezone.localdate(now or timezone.now())):
        raise refuse(_("That month has not begun yet."))
    if not first <= index <= last:
        raise refuse(_("That month is outside the contract's period."))
    return year, month


def neighbour_months(
    contract: Contract, year: int, month: int, *, now: datetime | None = None
) -> tuple[str | None, str | None]:
    """The previous and next months with a report, as `YYYY-MM` (None at either end)."""
    first, last = report_months(contract, now=now)
    index = year * 12 + month - 1

    def label(i: int) -> str | None:
        if not first <= i <= last:
            return None
        y, m = _from_index(i)
        return f"{y:04d}-{m:02d}"

    return label(index - 1), label(index + 1)


# --- the engine's inputs ---------------------------------------------------------------------


def terms_of(contract: Contract) -> sla.Terms:
    return sla.Terms(
        availability_target=Decimal(contract.availability_target),
        min_outage_seconds=contract.min_outage_seconds,
        method=cast(sla.Method, contract.restitution_method),  # the engine checks it
        bands=tuple(
            sla.Band(
                below_percent=Decimal(str(band["below_percent"])),
                credit_percent=Decimal(str(band["credit_percent"])),
            )
            for band in contract.restitution_bands or []
        ),
        cap_percent=Decimal(contract.restitution_cap_percent),
    )


def active_spans(link: Link, contract: Contract) -> list[sla.Span]:
    """When `link` was in service under `contract` (see the module's docstring)."""
    if link.active_from is None:
        return []
    start = _wib_midnight(max(link.active_from, contract.period_start))
    last_day = min(link.active_until or contract.period_end, contract.period_end)
    end = _wib_midnight(last_day + timedelta(days=1))
    return [(start, end)] if end > start else []


def watched_spans(
    links: Sequence[Link], *, start: datetime, end: datetime
) -> dict[int, list[sla.Span] | None]:
    """When each link's monitor ran in [start, end); None for a link without monitoring (all
    its active time observed). The monitor's runs answer it (`monitoring.watch`)."""
    return watch.watched_spans(links, start=start, end=end)


def _windows_by_link(
    contract: Contract, links: Sequence[Link], *, year: int, month: int
) -> dict[int, list[tuple[datetime, datetime]]]:
    """The honoured maintenance occurrences of each link (none when the contract does not
    honour maintenance)."""
    if Exclusion.MAINTENANCE not in (contract.exclusions or []):
        return {}
    start, end = sla.month_range(year, month)
    # one row per window and link it names (a window naming none: one row, link None)
    rows = (
        MaintenanceWindow.objects.filter(provider_id=contract.provider_id)
        .filter(Q(weekly=True, starts_at__lt=end) | Q(starts_at__lt=end, ends_at__gt=start))
        .order_by("pk")
        .values_list("pk", "starts_at", "ends_at", "announced_at", "weekly", "links")
    )
    found: dict[int, sla.MaintenanceWindow] = {}
    named: dict[int, set[int]] = defaultdict(set)
    for pk, starts_at, ends_at, announced_at, weekly, link_id in rows:
        found[pk] = sla.MaintenanceWindow(
            start=starts_at, end=ends_at, announced_at=announced_at, weekly=weekly
        )
        if link_id is not None:
            named[pk].add(link_id)

    def honoured(chosen: list[int]) -> list[tuple[datetime, datetime]]:
        notice = contract.maintenance_notice_hours
        spans = [found[pk] for pk in chosen]
        return sla.honoured_windows(spans, year=year, month=month, notice_hours=notice)

    # the windows of all the provider's links are expanded once, the named ones per link
    common = honoured([pk for pk in found if not named[pk]])
    out = {}
    for link in links:
        own = [pk for pk in found if link.pk in named[pk]]
        out[link.pk] = sorted(common + honoured(own)) if own else common
    return out


def _outages_by_link(
    contract: Contract, links: Sequence[Link], *, start: datetime, end: datetime
) -> dict[int, list[OutageRow]]:
    margin = timedelta(seconds=contract.min_outage_seconds)
    rows = Outage.objects.filter(
        link__in=[link.pk for link in links], started_at__lte=end + margin
    ).filter(Q(ended_at__isnull=True) | Q(ended_at__gte=start - margin))
    out: dict[int, list[OutageRow]] = defaultdict(list)
    for row in rows.order_by("started_at", "pk").values_list(*OutageRow._fields):
        outage = OutageRow(*row)
        out[outage.link_id].append(outage)
    return out


class IncidentClock(NamedTuple):
    """What the breaches are measured from (a few fields of the incident, not the row)."""

    state: str
    started_at: datetime
    reported_at: datetime | None
    acknowledged_at: datetime | None
    restored_at: datetime | None


def breaches(incident: IncidentClock | ProviderIncident, contract: Contract, *, now: datetime):
    """Whether `incident` breached the contract's response and restoration limits:
    (response, restoration), by the incidents' own rule (`incident_reads.times_breached`)."""
    return times_breached(
        incident,
        max_response=contract.max_response_minutes,
        max_restoration=contract.max_restoration_minutes,
        now=now,
    )


def _incidents_by_link(
    contract: Contract, links: Sequence[Link], *, start: datetime, end: datetime, now: datetime
) -> dict[int, list[tuple[bool, bool]]]:
    """Per link, (response breached, restoration breached) of each incident of the month."""
    through = ProviderIncident.links.through.objects.filter(
        link_id__in=[link.pk for link in links],
        providerincident__started_at__gte=start,
        providerincident__started_at__lt=end,
    ).exclude(providerincident__state=IncidentState.CANCELLED)
    fields = [f"providerincident__{name}" for name in IncidentClock._fields]
    out: dict[int, list[tuple[bool, bool]]] = defaultdict(list)
    for link_id, *times in through.values_list("link_id", *fields):
        out[link_id].append(breaches(IncidentClock(*times), contract, now=now))
    return out


def _engine_outages(outages: Iterable[OutageRow], honoured: Sequence[str]) -> list[sla.Outage]:
    return [
        sla.Outage(
            start=o.started_at,
            end=o.ended_at,
            excluded=bool(o.exclusion) and o.exclusion in honoured,
        )
        for o in outages
    ]


# --- the report ------------------------------------------------------------------------------


def sla_report(
    *, contract: Contract, year: int, month: int, now: datetime | None = None
) -> SlaReport:
    """The contract's SLA for a calendar month in WIB, per link (by circuit ID) and in total.
    The caller checked that the user may see the contract (and the month: `parse_month`)."""
    now = now or timezone.now()
    start, end = sla.month_range(year, month)
    links = list(contract.links.select_related("organization").order_by("circuit_id", "pk"))
    terms = terms_of(contract)
    honoured = list(contract.exclusions or [])
    outages = _outages_by_link(contract, links, start=start, end=end)
    windows = _windows_by_link(contract, links, year=year, month=month)
    incidents = _incidents_by_link(contract, links, start=start, end=end, now=now)
    watched = watched_spans(links, start=start, end=end)
    reports = []
    for link in links:
        recorded = outages.get(link.pk, [])
        result = sla.link_month(
            year=year,
            month=month,
            active=active_spans(link, contract),
            watched=watched[link.pk],
            outages=_engine_outages(recorded, honoured),
            maintenance=windows.get(link.pk, []),
            terms=terms,
            monthly_fee=link.monthly_fee,
            now=now,
        )
        mine = incidents.get(link.pk, [])
        reports.append(
            LinkReport(
                link=link,
                month=result,
                outages=tuple(
                    o
                    for o in recorded
                    if o.started_at < end and (o.ended_at is None or o.ended_at > start)
                ),
                incidents=len(mine),
                response_breaches=sum(1 for response, _late in mine if response),
                restoration_breaches=sum(1 for _slow, restoration in mine if restoration),
            )
        )
    return SlaReport(
        contract=contract,
        year=year,
        month=month,
        now=now,
        links=tuple(reports),
        total=sla.contract_month([r.month for r in reports]),
    )
