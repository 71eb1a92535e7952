"""Intranet or internet? The evidence of a complaint's place, and the fault domain it proposes.

`evidence_for_place(organization=…, location=…, at=…, now=…)` reads what the monitor recorded
for a place — its own targets (`Target.location`) and those of the links serving it
(`providers.selectors.links_serving_place`: the active links at the place, else the
agency's) — at the moment `at` and now; `evidence_for(ticket, now=…)` is the same for a ticket's
place at the time it was reported (`created_at`), leaving the ticket out of the related ones.
Pure reads, a fixed handful of queries whatever the size of the data (links, targets, runs,
downtimes, probes, outages, incidents, tickets; the hour's roll-ups when raw probes are gone).

Per target:

- **state at the reported time**: `down` when one of its `TargetDowntime` intervals
  [started_at, ended_at) holds that time; `unknown` when the target did not exist yet, or no
  monitor run covered that time; else `up`. A run covers [started_at, ended_at], or, while it
  has no end (running, or killed), [started_at, beat_at + HEARTBEAT_GRACE]; with several
  shards, only a run of the shard that probes the target counts (`shards.shard_of`, as the
  SLA's watched time counts it: `watch`).
- **state now**: the target's own state (`paused` when paused), `unknown` when no monitor run
  covers now;
- **latency** near the reported time and now: the mean of the good probes of the
  `LATENCY_WINDOW` before that time (`ProbeMinute`), and the share of failed ones (loss); past
  the raw retention, the reported time's hourly roll-up (`LatencyRollup`).

Around them: the outages of the links open now or at the reported time, the open provider
incidents of the links, and the other open tickets from the same building (same agency and
building) or served by the same links (at a link's location, or of its agency when the link has
no location), at most `RELATED_LIMIT`.

The fault domain it proposes, with its reason in words: `monitoring.proposal`."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.db.models import Q
from django.urls import reverse

from silajar.monitoring.choices import (
    RollupPeriod,
    TargetRole,
    TargetState,
)
from silajar.monitoring.models import (
    LatencyRollup,
    MonitorRun,
    ProbeMinute,
    Target,
    TargetDowntime,
)
from silajar.monitoring.proposal import (
    DOWN,
    UNKNOWN,
    UP,
    Evidence,
    IncidentEvidence,
    OutageEvidence,
    RelatedTicket,
    TargetEvidence,
    propose,
)
from silajar.monitoring.shards import shard_of
from silajar.organizations.models import Location
from silajar.providers.choices import OPEN_INCIDENT_STATES
from silajar.providers.models import Link, Outage, ProviderIncident
from silajar.providers.selectors import links_serving_place
from silajar.tickets.choices import OPEN_STATES
from silajar.tickets.models import Ticket

# an unended run (running, or killed) covers until its last heartbeat and this much after it
HEARTBEAT_GRACE = timedelta(minutes=2)
# the probes read for the latency near a moment: those of the few minutes before it
LATENCY_WINDOW = timedelta(minutes=5)
RELATED_LIMIT = 100
ROLE_ORDER: dict[str, int] = {
    TargetRole.GATEWAY: 0,
    TargetRole.LAN: 1,
    TargetRole.PROVIDER: 2,
    TargetRole.UPSTREAM: 3,
}


# --- reading ---------------------------------------------------------------------------------


def evidence_for(ticket: Ticket, *, now: datetime) -> Evidence:
    """The evidence of the ticket's place at the time it was reported and now."""
    evidence = evidence_for_place(
        organization_id=ticket.organization_id,
        location=ticket.location,
        at=ticket.created_at,
        now=now,
        exclude_ticket_id=ticket.pk,
    )
    evidence.ticket = ticket
    return evidence


