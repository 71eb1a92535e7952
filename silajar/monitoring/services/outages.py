"""From targets down to the providers' outages and incidents (issue 12, point 3).

* A **provider-side** target (`provider`, `upstream`) of a link confirmed down opens an outage
  of the link with source `monitoring`, from the downtime's start, or joins the link's
  monitoring outage already open. The outage ends when no downtime of it is open any more, at
  the latest recovery among them. The monitor is the recorder (`actor=None`, the system).
* **Our side.** When the site's gateway is down, or the provider's CPE is unreachable from
  inside while it answers from outside (`vantage`), or every target of the site is down at
  once (a power cut) and the site has targets of our side, the outage gets `customer_side` as
  its *proposed* exclusion, for the network administrator to confirm or dismiss. It is
  checked whenever a target of the link or of its place goes down, and when a CPE probed from
  outside comes up.
* **Maintenance.** An outage that starts inside a maintenance window of the link's provider
  covering the link carries the `maintenance` exclusion when that occurrence was announced at
  least the contract's notice before it; if the outage outlasts the window, the exclusion is
  withdrawn when it ends (the window's own time stays excluded by the SLA report's windows).
  While any window is under way, nothing is announced and no incident is opened.
* **Escalation.** An outage still open `SILAJAR_MONITOR_INCIDENT_AFTER_MINUTES` after its start
  opens a provider incident with source `monitoring` (or joins the link's open incident) and
  tells the network administrators, once; an outage proposed as our side opens no incident but
  is told as such. Recovery tells them again (only about outages they were told of)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from silajar.core.editing import audited_update
from silajar.core.jobs import enqueue
from silajar.monitoring.choices import (
    OUR_SIDE_ROLES,
    PROVIDER_SIDE_ROLES,
    TargetRole,
    TargetState,
    Vantage,
)
from silajar.monitoring.models import Target, TargetDowntime
from silajar.providers.choices import OPEN_INCIDENT_STATES, Exclusion, IncidentSource, OutageSource
from silajar.providers.models import Link, MaintenanceWindow, Outage
from silajar.providers.services.incidents import incident_create
from silajar.providers.services.outages import outage_end, outage_record

WEEK = timedelta(weeks=1)


def _announce(event: str, outage_id: int) -> None:
    transaction.on_commit(lambda: enqueue("monitoring.announce", event, outage_id))


# --- maintenance ---------------------------------------------------------------------------------


def maintenance_under_way(*, link: Link, at: datetime) -> tuple[datetime, datetime, bool] | None:
    """The occurrence of a maintenance window of the link's provider covering the link (it
    names the link, or no link) under way at `at`: (start, end, honoured) — honoured when it
    was announced at least the link's contract's `maintenance_notice_hours` before it started.
    None when no window is under way."""
    windows = (
        MaintenanceWindow.objects.filter(provider_id=link.provider_id, starts_at__lte=at)
        .filter(Q(links=link) | Q(links__isnull=True))
        .filter(Q(weekly=True) | Q(ends_at__gt=at))
        .distinct()
        .order_by("starts_at", "pk")
    )
    contract = link.contract
    notice = timedelta(hours=contract.maintenance_notice_hours if contract is not None else 0)
    found = None
    for window in windows:
        length = window.ends_at - window.starts_at
        start = window.starts_at
        if window.weekly:
            start += (at - window.starts_at) // WEEK * WEEK
        if start <= at < start + length:
            honoured = start - window.announced_at >= notice
            if found is None or honoured:
                found = (start, start + length, honoured)
    return found


# --- our side ------------------------------------------------------------------------------------


def _our_side_down(link: Link) -> bool:
    """Whether the link's site looks down on our side: its gateway is down; or the provider's
    CPE is unreachable from inside (every `inside` provider target of the link down) while it
    answers from outside (an `outside` one up); or every target of the site (the link's and its
    place's) is down and some of them are ours."""
    site = Q(link_id=link.pk)
    if link.location_id:
        site |= Q(location_id=link.location_id)
    rows = list(
        Target.objects.filter(site, paused=False).values_list("role", "state", "vantage", "link_id")
    )
    if any(role == TargetRole.GATEWAY and state == TargetState.DOWN for role, state, *_ in rows):
        return True
    cpe = [
        (v, state) for role, state, v, of in rows if role == TargetRole.PROVIDER and of == link.pk
    ]
    inside = [state for vantage, state in cpe if vantage == Vantage.INSIDE]
    if (
        inside
        and all(state == TargetState.DOWN for state in inside)
        and any(v == Vantage.OUTSIDE and state == TargetState.UP for v, state in cpe)
    ):
        return True
    ours = any(role in OUR_SIDE_ROLES for role, *_ in rows)
    return ours and all(state == TargetState.DOWN for _role, state, *_ in rows)


def propose_customer_side(*, link_ids: Collection[int], location_ids: Collection[int]) -> None:
    """Propose `customer_side` on the open monitoring outages of these links and of the links
    at these places, where our side looks down (`_our_side_down`)."""
    place = Q(link_id__in=link_ids) | Q(link__location_id__in=location_ids)
    open_outages = (
        Outage.objects.filter(place, source=OutageSource.MONITORING, ended_at__isnull=True)
        .filter(proposed_exclusion="", exclusion="")
        .select_related("link")
    )
    for outage in open_outages:
        if _our_side_down(outage.link):
            audited_update(
                obj=outage,
                actor=None,
                action="outage.exclusion_proposed",
                data={"proposed_exclusion": Exclusion.CUSTOMER_SIDE},
            )


# --- a downtime's outage -------------------------------------------------------------------------


def downtime_started(*, downtime: TargetDowntime, target: Target) -> None:
    """A target went down (inside the transaction of its state change): a provider-side
    downtime opens or joins its link's outage; our side's proposal is checked."""
    link = target.link
    if link is not None and target.role in PROVIDER_SIDE_ROLES and downtime.outage_id is None:
        outage = (
            Outage.objects.filter(link=link, source=OutageSource.MONITORING, ended_at__isnull=True)
            .order_by("started_at", "pk")
            .first()
        )
        if outage is None:
            window = maintenance_under_way(link=link, at=downtime.started_at)
            outage = outage_record(
                actor=None,
                link=link,
                started_at=downtime.started_at,
                source=OutageSource.MONITORING,
                cause=f"{target.name}: {downtime.error}"[:500],
                exclusion=Exclusion.MAINTENANCE if window and window[2] else "",
            )
        downtime.outage = outage
        downtime.save(update_fields=["outage"])
    places = {pk for pk in (target.location_id, link.location_id if link else None) if pk}
    propose_customer_side(link_ids=[link.pk] if link else [], location_ids=places)


def outside_up(target: Target) -> None:
    """A target came up (inside the transaction of its state change): a provider's CPE that
    answers from outside may show that the link's outage is our side's."""
    if target.vantage == Vantage.OUTSIDE and target.link_id is not None:
        propose_customer_side(link_ids=[target.link_id], location_ids=[])


def downtime_ended(*, downtime: TargetDowntime) -> None:
    """A target's downtime ended (inside the transaction of its state change): its outage ends
    when no downtime of it is still open, at the latest recovery."""
    outage = downtime.outage
    if outage is None:
        return
    outage.refresh_from_db()
    if outage.ended_at is not None:
        return  # ended by hand meanwhile
    downtimes = TargetDowntime.objects.filter(outage=outage)
    if downtimes.filter(ended_at__isnull=True).exists():
        return
    end = max(d for d in downtimes.values_list("ended_at", flat=True) if d is not None)
    outage = outage_end(actor=None, outage=outage, ended_at=min(end, timezone.now()))
    if outage.exclusion == Exclusion.MAINTENANCE:
        window = maintenance_under_way(link=outage.link, at=outage.started_at)
        if window is None or (outage.ended_at or window[1]) > window[1]:
            audited_update(
                obj=outage,
                actor=None,
                action="outage.maintenance_outlasted",
                data={"exclusion": ""},
            )
        return
    _announce("up", outage.pk)


# --- escalation ----------------------------------------------------------------------------------


def outages_escalate(*, now: datetime | None = None, skip: Collection[int] = ()) -> list[int]:
    """Open the incident of each monitoring outage open longer than the configured time (or
    join the link's open incident), and tell the network administrators; an outage proposed as
    our side is only told. Outages in `skip` (already told by this monitor) and those of a link
    under maintenance now are left. Returns the outages told about."""
    now = now or timezone.now()
    after = timedelta(minutes=settings.SILAJAR_MONITOR_INCIDENT_AFTER_MINUTES)
    due = (
        Outage.objects.filter(
            source=OutageSource.MONITORING,
            ended_at__isnull=True,
            incident__isnull=True,
            started_at__lte=now - after,
        )
        .exclude(exclusion=Exclusion.MAINTENANCE)
        .exclude(pk__in=list(skip))
        .values_list("pk", flat=True)
    )
    told = []
    for pk in list(due[:500]):
        if _escalate(pk, now=now):
            told.append(pk)
    return told


@transaction.atomic
def _escalate(pk: int, *, now: datetime) -> bool:
    outage = (
        Outage.objects.select_for_update(of=("self",))
        .select_related("link", "link__contract")
        .filter(pk=pk, ended_at__isnull=True, incident__isnull=True)
        .first()
    )
    if outage is None or maintenance_under_way(link=outage.link, at=now) is not None:
        return False
    if outage.proposed_exclusion == Exclusion.CUSTOMER_SIDE:
        _announce("site_down", outage.pk)
        return True
    incident = (
        outage.link.incidents.filter(state__in=OPEN_INCIDENT_STATES)
        .order_by("-started_at", "-pk")
        .first()
    )
    if incident is None:
        incident = incident_create(
            actor=None,
            links=[outage.link],
            started_at=outage.started_at,
            source=IncidentSource.MONITORING,
        )
    audited_update(
        obj=outage, actor=None, action="outage.incident_opened", data={"incident": incident}
    )
    _announce("down", outage.pk)
    return True
