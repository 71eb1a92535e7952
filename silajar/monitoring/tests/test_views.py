"""The monitor's pages (issue 12): the status board (groups by link and by place, state,
latency now and over the hour, 90-day bars, filters, the fragment HTMX polls), a target's
page (chart, downtimes with their outage), the target forms with their checks and the version
guard, pause / resume / delete, and who reaches what."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from silajar.accounts.roles import Role
from silajar.core.audit import audit_timeline
from silajar.core.demo import clock_at
from silajar.monitoring import board, charts, selectors
from silajar.monitoring.models import Target
from silajar.monitoring.shards import shard_of
from silajar.monitoring.tests.factories import (
    MonitorRunFactory,
    ProbeMinuteFactory,
    TargetDowntimeFactory,
    TargetFactory,
)
from silajar.organizations.tests.factories import LocationFactory
from silajar.providers.tests.factories import LinkFactory, OutageFactory, provider_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ours():
    place = LocationFactory(building="Gedung Kita")
    return LinkFactory(circuit_id="KITA-001", organization=place.organization, location=place)


@pytest.fixture
def theirs():
    return LinkFactory(circuit_id="MEREKA-001")


@pytest.fixture
def netadmin(make_user):
    return make_user(Role.NETWORK_ADMIN)


def minute_ago(minutes: int = 1):
    return timezone.now().replace(second=0, microsecond=0) - timedelta(minutes=minutes)


def test_the_board_groups_targets_by_link_and_by_place(client_as, make_user, ours, theirs):
    up = TargetFactory(name="CPE kita", link=ours, state="up", state_since=minute_ago(30))
    ProbeMinuteFactory(target=up, minute=minute_ago(2), probes=[[0, 8.0], [30, None]])
    ProbeMinuteFactory(target=up, minute=minute_ago(1), probes=[[0, 12.0]])
    TargetFactory(name="CPE mereka", link=theirs, state="down", last_error="refused")
    TargetFactory(name="Gateway kantor", link=None, location=LocationFactory(), role="gateway")
    page = client_as(make_user(Role.HELPDESK)).get("/monitoring/").content.decode()
    for text in ("KITA-001", "MEREKA-001", "CPE kita", "CPE mereka", "Gateway kantor"):
        assert text in page
    assert page.count('data-testid="board-group"') == 3
    assert page.count('data-testid="day-bar"') == 2  # the links, not the place
    assert "12.0 ms" in page or "12,0 ms" in page
    assert 'data-testid="sparkline"' in page and "<polyline" in page
    assert 'hx-trigger="every 10s"' in page
    assert "refused" in page


def test_the_board_filters_by_provider_agency_and_state(client_as, netadmin, ours, theirs):
    TargetFactory(name="CPE kita", link=ours, state="up")
    TargetFactory(name="CPE mereka", link=theirs, state="down")
    client = client_as(netadmin)
    page = client.get("/monitoring/", {"provider": ours.provider_id}).content.decode()
    assert "CPE kita" in page and "CPE mereka" not in page
    page = client.get("/monitoring/", {"organization": theirs.organization_id}).content.decode()
    assert "CPE kita" not in page and "CPE mereka" in page
    page = client.get("/monitoring/", {"state": "down"}).content.decode()
    assert "CPE kita" not in page and "CPE mereka" in page


def test_the_board_pages_its_groups_and_counts_them_by_state(
    client_as, netadmin, ours, monkeypatch
):
    """A page of groups at a time, in the board's order, with the number of groups in each
    state over all pages (a link down on page 2 is counted on page 1); the state filter pages
    the matching groups; the poll refreshes the page it is on."""
    monkeypatch.setattr(board, "BOARD_PAGE_SIZE", 2)
    links = [LinkFactory(provider=ours.provider, circuit_id=f"C-{n}") for n in range(5)]
    for n, link in enumerate(links):
        TargetFactory(name=f"CPE {n}", link=link, state="down" if n == 4 else "up")
    TargetFactory(name="Gateway", link=None, location=LocationFactory(), role="gateway")
    client = client_as(netadmin)
    assert client.get("/monitoring/", {"provider": ours.provider_id}).status_code == 200
    first = board.board(user=netadmin, filters={}, page=1, page_size=2)
    assert [g.link.circuit_id for g in first.groups] == ["C-0", "C-1"]
    assert first.page.paginator.count == 6  # five links and the place
    assert first.states == {"up": 4, "down": 1, "unknown": 1}
    last = board.board(user=netadmin, filters={}, page=3, page_size=2)
    assert [g.link.circuit_id if g.link else "place" for g in last.groups] == ["C-4", "place"]
    down = board.board(user=netadmin, filters={"state": "down"}, page=1, page_size=2)
    assert [g.link.circuit_id for g in down.groups] == ["C-4"]
    assert down.states == first.states  # the counts do not depend on the state filter
    page = client.get("/monitoring/").content.decode()
    assert page.count('data-testid="board-group"') == 2
    assert 'href="?state=down"' in page
    assert "Page 1 of 3" in page or "Halaman 1 dari 3" in page
    poll = client.get("/monitoring/", {"page": 2}, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-get="/monitoring/?page=2&amp;seen=' in poll
    assert "CPE 2" in poll and "CPE 0" not in poll
    beyond = client.get("/monitoring/", {"page": 99}).content.decode()
    assert "Gateway" in beyond  # the last page


def test_htmx_polls_the_board_s_fragment_with_the_filters(client_as, netadmin, ours, theirs):
    TargetFactory(name="CPE kita", link=ours)
    TargetFactory(name="CPE mereka", link=theirs)
    client = client_as(netadmin)
    response = client.get("/monitoring/", {"provider": ours.provider_id}, HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<div id="board"')
    assert "<html" not in fragment and "CPE mereka" not in fragment
    assert f'hx-get="/monitoring/?provider={ours.provider_id}&amp;page=1&amp;seen=' in fragment
    # the bars change once a day: the poll leaves the page's own in place
    assert f'id="bar-{ours.pk}" hx-preserve="true"' in fragment
    assert 'data-testid="day-bar"' not in fragment


def test_a_poll_that_saw_everything_gets_only_its_time(client_as, netadmin, ours, theirs):
    """The poll says what its page saw (`seen`): nothing changed since, only its "as of" out
    of band (HTMX swaps nothing else); a target's state, an edit, a new target of the filters
    or the next minute (the latencies) draw the page again; a change outside the filters does
    not."""
    cpe = TargetFactory(name="CPE kita", link=ours, state="up")
    other = TargetFactory(name="CPE mereka", link=theirs, state="up")
    client = client_as(netadmin)
    moment = timezone.now().replace(second=5)

    def poll(**query):
        with clock_at() as now:
            now[0] = moment
            return client.get("/monitoring/", query, HTTP_HX_REQUEST="true")

    def seen(response) -> str:
        return re.search(r"seen=(\w+)", response.content.decode()).group(1)

    def unchanged(response) -> bool:
        body = response.content.decode()
        if response.get("HX-Reswap") != "none":
            return False
        assert 'id="board-stamp"' in body and 'hx-swap-oob="true"' in body
        assert "board-target" not in body
        return True

    mine = {"provider": ours.provider_id}
    first = poll(**mine)
    assert first.status_code == 200
    assert unchanged(poll(**mine, seen=seen(first)))
    Target.objects.filter(pk=other.pk).update(state="down")  # another provider's
    assert unchanged(poll(**mine, seen=seen(first)))
    Target.objects.filter(pk=cpe.pk).update(state="down", last_error="refused")
    changed = poll(**mine, seen=seen(first))
    assert not unchanged(changed) and "refused" in changed.content.decode()
    assert unchanged(poll(**mine, seen=seen(changed)))
    TargetFactory(name="CPE baru", link=ours)
    added = poll(**mine, seen=seen(changed))
    assert not unchanged(added) and "CPE baru" in added.content.decode()
    moment += timedelta(minutes=1)
    assert not unchanged(poll(**mine, seen=seen(added)))
    # the page itself (not a poll) is always drawn
    page = client.get("/monitoring/", {**mine, "seen": seen(added)})
    assert page.status_code == 200 and "CPE kita" in page.content.decode()


def test_availability_days_count_outages_and_unmonitored_time(ours, theirs):
    now = timezone.now()
    today = selectors.local_day_start(timezone.localdate(now))
    target = TargetFactory(link=ours)
    Target.objects.filter(pk=target.pk).update(created_at=today - timedelta(days=4))
    MonitorRunFactory(started_at=today - timedelta(days=3), beat_at=now)
    OutageFactory(
        link=ours,
        started_at=today - timedelta(days=2) + timedelta(hours=1),
        ended_at=today - timedelta(days=2) + timedelta(hours=2),
    )
    days = selectors.availability_days([ours.pk, theirs.pk], days=5, now=now)
    ours_days = days[ours.pk]
    assert len(ours_days) == 5
    assert ours_days[0].available_percent is None  # before the monitor ran
    assert ours_days[0].unmonitored == ours_days[0].seconds
    down_day = ours_days[2]
    assert down_day.down == 3600
    assert down_day.unmonitored == 0
    assert down_day.available_percent == pytest.approx(100 * 23 / 24)
    assert ours_days[3].available_percent == 100.0
    assert all(day.available_percent is None for day in days[theirs.pk])  # no targets


def test_the_day_bars_show_excluded_time_as_the_sla_counts_it():
    """An outage with an exclusion the contract honours is excluded, not down (a moment both
    excluded and down is excluded only); a reason the contract does not honour is down."""
    now = timezone.now()
    today = selectors.local_day_start(timezone.localdate(now))
    link = LinkFactory(contract__exclusions=["customer_side", "maintenance"])
    target = TargetFactory(link=link)
    Target.objects.filter(pk=target.pk).update(created_at=today - timedelta(days=4))
    MonitorRunFactory(started_at=today - timedelta(days=3), beat_at=now)
    day = today - timedelta(days=2)
    hour = timedelta(hours=1)
    OutageFactory(
        link=link, started_at=day + hour, ended_at=day + 3 * hour, exclusion="customer_side"
    )
    OutageFactory(link=link, started_at=day + 2 * hour, ended_at=day + 4 * hour)  # 1 h overlaps
    OutageFactory(
        link=link, started_at=day + 10 * hour, ended_at=day + 11 * hour, exclusion="force_majeure"
    )  # not honoured by this contract: down
    OutageFactory(
        link=link,
        started_at=day + timedelta(days=1, hours=1),
        ended_at=day + timedelta(days=1, hours=7),
        exclusion="maintenance",
    )
    days = selectors.availability_days([link.pk], days=5, now=now)[link.pk]
    mixed, excluded_only = days[2], days[3]
    assert (mixed.excluded, mixed.down, mixed.unmonitored) == (2 * 3600, 2 * 3600, 0)
    assert mixed.available_percent == pytest.approx(100 * 20 / 22)
    assert (excluded_only.excluded, excluded_only.down) == (6 * 3600, 0)
    assert excluded_only.available_percent == 100.0
    assert excluded_only.colour == "#0dcaf0" and days[4].colour == "#198754"
    with translation.override("en"):
        assert "excluded 360 min" in charts.day_bar(days)[3]["title"]


def test_the_day_bars_count_watched_time_as_the_sla_does(ours):
    """A link is watched while a run of the shard holding its target ran (not every shard)."""
    now = timezone.now()
    today = selectors.local_day_start(timezone.localdate(now))
    target = TargetFactory(link=ours)
    Target.objects.filter(pk=target.pk).update(created_at=today - timedelta(days=2))
    holder = shard_of(target.pk, 2)
    MonitorRunFactory(shard=holder, shards=2, started_at=today - timedelta(days=1), beat_at=now)
    MonitorRunFactory(
        shard=3 - holder, shards=2, started_at=today - timedelta(days=1), beat_at=today
    )
    yesterday, today_bar = selectors.availability_days([ours.pk], days=2, now=now)[ours.pk]
    assert yesterday.unmonitored == 0 and yesterday.available_percent == 100.0
    assert today_bar.unmonitored == 0  # the other shard's stop does not matter to this link


def test_the_target_page_shows_its_chart_and_downtimes(client_as, netadmin, ours):
    target = TargetFactory(name="CPE kita", link=ours)
    ProbeMinuteFactory(target=target, minute=minute_ago(5), probes=[[0, 10.0], [30, None]])
    outage = OutageFactory(link=ours, ended_at=timezone.now())
    TargetDowntimeFactory(target=target, outage=outage, error="connection refused")
    client = client_as(netadmin)
    page = client.get(f"/monitoring/targets/{target.pk}/").content.decode()
    assert 'data-testid="latency-chart"' in page and "<polyline" in page
    assert "1 dari 2 probe gagal" in page or "1 of 2 probes failed" in page
    assert f"/providers/links/{ours.pk}/#outage-{outage.pk}" in page
    assert "connection refused" in page
    month = client.get(f"/monitoring/targets/{target.pk}/", {"range": "30d"})
    assert month.status_code == 200
    assert 'aria-current="page" data-testid="range-30d"' in month.content.decode()


def test_the_network_admin_adds_a_target_through_the_form(client_as, netadmin, ours):
    client = client_as(netadmin)
    assert client.get("/monitoring/targets/new/").status_code == 200
    body = {
        "name": "Web Diskominfo",
        "kind": "http",
        "url": "",
        "role": "upstream",
        "link": ours.pk,
        "interval_seconds": 60,
        "timeout_seconds": 5,
        "failures_to_down": 3,
        "successes_to_up": 2,
    }
    refused = client.post("/monitoring/targets/new/", body)
    assert refused.status_code == 200
    assert "needs a URL" in refused.content.decode() or "memerlukan URL" in refused.content.decode()
    assert not Target.objects.exists()
    response = client.post(
        "/monitoring/targets/new/", {**body, "url": "https://diskominfo.example.go.id/"}
    )
    target = Target.objects.get()
    assert response.status_code == 302 and response.url == f"/monitoring/targets/{target.pk}/"
    assert target.location == ours.location and target.created_by == netadmin


def test_an_edit_against_an_old_version_is_refused_on_the_form(client_as, netadmin, ours):
    target = TargetFactory(link=ours, name="Lama")
    client = client_as(netadmin)
    body = {
        "name": "Baru",
        "kind": "tcp",
        "host": "127.0.0.1",
        "port": 22,
        "role": "provider",
        "link": ours.pk,
        "location": ours.location_id,
        "interval_seconds": 60,
        "timeout_seconds": 5,
        "failures_to_down": 3,
        "successes_to_up": 2,
        "version": target.version,
    }
    assert client.post(f"/monitoring/targets/{target.pk}/edit/", body).status_code == 302
    stale = client.post(f"/monitoring/targets/{target.pk}/edit/", {**body, "name": "Lagi"})
    assert stale.status_code == 200
    assert Target.objects.get(pk=target.pk).name == "Baru"
    assert "diubah" in stale.content.decode() or "changed by someone" in stale.content.decode()


def test_pause_resume_and_delete_from_the_target_page(client_as, netadmin, ours):
    target = TargetFactory(link=ours, state="up")
    client = client_as(netadmin)
    url = f"/monitoring/targets/{target.pk}/"
    assert client.post(f"{url}pause/", {"version": 1}).status_code == 302
    target.refresh_from_db()
    assert target.paused and target.state == "paused"
    stale = client.post(f"{url}resume/", {"version": 1})
    assert stale.status_code == 400 and 'data-testid="action-errors"' in stale.content.decode()
    assert client.post(f"{url}resume/", {"version": 2}).status_code == 302
    target.refresh_from_db()
    assert not target.paused and target.state == "unknown"
    actions = [event.action for event in audit_timeline(target)]
    assert set(actions) == {"monitoring_target.paused", "monitoring_target.resumed"}
    deleted = client.post(f"{url}delete/", {"version": 3})
    assert deleted.status_code == 302 and deleted.url == "/monitoring/"
    assert not Target.objects.filter(pk=target.pk).exists()


def test_who_reaches_the_pages(client_as, make_user, ours, theirs):
    mine = TargetFactory(name="CPE kita", link=ours)
    other = TargetFactory(name="CPE mereka", link=theirs)
    client = client_as(provider_user(ours.provider))
    page = client.get("/monitoring/").content.decode()
    assert "CPE kita" in page and "CPE mereka" not in page
    assert client.get(f"/monitoring/targets/{mine.pk}/").status_code == 200
    assert client.get(f"/monitoring/targets/{other.pk}/").status_code == 404
    assert client.get(f"/monitoring/targets/{mine.pk}/edit/").status_code == 403
    assert client.get("/monitoring/targets/new/").status_code == 403
    for role in (Role.OPD_USER, Role.SYSTEM_ADMIN):
        client = client_as(make_user(role))
        assert client.get("/monitoring/").status_code == 403
        assert client.get(f"/monitoring/targets/{mine.pk}/").status_code == 404
    helpdesk = client_as(make_user(Role.HELPDESK))
    assert helpdesk.get(f"/monitoring/targets/{mine.pk}/").status_code == 200
    assert helpdesk.get(f"/monitoring/targets/{mine.pk}/edit/").status_code == 403
    assert helpdesk.post(f"/monitoring/targets/{mine.pk}/pause/", {"version": 1}).status_code == 403


def test_the_navigation_names_the_board(client_as, make_user):
    page = client_as(make_user(Role.HELPDESK)).get("/monitoring/").content.decode()
    assert 'href="/monitoring/"' in page


def test_the_last_hour_is_read_once_a_minute(django_assert_num_queries):
    target = TargetFactory()
    ProbeMinuteFactory(target=target, minute=minute_ago(3), probes=[[0, 4.0], [30, 6.0]])
    ProbeMinuteFactory(target=target, minute=minute_ago(2), probes=[[0, None]])
    now = timezone.now()
    with django_assert_num_queries(1):
        first = selectors.last_hour([target.pk], now=now)
    assert [latency for _minute, latency in first[target.pk]] == [5.0, None]
    with django_assert_num_queries(0):
        assert selectors.last_hour([target.pk], now=now) == first


def test_a_target_without_link_or_place_is_told_so_in_words(client_as, netadmin):
    body = {
        "name": "Gateway",
        "kind": "icmp",
        "host": "10.0.0.1",
        "role": "gateway",
        "interval_seconds": 60,
        "timeout_seconds": 5,
        "failures_to_down": 3,
        "successes_to_up": 2,
    }
    response = client_as(netadmin).post("/monitoring/targets/new/", body, HTTP_ACCEPT_LANGUAGE="id")
    page = response.content.decode()
    assert "Pilih sambungan atau lokasi yang diwakili target ini." in page
    assert "monitoring_target_link_or_location" not in page
    assert not Target.objects.exists()
