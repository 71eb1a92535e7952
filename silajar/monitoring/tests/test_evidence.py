"""Intranet or internet? The evidence of a ticket's place and the proposed fault domain, from
recorded data: each situation of `monitoring.evidence`'s rules, the states at the reported time
(down, up, not monitored), latency, the related tickets, and a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation

from silajar.accounts.roles import Role
from silajar.monitoring.evidence import evidence_for, evidence_for_place
from silajar.monitoring.models import LatencyRollup
from silajar.monitoring.shards import shard_of
from silajar.monitoring.tests.factories_evidence import (
    DowntimeFactory,
    EvidenceTargetFactory,
    MonitorRunFactory,
    probes,
)
from silajar.organizations.tests.factories import LocationFactory
from silajar.providers.tests.factories import IncidentFactory, LinkFactory, OutageFactory
from silajar.tickets import services
from silajar.tickets.models import Ticket
from silajar.tickets.tests.test_portal import new_ticket

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
REPORTED = NOW - timedelta(hours=1)


def clock(moment) -> str:
    """A time as `proposal` (English) writes it: "12:40 WIB" ("12.40 WIB" in Indonesian)."""
    with translation.override("en"):
        return formats.time_format(timezone.localtime(moment), "TIME_FORMAT")


@pytest.fixture
def helpdesk(make_user):
    return make_user(Role.HELPDESK)


@pytest.fixture
def link(location):
    return LinkFactory(organization=location.organization, location=location)


@pytest.fixture
def site(location, link):
    """The place's gateway, and its link's provider CPE and an address beyond the provider."""
    return {
        "gateway": EvidenceTargetFactory(name="Gateway Dinkes", role="gateway", location=location),
        "cpe": EvidenceTargetFactory(name="CPE Dinkes", role="provider", link=link, location=None),
        "upstream": EvidenceTargetFactory(
            name="DNS publik", role="upstream", link=link, location=None
        ),
    }


@pytest.fixture
def run(db):
    return MonitorRunFactory(started_at=NOW - timedelta(days=2), beat_at=NOW)


def reported(helpdesk, location, at=REPORTED, **fields) -> Ticket:
    ticket = new_ticket(helpdesk, location.organization, location, **fields)
    Ticket.objects.filter(pk=ticket.pk).update(created_at=at)
    ticket.refresh_from_db()
    return ticket


def down(target, start, end=None, **fields):
    DowntimeFactory(target=target, started_at=start, ended_at=end, **fields)
    if end is None:
        type(target).objects.filter(pk=target.pk).update(state="down", state_since=start)


def proposal(ticket):
    with translation.override("en"):
        return evidence_for(ticket, now=NOW)


def states(evidence, field="state_at_report"):
    return {t.name: getattr(t, field) for t in evidence.targets}


def test_everything_up_and_no_other_ticket_is_the_users_device(helpdesk, location, site, run):
    evidence = proposal(reported(helpdesk, location))
    assert evidence.proposed_domain == "single_device"
    assert evidence.reason == (
        "All 3 monitored devices of the place are up, no other open tickets from this place"
    )
    assert states(evidence) == {"Gateway Dinkes": "up", "CPE Dinkes": "up", "DNS publik": "up"}
    assert states(evidence, "state_now") == states(evidence)
    # our side first, then the provider's
    assert [t.role for t in evidence.targets] == ["gateway", "provider", "upstream"]


def test_gateway_down_is_the_site_lan(helpdesk, location, site, run):
    down(site["gateway"], REPORTED - timedelta(minutes=10))
    evidence = proposal(reported(helpdesk, location))
    assert evidence.proposed_domain == "site_lan"
    # down from 10 minutes before the report until now
    assert evidence.reason == "Gateway down for 1 h 10 min, provider CPE reachable"
    assert states(evidence)["Gateway Dinkes"] == "down"
    assert states(evidence, "state_now")["Gateway Dinkes"] == "down"


def test_every_target_down_at_once_is_power(helpdesk, location, site, run):
    start = REPORTED - timedelta(minutes=5)
    down(site["gateway"], start)
    down(site["cpe"], start + timedelta(seconds=30))
    down(site["upstream"], start + timedelta(seconds=90))
    evidence = proposal(reported(helpdesk, location))
    assert evidence.proposed_domain == "site_lan"
    assert evidence.reason == (
        f"All 3 monitored devices of the site went down at once at {clock(start)} (power?)"
    )


def test_provider_cpe_down_behind_a_reachable_gateway_is_the_link(
    helpdesk, location, site, run, agency
):
    # the example: 14 minutes of CPE downtime, 3 other tickets from the building
    down(site["cpe"], REPORTED - timedelta(minutes=4), REPORTED + timedelta(minutes=10))
    down(site["upstream"], REPORTED - timedelta(minutes=4), REPORTED + timedelta(minutes=10))
    for _ in range(3):
        reported(helpdesk, LocationFactory(organization=agency), at=REPORTED - timedelta(hours=2))
    evidence = proposal(reported(helpdesk, location))
    assert evidence.proposed_domain == "provider_link"
    assert evidence.reason == (
        "Gateway reachable, provider CPE down for 14 minutes, 3 other tickets from this building"
    )
    assert states(evidence) == {
        "Gateway Dinkes": "up",
        "CPE Dinkes": "down",
        "DNS publik": "down",
    }
    assert states(evidence, "state_now")["CPE Dinkes"] == "up"  # over since
    assert evidence.same_building_count == 3


def test_the_cpe_down_from_inside_but_up_from_outside_is_the_site_lan(
    helpdesk, location, site, run, link
):
    """The CPE answers at its public address while our network cannot reach it: the fault
    lies between us and the CPE (our side); down from outside too, it is the link."""
    outside = EvidenceTargetFactory(
        name="CPE Dinkes (publik)", role="provider", vantage="outside", link=link, location=None
    )
    down(site["cpe"], REPORTED - timedelta(minutes=4), REPORTED + timedelta(minutes=10))
    evidence = proposal(reported(helpdesk, location))
    assert evidence.proposed_domain == "site_lan"
    assert (
        evidence.reason == "Provider CPE down for 14 minutes, provider CPE reachable from outside"
    )
    down(outside, REPORTED - timedelta(minutes=4), REPORTED + timedelta(minutes=10))
    assert proposal(reported(helpdesk, location)).proposed_domain == "provider_link"


def test_the_example_reads_in_indonesian(helpdesk, location, site, run, agency):
    down(site["cpe"], REPORTED - timedelta(minutes=4), REPORTED + timedelta(minutes=10))
    for _ in range(3):
        reported(helpdesk, LocationFactory(organization=agency), at=REPORTED - timedelta(hours=2))
    ticket = reported(helpdesk, location)
    with translation.override("id"):
        evidence = evidence_for(ticket, now=NOW)
    assert evidence.reason == (
        "Gateway dapat dijangkau, perangkat penyedia (CPE) mati selama 14 menit, "
        "3 tiket lain dari gedung ini"
    )


def test_upstream_down_behind_a_working_cpe_is_upstream(helpdesk, location, site, run):
    down(site["upstream"], REPORTED - timedelta(minutes=20), REPORTED + timedelta(minutes=5))
    evidence = proposal(reported(helpdesk, location))
    assert evidence.proposed_domain == "upstream"
    assert evidence.reason == (
        "Provider CPE reachable, address beyond the provider down for 25 minutes"
    )


def test_an_open_outage_or_incident_of_the_link_is_the_link(helpdesk, location, site, run, link):
    OutageFactory(link=link, started_at=REPORTED - timedelta(minutes=30), source="provider")
    incident = IncidentFactory(provider=link.provider, links=[link])
    evidence = proposal(reported(helpdesk, location))
    assert evidence.proposed_domain == "provider_link"
    started = clock(REPORTED - timedelta(minutes=30))
    assert evidence.reason == (
        f"Gateway reachable, an outage of {link} since {started}, "
        f"provider incident {incident.number} open"
    )
    assert [o.link_id for o in evidence.outages] == [link.pk]
    assert [i.number for i in evidence.incidents] == [incident.number]


def test_an_outage_over_before_the_report_is_not_evidence(helpdesk, location, site, run, link):
    OutageFactory(
        link=link,
        started_at=REPORTED - timedelta(hours=5),
        ended_at=REPORTED - timedelta(hours=4),
    )
    evidence = proposal(reported(helpdesk, location))
    assert evidence.outages == []
    assert evidence.proposed_domain == "single_device"


def test_other_tickets_from_the_building_while_everything_is_up_is_the_site_lan(
    helpdesk, location, site, run, agency
):
    for _ in range(2):
        reported(helpdesk, LocationFactory(organization=agency))
    evidence = proposal(reported(helpdesk, location))
    assert evidence.proposed_domain == "site_lan"
    assert evidence.reason == (
        "All 3 monitored devices of the place are up, 2 other tickets from this building"
    )


def test_not_monitored_at_the_reported_time_is_unknown(helpdesk, location, site):
    # the monitor ran until two hours before the report and was killed (no end, old heartbeat)
    MonitorRunFactory(started_at=NOW - timedelta(days=2), beat_at=REPORTED - timedelta(hours=2))
    ticket = reported(helpdesk, location)
    evidence = proposal(ticket)
    assert evidence.proposed_domain == "unknown"
    assert evidence.reason == f"The place was not monitored at {clock(REPORTED)}"
    assert set(states(evidence).values()) == {"unknown"}
    # nor now: its state is not taken for up
    assert set(states(evidence, "state_now").values()) == {"unknown"}


def test_a_downtime_is_down_even_without_a_run(helpdesk, location, site):
    down(site["gateway"], REPORTED - timedelta(minutes=3))
    evidence = proposal(reported(helpdesk, location))
    assert states(evidence)["Gateway Dinkes"] == "down"
    assert states(evidence)["CPE Dinkes"] == "unknown"
    assert evidence.proposed_domain == "site_lan"


def test_a_target_added_after_the_report_is_unknown_then(helpdesk, location, site, run):
    EvidenceTargetFactory(name="Switch lantai 2", role="lan", location=location, created=NOW)
    evidence = proposal(reported(helpdesk, location))
    assert states(evidence)["Switch lantai 2"] == "unknown"
    assert states(evidence, "state_now")["Switch lantai 2"] == "up"
    assert evidence.proposed_domain == "single_device"


def test_a_target_is_known_when_the_shard_probing_it_ran(helpdesk, location, site):
    MonitorRunFactory(shard=1, shards=2, started_at=NOW - timedelta(days=1), beat_at=NOW)
    ticket = reported(helpdesk, location)
    found = states(proposal(ticket))
    by_shard = {pk: shard_of(pk, 2) for pk in (t.pk for t in site.values())}
    assert {1, 2} <= set(by_shard.values()), "the site's targets span both shards"
    for target in site.values():
        assert found[target.name] == ("up" if by_shard[target.pk] == 1 else "unknown")
    MonitorRunFactory(
        shard=2,
        shards=2,
        started_at=NOW - timedelta(days=1),
        beat_at=NOW - timedelta(minutes=1),
        ended_at=NOW - timedelta(minutes=1),
    )
    assert set(states(proposal(ticket)).values()) == {"up"}


def test_latency_near_the_report_and_now(helpdesk, location, site, run):
    gateway = site["gateway"]
    probes(gateway, REPORTED - timedelta(minutes=2), [20.0, 30.0, None])
    probes(gateway, REPORTED - timedelta(minutes=30), [900.0])  # outside the window
    probes(gateway, NOW - timedelta(minutes=1), [5.0, 5.0])
    row = next(t for t in proposal(reported(helpdesk, location)).targets if t.id == gateway.pk)
    assert (row.latency_ms_at_report, row.loss_at_report) == (25.0, 0.333)
    assert (row.latency_ms_now, row.loss_now) == (5.0, 0.0)
    cpe = next(t for t in proposal(reported(helpdesk, location)).targets if t.role == "provider")
    assert cpe.latency_ms_at_report is None and cpe.loss_now is None


def test_latency_of_an_old_report_from_the_hours_roll_up(helpdesk, location, site, run):
    gateway = site["gateway"]
    long_ago = NOW - timedelta(days=30)
    hour = long_ago.replace(minute=0, second=0, microsecond=0)
    LatencyRollup.objects.create(
        target=gateway, period="hour", start=hour, probes=60, failures=6, mean_ms=12.34
    )
    LatencyRollup.objects.create(
        target=gateway, period="day", start=hour, probes=60, failures=60, mean_ms=99.0
    )
    row = next(
        t for t in proposal(reported(helpdesk, location, at=long_ago)).targets if t.id == gateway.pk
    )
    assert (row.latency_ms_at_report, row.loss_at_report) == (12.3, 0.1)


def test_related_tickets_are_the_open_ones_of_the_building_and_the_link(
    helpdesk, location, site, run, agency, other_agency
):
    ticket = reported(helpdesk, location)
    same_building = reported(helpdesk, LocationFactory(organization=agency))
    closed = reported(helpdesk, LocationFactory(organization=agency))
    services.ticket_cancel(ticket=closed, actor=helpdesk, reason="Laporan ganda")
    elsewhere = reported(helpdesk, LocationFactory(organization=agency, building="Gedung B"))
    other = reported(helpdesk, LocationFactory(organization=other_agency))
    # the other agency's link has no place: it serves the agency's tickets
    LinkFactory(organization=other_agency)
    assert [t.id for t in proposal(ticket).related_tickets] == [same_building.pk]
    # a place without a link of its own is served by its agency's links
    evidence = evidence_for_place(
        organization_id=other_agency.pk,
        location=LocationFactory(organization=other_agency, building="Gedung C"),
        at=NOW,
        now=NOW,
    )
    assert [t.id for t in evidence.related_tickets] == [other.pk]
    assert not evidence.related_tickets[0].same_building
    assert elsewhere.pk not in [t.id for t in proposal(ticket).related_tickets]


def test_a_place_without_targets(helpdesk, agency, run):
    place = LocationFactory(organization=agency, building="Gedung Tanpa Pemantauan")
    with translation.override("en"):
        evidence = evidence_for_place(organization_id=agency.pk, location=place, at=NOW, now=NOW)
    assert evidence.targets == []
    assert evidence.proposed_domain == "unknown"
    assert evidence.reason == "No monitoring target watches this place"


def test_the_intake_variant_reads_the_place_now(location, site, run):
    down(site["cpe"], NOW - timedelta(minutes=7))
    with translation.override("en"):
        evidence = evidence_for_place(
            organization_id=location.organization_id, location=location, at=NOW, now=NOW
        )
    assert evidence.proposed_domain == "provider_link"
    assert evidence.reason == "Gateway reachable, provider CPE down for 7 minutes"


def test_a_handful_of_queries_whatever_the_data(helpdesk, location, site, run, link, agency):
    ticket = reported(helpdesk, location)

    def count() -> int:
        fresh = Ticket.objects.select_related("location").get(pk=ticket.pk)
        with CaptureQueriesContext(connection) as queries:
            evidence_for(fresh, now=NOW)
        return len(queries)

    small = count()
    for n in range(15):
        target = EvidenceTargetFactory(role="lan", location=location)
        down(target, REPORTED - timedelta(hours=3 + n), REPORTED - timedelta(hours=2 + n))
        probes(target, REPORTED - timedelta(minutes=1), [1.0, 2.0])
        reported(helpdesk, LocationFactory(organization=agency))
        OutageFactory(link=link, started_at=REPORTED - timedelta(minutes=n + 1))
        IncidentFactory(provider=link.provider, links=[link])
    # links (2: at the place, else the agency's), targets, runs, downtimes, probes, the hour's
    # roll-ups (some targets have no raw probe then), outages, incidents, tickets
    assert count() == small == 10
