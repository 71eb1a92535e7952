"""Maintenance windows of a provider: announced (`maintenance_window_create`) and changed
(`maintenance_window_update`) by the network administrator or the provider's own accounts.

A window names some of its provider's links (none: all of them), runs from `starts_at` to
`ends_at` (a weekly window repeats every week at the same WIB time, so it lasts less than a
week) and says when it was announced (never in the future): the contract honours it only when
announced early enough (`Contract.maintenance_notice_hours`, the SLA's part)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silajar.core.audit import audit_record, diff, snapshot
from silajar.core.editing import locked
from silajar.core.errors import ActionForbidden, Conflict, DomainError
from silajar.providers.access import provider_of
from silajar.providers.models import Link, MaintenanceWindow, Provider
from silajar.providers.services.rules import is_network_admin, may_manage_windows

WINDOW_FIELDS = ("starts_at", "ends_at", "announced_at", "weekly", "description")
WEEK = timedelta(days=7)


def require_announcer(actor, *, provider_id: int | None = None) -> None:
    """Refuse (ActionForbidden) whoever may not announce maintenance of the provider
    `provider_id` (None: of any provider, the network administrator's and the providers' own
    accounts' part)."""
    allowed = (
        is_network_admin(actor) or provider_of(actor) is not None
        if provider_id is None
        else may_manage_windows(user=actor, provider_id=provider_id)
    )
    if not allowed:
        raise ActionForbidden(
            _("Only the network administrator and the provider can announce its maintenance.")
        )


def _check(window: MaintenanceWindow, links: list[Link]) -> None:
    errors: dict[str, list[str]] = {}
    for name in ("starts_at", "ends_at", "announced_at"):
        value = getattr(window, name)
        if not isinstance(value, datetime) or timezone.is_naive(value):
            errors[name] = [_("Give a date and time with its offset (e.g. +07:00).")]
    if not errors:
        if window.ends_at <= window.starts_at:
            errors["ends_at"] = [_("The window must end after it starts.")]
        elif window.weekly and window.ends_at - window.starts_at >= WEEK:
            errors["ends_at"] = [_("A weekly window lasts less than a week.")]
        if window.announced_at > timezone.now():
            errors["announced_at"] = [_("This time is in the future.")]
    if any(link.provider_id != window.provider_id for link in links):
        errors["links"] = [_("Choose links of the window's provider only.")]
    if errors:
        raise DomainError(_("Check the maintenance window."), fields=errors)


def _link_ids(links: Iterable[Link]) -> list[int]:
    return sorted(link.pk for link in links)


@transaction.atomic
def maintenance_window_create(
    *,
    actor,
    provider: Provider,
    starts_at: datetime,
    ends_at: datetime,
    announced_at: datetime | None = None,
    weekly: bool = False,
    links: Iterable[Link] = (),
    description: str = "",
) -> MaintenanceWindow:
    """Announce a maintenance window of `provider` on `links` (none: all its links);
    `announced_at` is now when not given."""
    require_announcer(actor, provider_id=provider.pk)
    chosen = list(links)
    window = MaintenanceWindow(
        provider=provider,
        starts_at=starts_at,
        ends_at=ends_at,
        announced_at=announced_at or timezone.now(),
        weekly=bool(weekly),
        description=(description or "").strip(),
    )
    _check(window, chosen)
    window.save()
    window.links.set(chosen)
    audit_record(
        actor=actor,
        action="maintenance_window.created",
        obj=window,
        changes={
            **diff({}, snapshot(window, WINDOW_FIELDS)),
            "links": [None, _link_ids(chosen)],
        },
    )
    return window


@transaction.atomic
def maintenance_window_update(
    *,
    actor,
    window: MaintenanceWindow,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> MaintenanceWindow:
    """Change a window (`data`: any of its fields and `links`); a window saved since
    `expected_version` is a Conflict."""
    require_announcer(actor, provider_id=window.provider_id)
    current = locked(window)
    if expected_version is not None and current.version != int(expected_version):
        raise Conflict()
    fields = {name: data[name] for name in WINDOW_FIELDS if name in data}
    if "description" in fields:
        fields["description"] = (fields["description"] or "").strip()
    before_links = _link_ids(current.links.all())
    chosen = list(data["links"]) if "links" in data else list(current.links.all())
    before = snapshot(current, WINDOW_FIELDS)
    for name, value in fields.items():
        setattr(current, name, value)
    _check(current, chosen)
    changes = diff(before, snapshot(current, WINDOW_FIELDS))
    after_links = _link_ids(chosen)
    if after_links != before_links:
        current.links.set(chosen)
        changes["links"] = [before_links, after_links]
    if not changes:
        return current
    current.version += 1
    saved = [name for name in changes if name != "links"]
    current.save(update_fields=[*saved, "version", "updated_at"])
    audit_record(actor=actor, action="maintenance_window.updated", obj=current, changes=changes)
    return current
