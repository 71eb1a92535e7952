"""Escalation up a provider's matrix: a reported incident the provider has not acknowledged
reaches each level of its escalation matrix once, when the level's minutes have passed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from silajar.core.editing import audited_set
from silajar.core.jobs import enqueue
from silajar.providers.choices import IncidentState
from silajar.providers.models import ProviderIncident


def escalation_levels(*, matrix: Iterable[Mapping[str, Any]]) -> list[tuple[int, str, int]]:
    """The matrix's levels as (level, contact, after_minutes), lowest level first; rows that are
    not complete are left out."""
    levels = []
    for row in matrix or []:
        try:
            level, minutes = int(row["level"]), int(row["after_minutes"])
        except (KeyError, TypeError, ValueError):
            continue
        levels.append((level, str(row.get("contact", "")), minutes))
    return sorted(levels)


def escalation_scan(*, now: datetime | None = None) -> int:
    """Escalate reported incidents the provider has not acknowledged: each level of the
    provider's matrix whose `after_minutes` have passed since the report is reached once —
    audited, and the network administrators and the provider's accounts told to escalate to
    its contact. Returns how many levels were reached."""
    now = now or timezone.now()
    reached = 0
    waiting = ProviderIncident.objects.filter(
        state=IncidentState.REPORTED, acknowledged_at__isnull=True, reported_at__isnull=False
    ).values_list("pk", flat=True)
    for pk in list(waiting[:5000]):
        with transaction.atomic():
            incident = (
                ProviderIncident.objects.select_for_update()
                .select_related("provider")
                .filter(pk=pk, state=IncidentState.REPORTED, acknowledged_at__isnull=True)
                .first()
            )
            if incident is None or incident.reported_at is None:
                continue
            elapsed = (now - incident.reported_at).total_seconds() / 60
            for level, contact, minutes in escalation_levels(matrix=incident.provider.escalation):
                if level <= incident.escalation_level or elapsed < minutes:
                    continue
                audited_set(
                    obj=incident,
                    actor=None,
                    action="provider_incident.escalated",
                    values={"escalation_level": level},
                    bump_version=True,
                    note=contact,
                )
                transaction.on_commit(
                    partial(enqueue, "providers.announce", "escalated", pk, incident.version)
                )
                reached += 1
    return reached