def evidence_for_place(
    *,
    organization_id: int,
    location: Location | None,
    at: datetime,
    now: datetime,
    exclude_ticket_id: int | None = None,
) -> Evidence:
    """The evidence of a place (`location`, None when not known: the agency's links only) at
    the moment `at` and now, with the proposed fault domain and its reason."""
    location_id = location.pk if location is not None else None
    links = list(
        links_serving_place(organization_id=organization_id, location_id=location_id).order_by("pk")
    )
    link_ids = [link.pk for link in links]
    where = Q(link_id__in=link_ids)
    if location_id is not None:
        where |= Q(location_id=location_id)
    targets = list(Target.objects.filter(where))
    target_ids = [t.pk for t in targets]
    covered = _coverage(target_ids, at, now)
    downtimes = {
        d.target_id: d
        for d in TargetDowntime.objects.filter(target_id__in=target_ids, started_at__lte=at).filter(
            Q(ended_at__isnull=True) | Q(ended_at__gt=at)
        )
    }
    latency = _latency(target_ids, at, now)
    rows = [_target_row(t, downtimes.get(t.pk), *covered[t.pk], latency, at) for t in targets]
    rows.sort(key=lambda r: (ROLE_ORDER.get(r.role, 9), r.name, r.id))
    outages = _outages(link_ids, at)
    incidents = _incidents(link_ids)
    related = _related(location, links, exclude_ticket_id)
    domain, reason = propose(
        targets=rows,
        outages=outages,
        incidents=incidents,
        related=related,
        at=at,
        now=now,
    )
    return Evidence(
        at=at,
        now=now,
        organization_id=organization_id,
        location_id=location_id,
        targets=rows,
        links=links,
        outages=outages,
        incidents=incidents,
        related_tickets=related,
        proposed_domain=domain,
        reason=reason,
    )


def _covers(run: MonitorRun, moment: datetime) -> bool:
    end = run.ended_at if run.ended_at is not None else run.beat_at + HEARTBEAT_GRACE
    return run.started_at <= moment <= end


def _coverage(target_ids: list[int], at: datetime, now: datetime) -> dict[int, tuple[bool, bool]]:
    """Per target, whether a run of the shard that probes it covered the moment `at`, and now
    (one query)."""
    runs = list(
        MonitorRun.objects.filter(
            Q(started_at__lte=at)
            & (Q(ended_at__gte=at) | Q(ended_at__isnull=True, beat_at__gte=at - HEARTBEAT_GRACE))
            | Q(started_at__lte=now)
            & (Q(ended_at__gte=now) | Q(ended_at__isnull=True, beat_at__gte=now - HEARTBEAT_GRACE))
        ).only("shard", "shards", "started_at", "beat_at", "ended_at")
    )

    def covered(target_id: int, moment: datetime) -> bool:
        return any(
            run.shard == shard_of(target_id, run.shards) and _covers(run, moment) for run in runs
        )

    return {pk: (covered(pk, at), covered(pk, now)) for pk in target_ids}


def _latency(
    target_ids: list[int], at: datetime, now: datetime
) -> dict[tuple[int, str], tuple[float | None, float | None]]:
    """(target, "at"|"now") -> (mean latency of the good probes in ms, loss 0…1) over the
    window before each moment; at the reported time, once its raw probes are gone, the mean and
    loss of the hour's roll-up; missing when nothing was kept."""
    windows = {"at": (at - LATENCY_WINDOW, at), "now": (now - LATENCY_WINDOW, now)}
    where = Q()
    for start, end in windows.values():
        where |= Q(minute__gte=start.replace(second=0, microsecond=0), minute__lte=end)
    probes: dict[tuple[int, str], list] = defaultdict(list)
    for row in ProbeMinute.objects.filter(where, target_id__in=target_ids).only(
        "target_id", "minute", "probes"
    ):
        for key, (start, end) in windows.items():
            for second, latency_ms in row.probes or []:
                moment = row.minute + timedelta(seconds=second)
                if start <= moment <= end:
                    probes[(row.target_id, key)].append(latency_ms)
    answer: dict[tuple[int, str], tuple[float | None, float | None]] = {}
    for pair, values in probes.items():
        good = [v for v in values if v is not None]
        mean = round(sum(good) / len(good), 1) if good else None
        answer[pair] = (mean, round((len(values) - len(good)) / len(values), 3))
    missing = [pk for pk in target_ids if (pk, "at") not in answer]
    if missing:
        hour = at.replace(minute=0, second=0, microsecond=0)
        for rollup in LatencyRollup.objects.filter(
            target_id__in=missing, period=RollupPeriod.HOUR, start=hour
        ):
            mean = round(rollup.mean_ms, 1) if rollup.mean_ms is not None else None
            answer[(rollup.target_id, "at")] = (mean, round(rollup.loss, 3))
    return answer


