"""Every change that can alter a link's month that is over raises the link's generation
(`sla_store.invalidate`), so that its kept months are computed again (ADR 0007).

Model signals, connected in `ContractsConfig.ready`, so that no writer can forget: whoever
saves or deletes an outage, a maintenance window or a provider incident (or changes the links
it names), a link, a contract, a monitoring target or a monitor's run goes through them, in
its own transaction.
Each instance remembers, when it is loaded, the fields that feed the SLA (`post_init`); a save
that changes none of them raises nothing, and a change that touches only the running month
(WIB) raises nothing either (no month of it is kept). Writes that bypass the signals
(`QuerySet.update`, `bulk_create`) are not seen: no service uses them on these models, and the
benchmark's and the demo's bulk loads run before any report (docs/sla.md, ADR 0007).

What each change touches:
* an outage: its link (before and after), from its start less the contract's
  `min_outage_seconds` (a neighbour within that margin can make an outage of an earlier month
  count);
* a maintenance window, or the links it names: all the provider's links (a window naming none
  covers them all), from its start (a weekly one repeats from there);
* a link: the link, all its months (its contract, provider, fee, status or dates);
* a contract: its links, all their months (its period, its SLA terms, its response and
  restoration limits);
* a provider incident, or the links it names: its links, from its start (before and after);
* a monitoring target: its link (before and after), all months, unless only the monitor's own
  view changed (`state`, `state_since`, `last_error`);
* a monitor's run: every link with a target, from the earliest instant its span changed (a
  heartbeat within the running month touches nothing kept).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Max
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_delete
from django.utils import timezone

from silajar.contracts import sla_store
from silajar.contracts.models import Contract
from silajar.monitoring.models import MonitorRun, Target
from silajar.providers.models import Link, MaintenanceWindow, Outage, ProviderIncident

_UNKNOWN = object()  # a field deferred when the instance was loaded
_SEEN = "_sla_seen"

# the fields of each model that feed a link's month
OUTAGE_FIELDS = ("link", "started_at", "ended_at", "exclusion")
WINDOW_FIELDS = ("provider", "starts_at", "ends_at", "announced_at", "weekly")
LINK_FIELDS = ("provider", "contract", "monthly_fee", "status", "active_from", "active_until")
CONTRACT_FIELDS = (
    "period_start",
    "period_end",
    "availability_target",
    "min_outage_seconds",
    "restitution_method",
    "restitution_bands",
    "restitution_cap_percent",
    "maintenance_notice_hours",
    "exclusions",
    "max_response_minutes",
    "max_restoration_minutes",
)
INCIDENT_FIELDS = ("state", "started_at", "reported_at", "acknowledged_at", "restored_at")
MONITOR_VIEW = ("state", "state_since", "last_error", "version", "updated_at")
RUN_FIELDS = ("started_at", "beat_at", "ended_at", "shard", "shards")


def _attnames(model, fields: Iterable[str]) -> tuple[str, ...]:
    return tuple(model._meta.get_field(name).attname for name in fields)


def _values(instance, attnames: tuple[str, ...]) -> dict[str, Any]:
    return {name: instance.__dict__.get(name, _UNKNOWN) for name in attnames}


class _Tracked:
    """What an instance of `model` held of `fields` when loaded or last saved."""

    def __init__(self, model, fields: Iterable[str]):
        self.model = model
        self.attnames = _attnames(model, fields)

    def remember(self, sender, instance, **kwargs) -> None:
        setattr(instance, _SEEN, _values(instance, self.attnames))

    def before_after(self, instance, created: bool):
        """(the values before, or None when created; the values now; the names changed, all
        of them when any was unknown), and the instance now remembers the values saved."""
        before = None if created else getattr(instance, _SEEN, None)
        after = _values(instance, self.attnames)
        setattr(instance, _SEEN, after)
        if before is None:
            return None, after, set(self.attnames)
        if _UNKNOWN in before.values():
            return None, after, set(self.attnames)
        return before, after, {n for n in self.attnames if before[n] != after[n]}


def _over(earliest: datetime | None) -> bool:
    """Whether a change from `earliest` on touches a month that is over (None: all months)."""
    return earliest is None or earliest < sla_store.running_month_start(timezone.now())


def _earliest(*moments) -> datetime | None:
    """The earliest of the known moments; None (all months) when one is unknown."""
    if any(m is _UNKNOWN for m in moments):
        return None
    known = [m for m in moments if m is not None]
    return min(known) if known else None


# --- outages ---------------------------------------------------------------------------------

_outage = _Tracked(Outage, OUTAGE_FIELDS)


def _outage_changed(link_ids: set[int], start: datetime | None) -> None:
    links = {pk for pk in link_ids if pk is not None and pk is not _UNKNOWN}
    if not links:
        return
    if start is not None and not _over(start):
        margin = Link.objects.filter(pk__in=links).aggregate(m=Max("contract__min_outage_seconds"))
        start -= timedelta(seconds=margin["m"] or 0)
    if _over(start):
        sla_store.invalidate(links)


def _outage_saved(sender, instance, created, **kwargs) -> None:
    before, after, changed = _outage.before_after(instance, created)
    if not changed:
        return
    links = {after["link_id"]} | ({before["link_id"]} if before else set())
    starts = [after["started_at"]] + ([before["started_at"]] if before else [])
    _outage_changed(links, _earliest(*starts) if before or created else None)


def _outage_deleted(sender, instance, **kwargs) -> None:
    _outage_changed({instance.link_id}, instance.started_at)


# --- maintenance windows ---------------------------------------------------------------------

_window = _Tracked(MaintenanceWindow, WINDOW_FIELDS)


def _provider_links(provider_ids: Iterable[Any]) -> list[int]:
    ids = [pk for pk in provider_ids if pk is not None and pk is not _UNKNOWN]
    return list(Link.objects.filter(provider_id__in=ids).values_list("pk", flat=True))


def _window_saved(sender, instance, created, **kwargs) -> None:
    before, after, changed = _window.before_after(instance, created)
    if not changed:
        return
    providers = {after["provider_id"]}
    if before:
        providers.add(before["provider_id"])
        earliest = _earliest(before["starts_at"], after["starts_at"])
    else:  # created: from its start; loaded without its fields: all months
        earliest = after["starts_at"] if created else None
    if _over(earliest):
        sla_store.invalidate(_provider_links(providers))


def _window_deleted(sender, instance, **kwargs) -> None:
    if _over(instance.starts_at):
        sla_store.invalidate(_provider_links([instance.provider_id]))


def _window_links_changed(sender, instance, action, reverse, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    # reverse: a link's windows changed (its provider's); else a window's links, from its start
    if reverse or _over(instance.starts_at):
        sla_store.invalidate(_provider_links([instance.provider_id]))


# --- provider incidents ---------------------------------------------------------------------

_incident = _Tracked(ProviderIncident, INCIDENT_FIELDS)


def _incident_links(incident: ProviderIncident) -> list[int]:
    return list(incident.links.values_list("pk", flat=True))


def _incident_saved(sender, instance, created, **kwargs) -> None:
    before, after, changed = _incident.before_after(instance, created)
    if not changed or created:  # a new incident names its links next (m2m_changed)
        return
    earliest = _earliest(before["started_at"], after["started_at"]) if before else None
    if _over(earliest):
        sla_store.invalidate(_incident_links(instance))


def _incident_deleting(sender, instance, **kwargs) -> None:
    if _over(instance.started_at):  # before: the links it names go with it
        sla_store.invalidate(_incident_links(instance))


def _incident_links_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if reverse:  # a link's incidents changed
        if action in ("post_add", "post_remove", "post_clear"):
            sla_store.invalidate([instance.pk])
    elif _over(instance.started_at):
        if action in ("post_add", "post_remove"):
            sla_store.invalidate(pk_set or ())
        elif action == "pre_clear":
            sla_store.invalidate(_incident_links(instance))


# --- links and contracts ---------------------------------------------------------------------

_link = _Tracked(Link, LINK_FIELDS)
_contract = _Tracked(Contract, CONTRACT_FIELDS)


def _link_saved(sender, instance, created, **kwargs) -> None:
    _before, _after, changed = _link.before_after(instance, created)
    if changed and not created:  # a new link has no kept month
        sla_store.invalidate([instance.pk])


def _contract_saved(sender, instance, created, **kwargs) -> None:
    _before, _after, changed = _contract.before_after(instance, created)
    if changed and not created:
        sla_store.invalidate(instance.links.values_list("pk", flat=True))


# --- the monitor -----------------------------------------------------------------------------

_target = _Tracked(
    Target, [f.name for f in Target._meta.concrete_fields if f.name not in MONITOR_VIEW]
)
_run = _Tracked(MonitorRun, RUN_FIELDS)


def _target_saved(sender, instance, created, **kwargs) -> None:
    before, after, changed = _target.before_after(instance, created)
    if changed:
        links = {after["link_id"]} | ({before["link_id"]} if before else set())
        sla_store.invalidate(pk for pk in links if pk is not None and pk is not _UNKNOWN)


def _target_deleted(sender, instance, **kwargs) -> None:
    if instance.link_id is not None:
        sla_store.invalidate([instance.link_id])


def _monitored_links() -> list[int]:
    return list(
        Target.objects.filter(link__isnull=False).values_list("link_id", flat=True).distinct()
    )


def _run_saved(sender, instance, created, **kwargs) -> None:
    before, after, changed = _run.before_after(instance, created)
    if not changed:
        return
    if before is None:  # created: its whole span; loaded without its fields: all months
        earliest = after["started_at"] if created else None
    else:  # the instants between each moment's old and new value changed
        names = changed & {"started_at", "beat_at", "ended_at"}
        if changed & {"shard", "shards"}:  # other targets: the whole span
            names.add("started_at")
        if "ended_at" in changed:  # the span's end moves between the heartbeat and ended_at
            names.add("beat_at")
        earliest = _earliest(*(moment for n in names for moment in (before[n], after[n])))
    if _over(earliest):
        sla_store.invalidate(_monitored_links())


def _run_deleted(sender, instance, **kwargs) -> None:
    if _over(instance.started_at):
        sla_store.invalidate(_monitored_links())


def connect() -> None:
    """Connect the receivers (`ContractsConfig.ready`; once)."""
    for tracked in (_outage, _window, _incident, _link, _contract, _target, _run):
        post_init.connect(tracked.remember, sender=tracked.model, weak=False)
    for model, saved, deleted in (
        (Outage, _outage_saved, _outage_deleted),
        (MaintenanceWindow, _window_saved, _window_deleted),
        (ProviderIncident, _incident_saved, None),  # deleted: before, its links still named
        (Link, _link_saved, None),  # a link is deleted only without outages: its months go too
        (Contract, _contract_saved, None),  # a contract with links is never deleted (PROTECT)
        (Target, _target_saved, _target_deleted),
        (MonitorRun, _run_saved, _run_deleted),
    ):
        post_save.connect(saved, sender=model, weak=False)
        if deleted:
            post_delete.connect(deleted, sender=model, weak=False)
    pre_delete.connect(_incident_deleting, sender=ProviderIncident, weak=False)
    m2m_changed.connect(_window_links_changed, sender=MaintenanceWindow.links.through, weak=False)
    m2m_changed.connect(_incident_links_changed, sender=ProviderIncident.links.through, weak=False)
