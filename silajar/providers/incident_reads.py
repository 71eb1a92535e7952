"""Reads of the provider incidents: the list a user may see, filtered, and an incident's times
(response, restoration) against its contract's limits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from silajar.core.access import visible
from silajar.providers.choices import OPEN_INCIDENT_STATES, IncidentState
from silajar.providers.models import ProviderIncident

OPEN = "open"


def incident_list(*, user, filters: dict | None = None) -> QuerySet[ProviderIncident]:
    """The incidents `user` may see (staff all, a provider's accounts their own), newest first;
    `filters`: state (or `open`), provider, link."""
    filters = filters or {}
    rows = visible(user, ProviderIncident).select_related("provider")
    state = filters.get("state")
    if state == OPEN:
        rows = rows.filter(state__in=OPEN_INCIDENT_STATES)
    elif state:
        rows = rows.filter(state=state)
    if filters.get("provider"):
        rows = rows.filter(provider_id=filters["provider"])
    if filters.get("link"):
        rows = rows.filter(links__pk=filters["link"]).distinct()
    return rows.order_by("-started_at", "-pk")


@dataclass(frozen=True)
class IncidentTimes:
    """Minutes from the report to the provider's first acknowledgement (response) and from the
    start to the restoration (restoration); None while not known. A limit is the contract's
    (the first of the links that has one); a time is breached when it is over its limit, or
    when it is still running and already past it."""

    response_minutes: float | None
    restoration_minutes: float | None
    max_response_minutes: int | None
    max_restoration_minutes: int | None
    response_breached: bool
    restoration_breached: bool


def _minutes(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return round((end - start).total_seconds() / 60, 1)


def times_breached(
    incident, *, max_response: int | None, max_restoration: int | None, now: datetime
) -> tuple[bool, bool]:
    """Whether the response and the restoration of `incident` (anything with its `state`,
    `started_at`, `reported_at`, `acknowledged_at`, `restored_at`) are over their limits: a
    time is over when it is, or when it is still running and already past it; a cancelled
    incident breaches nothing. The one rule of the incident's page and the SLA report."""
    if incident.state == IncidentState.CANCELLED:
        return False, False
    running = incident.state in OPEN_INCIDENT_STATES
    response = _minutes(
        incident.reported_at, incident.acknowledged_at or (now if running else None)
    )
    restoration = _minutes(incident.started_at, incident.restored_at or (now if running else None))
    return (
        max_response is not None and response is not None and response > max_response,
        max_restoration is not None and restoration is not None and restoration > max_restoration,
    )


def incident_times(incident: ProviderIncident, *, now: datetime | None = None) -> IncidentTimes:
    now = now or timezone.now()
    contract = next(
        (link.contract for link in incident.links.all() if link.contract_id is not None), None
    )
    max_response = contract.max_response_minutes if contract else None
    max_restoration = contract.max_restoration_minutes if contract else None
    response_breached, restoration_breached = times_breached(
        incident, max_response=max_response, max_restoration=max_restoration, now=now
    )
    return IncidentTimes(
        response_minutes=_minutes(incident.reported_at, incident.acknowledged_at),
        restoration_minutes=_minutes(incident.started_at, incident.restored_at),
        max_response_minutes=max_response,
        max_restoration_minutes=max_restoration,
        response_breached=response_breached,
        restoration_breached=restoration_breached,
    )
