"""A contract's monthly SLA report: from the database to the pure engine (`contracts.sla`).

`sla_report(contract=, year=, month=)` reads, in a constant number of queries whatever the
number of links and outages (the links, their outages, the provider's maintenance windows with
the links they name, the monitor's runs, the incidents of the month with their links),
everything the engine needs for each of the contract's links, and calls `sla.link_month` per
link and `sla.contract_month` for the contract. A link's month that has been over for an hour
is computed once and kept (`contracts.sla_store`, ADR 0007): the report then reads the links
and their kept months, two queries. docs/sla.md writes the rules down; what is decided here:

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

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple, cast

from django.db.models import Q
from django.utils import timezone

from silajar.contracts import sla, sla_store
from silajar.contracts.models import Contract
from silajar.monitoring import watch
from silajar.providers.choices import (
    OPEN_INCIDENT_STATES,
    Exclusion,
    IncidentState,
    OutageSource,
)
from silajar.providers.incident_reads import times_breached
from silajar.providers.models import Link, MaintenanceWindow, Outage, ProviderIncident


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
    # the recorded outages overlapping the month, oldest first (read only when the report was
    # asked `with_outages`: the XLSX lists them)
    outages: tuple[OutageRow, ...]
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
    outages_read: bool = False  # the links' `outages` were read (`with_outages`)

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


class Incidents(NamedTuple):
    """A link's incidents of the month: how many, how many breached each limit, and whether
    one still runs (its times grow with `now`)."""

    number: int = 0
    response_breaches: int = 0
    restoration_breaches: int = 0
    running: bool = False


def _incidents_by_link(
    contract: Contract, links: Sequence[Link], *, start: datetime, end: datetime, now: datetime
) -> dict[int, Incidents]:
    """Per link, its incidents of the month (see `Incidents`)."""
    through = ProviderIncident.links.through.objects.filter(
        link_id__in=[link.pk for link in links],
        providerincident__started_at__gte=start,
        providerincident__started_at__lt=end,
    ).exclude(providerincident__state=IncidentState.CANCELLED)
    fields = [f"providerincident__{name}" for name in IncidentClock._fields]
    out: dict[int, Incidents] = defaultdict(Incidents)
    for link_id, *times in through.values_list("link_id", *fields):
        clock = IncidentClock(*times)
        response, restoration = breaches(clock, contract, now=now)
        mine = out[link_id]
        out[link_id] = Incidents(
            number=mine.number + 1,
            response_breaches=mine.response_breaches + response,
            restoration_breaches=mine.restoration_breaches + restoration,
            running=mine.running or clock.state in OPEN_INCIDENT_STATES,
        )
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


def _computed(
    contract: Contract,
    links: Sequence[Link],
    outages: dict[int, list[OutageRow]],
    *,
    year: int,
    month: int,
    now: datetime,
) -> dict[int, sla.LinkMonth]:
    """The engine's month of each of `links` (their outages already read), by link id."""
    if not links:
        return {}
    start, end = sla.month_range(year, month)
    terms = terms_of(contract)
    honoured = list(contract.exclusions or [])
    windows = _windows_by_link(contract, links, year=year, month=month)
    watched = watched_spans(links, start=start, end=end)
    return {
        link.pk: sla.link_month(
            year=year,
            month=month,
            active=active_spans(link, contract),
            watched=watched[link.pk],
            outages=_engine_outages(outages.get(link.pk, []), honoured),
            maintenance=windows.get(link.pk, []),
            terms=terms,
            monthly_fee=link.monthly_fee,
            now=now,
        )
        for link in links
    }


def sla_report(
    *,
    contract: Contract,
    year: int,
    month: int,
    now: datetime | None = None,
    with_bars: bool = False,
    with_outages: bool = False,
) -> SlaReport:
    """The contract's SLA for a calendar month in WIB, per link (by circuit ID) and in total.
    The caller checked that the user may see the contract (and the month: `parse_month`).

    A link's month over for an hour is read back where it was kept, and one computed here is
    kept when nothing of it still runs (`contracts.sla_store`, ADR 0007): a report whose
    months are all kept is two queries. `with_bars`: each month's bar
    (`LinkMonth.segments`: the page, the PDF, the XLSX). `with_outages`: the recorded outages
    that overlap the month (`LinkReport.outages`, the XLSX's list)."""
    now = now or timezone.now()
    start, end = sla.month_range(year, month)
    keep = sla_store.settled(year, month, now=now)
    links = list(contract.links.select_related("organization").order_by("circuit_id", "pk"))
    ids = [link.pk for link in links]
    kept = sla_store.kept(ids, year=year, month=month, bars=with_bars) if keep else {}
    missing = [link for link in links if link.pk not in kept]
    # read before the inputs: a change committed meanwhile leaves what is kept here unused
    generations = sla_store.generations([link.pk for link in missing]) if keep and missing else {}
    outages = (
        _outages_by_link(contract, links if with_outages else missing, start=start, end=end)
        if missing or with_outages
        else {}
    )
    computed = _computed(contract, missing, outages, year=year, month=month, now=now)
    incidents = (
        _incidents_by_link(contract, missing, start=start, end=end, now=now) if missing else {}
    )
    for link in missing:
        mine = incidents.get(link.pk, Incidents())
        kept[link.pk] = sla_store.Kept(
            computed[link.pk], mine.number, mine.response_breaches, mine.restoration_breaches
        )
    if keep:
        sla_store.store(
            {
                link.pk: kept[link.pk]
                for link in missing
                # nothing still runs: an open outage or a running incident grows with now
                if all(o.ended_at is not None for o in outages.get(link.pk, []))
                and not incidents.get(link.pk, Incidents()).running
            },
            generations=generations,
            now=now,
        )
    reports = tuple(
        LinkReport(
            link=link,
            month=kept[link.pk].month,
            outages=tuple(
                o
                for o in outages.get(link.pk, [])
                if o.started_at < end and (o.ended_at is None or o.ended_at > start)
            )
            if with_outages
            else (),
            incidents=kept[link.pk].incidents,
            response_breaches=kept[link.pk].response_breaches,
            restoration_breaches=kept[link.pk].restoration_breaches,
        )
        for link in links
    )
    return SlaReport(
        contract=contract,
        year=year,
        month=month,
        now=now,
        links=reports,
        total=sla.contract_month([r.month for r in reports]),
        outages_read=with_outages,
    )
