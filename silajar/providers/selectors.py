"""Reading the internet side: what a user may see (always from `core.access.visible`),
filtered and sorted alike for the list pages and the API (both paged by `core.paging`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet

from silajar.accounts.roles import Role
from silajar.core.access import visible
from silajar.core.calendar import local_day_start
from silajar.core.paging import Sorts
from silajar.core.search import text_match
from silajar.providers.choices import OPEN_INCIDENT_STATES, LinkStatus
from silajar.providers.models import Link, MaintenanceWindow, Outage, Provider, ProviderIncident
from silajar.tickets.models import Ticket

PROVIDER_SORTS = Sorts(
    {"name": ("name",), "-name": ("-name",)}, default="name", salt="silajar.providers.cursor"
)
LINK_SORTS = Sorts(
    {
        "circuit": ("circuit_id",),
        "-circuit": ("-circuit_id",),
        "agency": ("organization__short_name", "circuit_id"),
        "-agency": ("-organization__short_name", "-circuit_id"),
    },
    default="circuit",
    salt="silajar.links.cursor",
)
OUTAGE_SORTS = Sorts(
    {"-started": ("-started_at",), "started": ("started_at",)},
    default="-started",
    salt="silajar.outages.cursor",
)
WINDOW_SORTS = Sorts(
    {"-starts": ("-starts_at",), "starts": ("starts_at",)},
    default="-starts",
    salt="silajar.maintenance.cursor",
)


def _given(filters: dict[str, Any], name: str) -> Any:
    value = filters.get(name)
    return None if value in (None, "") else value


def provider_list(*, user, filters: dict[str, Any]) -> QuerySet[Provider]:
    """The providers `user` sees; filters `q` (name, short name), `active` (bool)."""
    providers = visible(user, Provider)
    if q := (filters.get("q") or "").strip():
        providers = providers.filter(text_match(q, ("name", "short_name")))
    if _given(filters, "active") is not None:
        providers = providers.filter(is_active=filters["active"])
    return providers.order_by(*PROVIDER_SORTS.order_by(filters.get("sort")))


def link_list(*, user, filters: dict[str, Any]) -> QuerySet[Link]:
    """The links `user` sees; filters `q` (circuit ID, agency), `provider`, `contract`,
    `organization`, `status`, `kind`."""
    links = visible(user, Link).select_related("provider", "contract", "organization", "location")
    if q := (filters.get("q") or "").strip():
        links = links.filter(
            text_match(q, ("circuit_id", "organization__name", "organization__short_name"))
        )
    for name in ("provider", "contract", "organization"):
        if _given(filters, name) is not None:
            links = links.filter(**{f"{name}_id": filters[name]})
    for name in ("status", "kind"):
        if _given(filters, name) is not None:
            links = links.filter(**{name: filters[name]})
    return links.order_by(*LINK_SORTS.order_by(filters.get("sort")))


def outage_list(*, user, link: Link, filters: dict[str, Any]) -> QuerySet[Outage]:
    """The outages of `link` that `user` sees; filters `open` (bool), `source`, `exclusion`
    (a code, or "none"), `started_after` / `started_before` (WIB dates)."""
    outages = visible(user, Outage).filter(link=link).select_related("link", "recorded_by")
    if _given(filters, "open") is not None:
        outages = outages.filter(ended_at__isnull=filters["open"])
    if _given(filters, "source") is not None:
        outages = outages.filter(source=filters["source"])
    exclusion = _given(filters, "exclusion")
    if exclusion == "none":
        outages = outages.filter(exclusion="")
    elif exclusion is not None:
        outages = outages.filter(exclusion=exclusion)
    if _given(filters, "started_after") is not None:
        outages = outages.filter(started_at__gte=local_day_start(filters["started_after"]))
    if _given(filters, "started_before") is not None:
        day_after = filters["started_before"] + timedelta(days=1)
        outages = outages.filter(started_at__lt=local_day_start(day_after))
    return outages.order_by(*OUTAGE_SORTS.order_by(filters.get("sort")))


def window_list(*, user, filters: dict[str, Any]) -> QuerySet[MaintenanceWindow]:
    """The maintenance windows `user` sees; filters `provider`, `link` (a window naming it or
    naming no link of its provider), `weekly` (bool)."""
    windows = visible(user, MaintenanceWindow).select_related("provider")
    if _given(filters, "provider") is not None:
        windows = windows.filter(provider_id=filters["provider"])
    if _given(filters, "link") is not None:
        link = visible(user, Link).filter(pk=filters["link"]).first()
        if link is None:
            return windows.none()
        named = MaintenanceWindow.objects.filter(links=link).values("pk")
        windows = windows.filter(
            Q(pk__in=named) | Q(links__isnull=True), provider_id=link.provider_id
        )
    if _given(filters, "weekly") is not None:
        windows = windows.filter(weekly=filters["weekly"])
    windows = windows.prefetch_related(Prefetch("links", queryset=Link.objects.order_by("pk")))
    return windows.order_by(*WINDOW_SORTS.order_by(filters.get("sort")))


def unattached_provider_users():
    """The active accounts of role provider no provider has yet (whom a provider may get)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.PROVIDER, provider_account__isnull=True)
        .order_by("username")
    )


# --- what serves a complaint's place (the tickets' escalation, the monitor's evidence) ----


def links_serving(ticket: Ticket):
    """The active links serving the ticket's place, else its agency's."""
    return links_serving_place(
        organization_id=ticket.organization_id, location_id=ticket.location_id
    )


def links_serving_place(*, organization_id: int, location_id: int | None):
    """The active links serving a place (`location_id`, None: not known), else its agency's."""
    active = Link.objects.filter(status=LinkStatus.ACTIVE).select_related("provider")
    if location_id:
        at_place = active.filter(location_id=location_id)
        if at_place.exists():
            return at_place
    return active.filter(organization_id=organization_id)


def incident_choices(ticket: Ticket) -> list[tuple[int, str]]:
    """The open incidents the escalation form offers: those of the providers serving the
    ticket's place or agency (every open one when no link serves it)."""
    rows = ProviderIncident.objects.filter(state__in=OPEN_INCIDENT_STATES)
    providers = set(links_serving(ticket).values_list("provider_id", flat=True))
    if providers:
        rows = rows.filter(provider_id__in=providers)
    rows = rows.select_related("provider").order_by("-started_at")[:50]
    return [(row.pk, f"{row.number} · {row.provider} · {row.get_state_display()}") for row in rows]