def _target_row(target, downtime, covered_at, covered_now, latency, at) -> TargetEvidence:
    if downtime is not None:
        at_report = DOWN
    elif target.created_at > at or not covered_at:
        at_report = UNKNOWN
    else:
        at_report = UP
    if target.paused:
        now_state = TargetState.PAUSED.value
    elif covered_now:
        now_state = target.state
    else:
        now_state = UNKNOWN
    lat_at, loss_at = latency.get((target.pk, "at"), (None, None))
    lat_now, loss_now = latency.get((target.pk, "now"), (None, None))
    return TargetEvidence(
        id=target.pk,
        name=target.name,
        role=target.role,
        role_label=str(target.get_role_display()),
        vantage=target.vantage,
        link_id=target.link_id,
        location_id=target.location_id,
        state_at_report=at_report,
        down_since_at_report=downtime.started_at if downtime else None,
        down_until_at_report=downtime.ended_at if downtime else None,
        state_now=now_state,
        since_now=target.state_since if now_state == target.state else None,
        latency_ms_at_report=lat_at,
        loss_at_report=loss_at,
        latency_ms_now=lat_now,
        loss_now=loss_now,
    )


def _outages(link_ids: list[int], at: datetime) -> list[OutageEvidence]:
    rows = (
        Outage.objects.filter(link_id__in=link_ids)
        .filter(Q(ended_at__isnull=True) | Q(started_at__lte=at, ended_at__gt=at))
        .select_related("link__provider")
        .order_by("-started_at", "-pk")
    )
    return [
        OutageEvidence(
            id=o.pk,
            link_id=o.link_id,
            link=str(o.link),
            started_at=o.started_at,
            ended_at=o.ended_at,
            source=o.source,
            source_label=str(o.get_source_display()),
            url=o.link.get_absolute_url(),
        )
        for o in rows
    ]


def _incidents(link_ids: list[int]) -> list[IncidentEvidence]:
    rows = (
        ProviderIncident.objects.filter(links__in=link_ids, state__in=OPEN_INCIDENT_STATES)
        .select_related("provider")
        .distinct()
        .order_by("-started_at", "-pk")
    )
    return [
        IncidentEvidence(
            id=i.pk,
            number=i.number,
            state=i.state,
            state_label=str(i.get_state_display()),
            state_badge=i.state_badge,
            provider=str(i.provider),
            url=i.get_absolute_url(),
        )
        for i in rows
    ]


def _related(
    location: Location | None, links: list[Link], exclude_ticket_id: int | None
) -> list[RelatedTicket]:
    """The other open tickets from the same building or served by the same links."""
    where = Q(pk__in=[])
    if location is not None:
        where |= Q(
            location__organization_id=location.organization_id,
            location__building=location.building,
        )
    for link in links:
        if link.location_id:
            where |= Q(location_id=link.location_id)
        else:
            where |= Q(organization_id=link.organization_id)
    rows = (
        Ticket.objects.filter(where, state__in=OPEN_STATES)
        .exclude(pk=exclude_ticket_id or 0)
        .select_related("location")
        .order_by("-created_at", "-pk")[:RELATED_LIMIT]
    )
    states = dict(Ticket._meta.get_field("state").choices or [])
    marker = 2147483647
    url = reverse("tickets:detail", args=[marker]).replace(str(marker), "{}")
    return [
        RelatedTicket(
            id=t.pk,
            number=t.number,
            state=t.state,
            state_label=str(states.get(t.state, t.state)),
            place=str(t.location) if t.location else "",
            created_at=t.created_at,
            same_building=location is not None
            and t.location is not None
            and t.location.organization_id == location.organization_id
            and t.location.building == location.building,
            url=url.format(t.pk),
        )
        for t in rows
    ]
