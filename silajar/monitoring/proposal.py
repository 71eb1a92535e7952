"""What a complaint's evidence (`monitoring.evidence`) says of its fault domain: the facts
read for a place, and the domain they propose with its reason in words.

The proposal, from the states at the reported time, first rule that holds:

1. `site_lan` — every monitored target of the place is down, our side among them, and they went
   down within `AT_ONCE` of each other: the site lost power (or its whole network) at once;
2. `site_lan` — a target of our side (`gateway`, `lan`) is down, or the provider's CPE is
   down from inside (every `inside` one) while it answers from outside (an `outside` one up):
   the CPE is alive, what lies between us and it is broken;
3. `provider_link` — our side up (or not watched) and the provider's equipment (role
   `provider`) down;
4. `provider_link` — an outage of the link holds the reported time (or is open), or a provider
   incident of the link is open;
5. `upstream` — the provider's equipment up (or not watched) and a target beyond the provider
   (role `upstream`) down;
6. every watched target up: `site_lan` when other open tickets came from the same building
   (the provider's side is up, the building's network is suspect), else `single_device`;
7. nothing watched at that time: `unknown` ("not monitored at 09.12 WIB").

The reason says it in words with the numbers, e.g. "Gateway reachable, provider CPE down for
14 minutes, 3 other tickets from this building" ("Gateway dapat dijangkau, perangkat penyedia
(CPE) mati selama 14 menit, 3 tiket lain dari gedung ini"). Durations run from a downtime's
start to its end, or to now while it lasts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from silajar.monitoring.choices import (
    OUR_SIDE_ROLES,
    TargetRole,
    TargetState,
    Vantage,
)
from silajar.providers.models import Link
from silajar.tickets.choices import FaultDomain

# all the site's targets down "at once": their downtimes started within this of each other
AT_ONCE = timedelta(minutes=2)
UP, DOWN, UNKNOWN = TargetState.UP.value, TargetState.DOWN.value, TargetState.UNKNOWN.value


@dataclass
class TargetEvidence:
    id: int
    name: str
    role: str
    role_label: str
    vantage: str  # inside (through our network) or outside (over the public internet)
    link_id: int | None
    location_id: int | None
    state_at_report: str
    down_since_at_report: datetime | None  # the downtime holding the reported time
    down_until_at_report: datetime | None  # its end (None: not over)
    state_now: str
    since_now: datetime | None
    latency_ms_at_report: float | None
    loss_at_report: float | None
    latency_ms_now: float | None
    loss_now: float | None

    @property
    def badge_at_report(self) -> str:
        return TargetState.colour(self.state_at_report)

    @property
    def badge_now(self) -> str:
        return TargetState.colour(self.state_now)

    @property
    def state_at_report_label(self) -> str:
        return str(TargetState(self.state_at_report).label)

    @property
    def state_now_label(self) -> str:
        return str(TargetState(self.state_now).label)


@dataclass
class OutageEvidence:
    id: int
    link_id: int
    link: str
    started_at: datetime
    ended_at: datetime | None
    source: str
    source_label: str
    url: str


@dataclass
class IncidentEvidence:
    id: int
    number: str
    state: str
    state_label: str
    state_badge: str
    provider: str
    url: str


@dataclass
class RelatedTicket:
    id: int
    number: str
    state: str
    state_label: str
    place: str
    created_at: datetime
    same_building: bool
    url: str


@dataclass
class Evidence:
    """What the panel and the API show (see the module's docstring)."""

    at: datetime
    now: datetime
    organization_id: int
    location_id: int | None
    targets: list[TargetEvidence]
    links: list[Link]
    outages: list[OutageEvidence]
    incidents: list[IncidentEvidence]
    related_tickets: list[RelatedTicket]
    proposed_domain: str
    reason: str
    ticket: Any = None  # the ticket, for the ticket variant

    @property
    def proposed_label(self) -> str:
        return str(FaultDomain(self.proposed_domain).label)

    @property
    def same_building_count(self) -> int:
        return sum(1 for t in self.related_tickets if t.same_building)

    @property
    def same_link_count(self) -> int:
        return sum(1 for t in self.related_tickets if not t.same_building)


# --- the proposal ----------------------------------------------------------------------------


def _minutes(start: datetime, end: datetime) -> int:
    return max(0, int((end - start).total_seconds() // 60))


def _duration(minutes: int) -> str:
    if minutes < 60:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours, rest = divmod(minutes, 60)
    if not rest:
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}


def _clock(moment: datetime) -> str:
    return formats.time_format(timezone.localtime(moment), "TIME_FORMAT")


ROLE_WORDS = {
    TargetRole.GATEWAY: lambda: _("gateway"),
    TargetRole.LAN: lambda: _("site network device"),
    TargetRole.PROVIDER: lambda: _("provider CPE"),
    TargetRole.UPSTREAM: lambda: _("address beyond the provider"),
}


def _down_clause(target: TargetEvidence, now: datetime) -> str:
    start = target.down_since_at_report or now
    end = target.down_until_at_report or now
    return _("%(what)s down for %(duration)s") % {
        "what": ROLE_WORDS[TargetRole(target.role)](),
        "duration": _duration(_minutes(start, end)),
    }


def _up_clause(role: str) -> str:
    return _("%(what)s reachable") % {"what": ROLE_WORDS[TargetRole(role)]()}


def _tickets_clauses(related: list[RelatedTicket], *, none_said: bool) -> list[str]:
    building = sum(1 for t in related if t.same_building)
    link = len(related) - building
    clauses = []
    if building:
        clauses.append(
            ngettext(
                "%(count)d other ticket from this building",
                "%(count)d other tickets from this building",
                building,
            )
            % {"count": building}
        )
    if link:
        clauses.append(
            ngettext(
                "%(count)d other ticket on the same link",
                "%(count)d other tickets on the same link",
                link,
            )
            % {"count": link}
        )
    if not clauses and none_said:
        clauses.append(_("no other open tickets from this place"))
    return clauses


def _sentence(clauses: list[str]) -> str:
    text = ", ".join(c for c in clauses if c)
    return text[:1].upper() + text[1:] if text else ""


def propose(
    *,
    targets: list[TargetEvidence],
    outages: list[OutageEvidence],
    incidents: list[IncidentEvidence],
    related: list[RelatedTicket],
    at: datetime,
    now: datetime,
) -> tuple[str, str]:
    """The proposed fault domain and its reason (the rules of the module's docstring)."""
    known = [t for t in targets if t.state_at_report in (UP, DOWN)]
    down = [t for t in known if t.state_at_report == DOWN]
    ours = [t for t in known if t.role in OUR_SIDE_ROLES]
    ours_down = [t for t in ours if t.state_at_report == DOWN]
    outside_up = [t for t in known if t.vantage == Vantage.OUTSIDE and t.state_at_report == UP]
    provider = [t for t in known if t.role == TargetRole.PROVIDER and t.vantage == Vantage.INSIDE]
    provider_down = [t for t in provider if t.state_at_report == DOWN]
    upstream_down = [t for t in known if t.role == TargetRole.UPSTREAM and t in down]
    link_clauses = [
        _("an outage of %(link)s since %(time)s") % {"link": o.link, "time": _clock(o.started_at)}
        for o in outages
    ] + [_("provider incident %(number)s open") % {"number": i.number} for i in incidents]

    if not targets:
        if link_clauses:
            return FaultDomain.PROVIDER_LINK, _sentence(
                [*link_clauses, *_tickets_clauses(related, none_said=False)]
            )
        return FaultDomain.UNKNOWN, _sentence(
            [
                _("no monitoring target watches this place"),
                *_tickets_clauses(related, none_said=False),
            ]
        )
    if ours_down and len(down) == len(known) and len(known) >= 2:
        starts = [t.down_since_at_report for t in down if t.down_since_at_report]
        if starts and max(starts) - min(starts) <= AT_ONCE:
            return FaultDomain.SITE_LAN, _sentence(
                [
                    ngettext(
                        "all %(count)d monitored device of the site went down at once at "
                        "%(time)s (power?)",
                        "all %(count)d monitored devices of the site went down at once at "
                        "%(time)s (power?)",
                        len(known),
                    )
                    % {"count": len(known), "time": _clock(min(starts))},
                    *_tickets_clauses(related, none_said=False),
                ]
            )
    if ours_down:
        clauses = [_down_clause(t, now) for t in ours_down[:2]]
        clauses += [_up_clause(t.role) for t in provider if t.state_at_report == UP][:1]
        return FaultDomain.SITE_LAN, _sentence(
            [*clauses, *_tickets_clauses(related, none_said=False)]
        )
    if provider_down and len(provider_down) == len(provider) and outside_up:
        return FaultDomain.SITE_LAN, _sentence(
            [
                _down_clause(provider_down[0], now),
                _("provider CPE reachable from outside"),
                *_tickets_clauses(related, none_said=False),
            ]
        )
    ours_clause = [_up_clause(ours[0].role)] if ours else []
    if provider_down:
        return FaultDomain.PROVIDER_LINK, _sentence(
            [
                *ours_clause,
                _down_clause(provider_down[0], now),
                *link_clauses[:2],
                *_tickets_clauses(related, none_said=False),
            ]
        )
    if link_clauses:
        return FaultDomain.PROVIDER_LINK, _sentence(
            [*ours_clause, *link_clauses[:2], *_tickets_clauses(related, none_said=False)]
        )
    if upstream_down:
        provider_up = [_up_clause(TargetRole.PROVIDER)] if provider else ours_clause
        return FaultDomain.UPSTREAM, _sentence(
            [
                *provider_up,
                _down_clause(upstream_down[0], now),
                *_tickets_clauses(related, none_said=False),
            ]
        )
    if known:
        everything_up = ngettext(
            "the %(count)d monitored device of the place is up",
            "all %(count)d monitored devices of the place are up",
            len(known),
        ) % {"count": len(known)}
        building = any(t.same_building for t in related)
        return (
            FaultDomain.SITE_LAN if building else FaultDomain.SINGLE_DEVICE,
            _sentence([everything_up, *_tickets_clauses(related, none_said=True)]),
        )
    return FaultDomain.UNKNOWN, _sentence(
        [
            _("the place was not monitored at %(time)s") % {"time": _clock(at)},
            *_tickets_clauses(related, none_said=False),
        ]
    )
