"""The monitor's API (issue 12): targets CRUD for the network administrator with the checks of
each kind and the version guard, the status of every visible target in one query, a target's
samples (raw within the retention, roll-ups beyond), and a provider's scope."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from silajar.accounts.roles import Role
from silajar.core.audit import audit_timeline
from silajar.monitoring.models import Target
from silajar.monitoring.tests.factories import (
    LatencyRollupFactory,
    ProbeMinuteFactory,
    TargetFactory,
)
from silajar.organizations.tests.factories import LocationFactory
from silajar.providers.tests.factories import LinkFactory, provider_user

pytestmark = pytest.mark.django_db
CONTRACT_FIELDS = {
    "name",
    "kind",
    "host",
    "port",
    "url",
    "expected_status",
    "interval_seconds",
    "timeout_seconds",
    "failures_to_down",
    "successes_to_up",
    "retry_interval_seconds",
    "role",
    "vantage",
    "link",
    "location",
    "paused",
}
TARGETS = "/api/v1/monitoring/targets/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def link():
    place = LocationFactory()
    return LinkFactory(organization=place.organization, location=place)


@pytest.fixture
def netadmin(make_user):
    return make_user(Role.NETWORK_ADMIN)


def test_the_network_admin_adds_a_target_with_the_contract_s_fields(netadmin, link):
    body = {
        "name": "CPE Telkom",
        "kind": "tcp",
        "host": "10.0.0.1",
        "port": 443,
        "role": "provider",
        "link": link.pk,
        "interval_seconds": 30,
        "timeout_seconds": "2.5",
    }
    response = client_for(netadmin).post(TARGETS, body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert set(data) >= CONTRACT_FIELDS
    assert {"expected_text", "expected_address", "resolver", "state", "state_since"} <= set(data)
    assert {"last_error", "version"} <= set(data)
    assert data["location"] == link.location_id  # the link's place by default
    assert data["state"] == "unknown"
    assert data["timeout_seconds"] == 2.5
    target = Target.objects.get(pk=data["id"])
    assert target.created_by == netadmin
    assert [e.action for e in audit_timeline(target)] == ["monitoring_target.created"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "tcp", "host": "10.0.0.1"}, "port"),
        ({"kind": "tcp", "port": 22}, "host"),
        ({"kind": "http"}, "url"),
        ({"kind": "dns"}, "host"),
        ({"kind": "icmp"}, "host"),
        (
            {"kind": "icmp", "host": "10.0.0.1", "interval_seconds": 5, "timeout_seconds": 5},
            "timeout_seconds",
        ),
    ],
)
def test_each_kind_needs_its_inputs(netadmin, link, body, field):
    payload = {"name": "X", "role": "gateway", "link": link.pk, **body}
    response = client_for(netadmin).post(TARGETS, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Target.objects.exists()


def test_a_target_needs_a_link_or_a_place_in_indonesian(netadmin):
    client = client_for(netadmin)
    body = {"name": "Gateway", "kind": "icmp", "host": "10.1.1.1", "role": "gateway"}
    response = client.post(TARGETS, body, format="json", HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 400
    error = response.json()["error"]
    assert "link" in error["fields"]
    assert error["message"] == "Periksa rincian target."


def test_retry_interval_and_vantage(netadmin, link):
    """The retry interval defaults to a sixth of the interval and is at most the interval;
    only the provider's equipment is probed from outside."""
    client = client_for(netadmin)
    body = {"name": "CPE", "kind": "tcp", "host": "10.0.0.1", "port": 443, "link": link.pk}
    made = client.post(TARGETS, {**body, "role": "provider", "vantage": "outside"}, format="json")
    assert made.status_code == 201, made.json()
    data = made.json()
    assert (data["vantage"], data["retry_interval_seconds"], data["retry_interval"]) == (
        "outside",
        None,
        10,
    )
    changed = client.patch(
        f"{TARGETS}{data['id']}/",
        {"retry_interval_seconds": 5, "version": data["version"]},
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["retry_interval"] == 5
    too_long = client.post(TARGETS, {**body, "role": "provider", "retry_interval_seconds": 61})
    assert "retry_interval_seconds" in too_long.json()["error"]["fields"]
    ours = client.post(TARGETS, {**body, "role": "gateway", "vantage": "outside"}, format="json")
    assert ours.status_code == 400
    assert "vantage" in ours.json()["error"]["fields"]
    inside = client.post(TARGETS, {**body, "role": "gateway"}, format="json")
    assert inside.json()["vantage"] == "inside"


def test_a_place_of_another_agency_than_the_link_s_is_refused(netadmin, link):
    body = {
        "name": "Switch",
        "kind": "icmp",
        "host": "10.1.1.2",
        "role": "lan",
        "link": link.pk,
        "location": LocationFactory().pk,
    }
    response = client_for(netadmin).post(TARGETS, body, format="json")
    assert response.status_code == 400
    assert "location" in response.json()["error"]["fields"]


def test_patch_with_a_stale_version_is_a_409_and_pausing_sets_the_state(netadmin):
    target = TargetFactory(state="down", state_since=timezone.now() - timedelta(hours=1))
    client = client_for(netadmin)
    url = f"{TARGETS}{target.pk}/"
    response = client.patch(url, {"paused": True, "version": target.version}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "paused"
    assert response.json()["version"] == target.version + 1
    stale = client.patch(url, {"name": "Lama", "version": target.version}, format="json")
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    resumed = client.patch(url, {"paused": False}, format="json")
    assert resumed.json()["state"] == "unknown"
    assert client.put(url, {"name": "X"}, format="json").status_code == 405


def test_delete_removes_the_target_unless_it_is_down(netadmin):
    target = TargetFactory()
    down = TargetFactory()
    down.downtimes.create(
        started_at=timezone.now() - timedelta(minutes=5), confirmed_at=timezone.now()
    )
    client = client_for(netadmin)
    assert client.delete(f"{TARGETS}{target.pk}/").status_code == 204
    assert not Target.objects.filter(pk=target.pk).exists()
    refused = client.delete(f"{TARGETS}{down.pk}/")
    assert refused.status_code == 400
    assert Target.objects.filter(pk=down.pk).exists()


def test_staff_read_but_only_the_network_admin_writes(make_user, link):
    target = TargetFactory(link=link)
    helpdesk = client_for(make_user(Role.HELPDESK))
    assert helpdesk.get(f"{TARGETS}{target.pk}/").status_code == 200
    assert helpdesk.patch(f"{TARGETS}{target.pk}/", {"name": "X"}, format="json").status_code == 403
    assert helpdesk.delete(f"{TARGETS}{target.pk}/").status_code == 403
    body = {"name": "X", "kind": "icmp", "host": "1.1.1.1", "role": "upstream", "link": link.pk}
    assert helpdesk.post(TARGETS, body, format="json").status_code == 403
    assert make_user(Role.PPTK) and Target.objects.count() == 1


def test_a_provider_sees_only_its_own_links_targets(link):
    ours = TargetFactory(link=link)
    theirs = TargetFactory()
    placed = TargetFactory(link=None, location=link.location, role="gateway")
    client = client_for(provider_user(link.provider))
    listed = client.get(TARGETS).json()["results"]
    assert [row["id"] for row in listed] == [ours.pk]
    assert client.get(f"{TARGETS}{theirs.pk}/").status_code == 404
    assert client.get(f"{TARGETS}{placed.pk}/").status_code == 404
    assert client.get(f"{TARGETS}{theirs.pk}/samples/").status_code == 404
    assert client.patch(f"{TARGETS}{ours.pk}/", {"name": "X"}, format="json").status_code == 403
    assert client.delete(f"{TARGETS}{theirs.pk}/").status_code == 404
    status = client.get("/api/v1/monitoring/status/").json()
    assert [row["id"] for row in status] == [ours.pk]


def test_agency_users_and_the_system_admin_see_nothing(make_user):
    target = TargetFactory()
    for role in (Role.OPD_USER, Role.SYSTEM_ADMIN):
        client = client_for(make_user(role))
        assert client.get(TARGETS).json()["results"] == []
        assert client.get("/api/v1/monitoring/status/").json() == []
        assert client.get(f"{TARGETS}{target.pk}/").status_code == 404


def test_status_answers_state_since_and_latest_latency_in_one_query(netadmin):
    since = timezone.now() - timedelta(minutes=7)
    up = TargetFactory(state="up", state_since=since)
    now = timezone.now().replace(second=0, microsecond=0)
    ProbeMinuteFactory(target=up, minute=now - timedelta(minutes=2), probes=[[0, 40.0]])
    ProbeMinuteFactory(target=up, minute=now - timedelta(minutes=1), probes=[[0, 9.0], [30, 11.0]])
    failing = TargetFactory(state="down", state_since=since)
    ProbeMinuteFactory(target=failing, probes=[[0, 10.0], [30, None]])
    paused = TargetFactory(state="up", paused=True)
    for _ in range(5):
        TargetFactory()
    client = client_for(netadmin)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/monitoring/status/")
    rows = {row["id"]: row for row in response.json()}
    assert set(rows[up.pk]) == {
        "id",
        "name",
        "role",
        "link",
        "location",
        "state",
        "since",
        "latency_ms",
    }
    assert rows[up.pk]["state"] == "up"
    assert rows[up.pk]["latency_ms"] == 11.0
    assert rows[up.pk]["since"] is not None
    assert rows[failing.pk]["state"] == "down"
    assert rows[failing.pk]["latency_ms"] is None
    assert rows[paused.pk]["state"] == "paused"
    assert len(rows) == 8
    reads = [q for q in queries.captured_queries if "monitoring_target" in q["sql"]]
    assert len(reads) == 1
    filtered = client.get("/api/v1/monitoring/status/?state=down").json()
    assert [row["id"] for row in filtered] == [failing.pk]


def test_samples_are_raw_within_the_retention_and_roll_ups_beyond(netadmin, settings):
    settings.SILAJAR_MONITOR_RAW_DAYS = 7
    target = TargetFactory()
    now = timezone.now().replace(second=0, microsecond=0)
    ProbeMinuteFactory(
        target=target, minute=now - timedelta(hours=1), probes=[[0, 5.0], [30, None]]
    )
    old = now.replace(minute=0) - timedelta(days=10)
    LatencyRollupFactory(target=target, start=old, mean_ms=20.0, failures=6)
    LatencyRollupFactory(target=target, period="day", start=old.replace(hour=0))
    client = client_for(netadmin)
    url = f"{TARGETS}{target.pk}/samples/"
    start = (now - timedelta(days=12)).isoformat()
    items = client.get(url, {"from": start, "to": now.isoformat()}).json()
    assert [(i["kind"], i["raw"]) for i in items] == [
        ("hour", False),
        ("raw", True),
        ("raw", True),
    ]
    assert items[0]["latency_ms"] == 20.0
    assert items[0]["loss"] == pytest.approx(0.1)
    assert items[1]["latency_ms"] == 5.0
    assert items[2]["latency_ms"] is None and items[2]["failures"] == 1
    long = client.get(url, {"from": (now - timedelta(days=90)).isoformat()}).json()
    assert [i["kind"] for i in long] == ["day"]
    recent = client.get(url).json()  # the last 24 hours by default
    assert [i["kind"] for i in recent] == ["raw", "raw"]


@pytest.mark.parametrize("query", [{"from": "kemarin"}, {"to": "2026-13-40T00:00"}])
def test_a_bad_sample_time_is_a_translated_400(netadmin, query):
    target = TargetFactory()
    response = client_for(netadmin).get(
        f"{TARGETS}{target.pk}/samples/", query, HTTP_ACCEPT_LANGUAGE="id"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert list(error["fields"]) == list(query)
    assert error["message"] == "Beberapa isian tidak valid."
    assert "salah" in next(iter(error["fields"].values()))[0]  # DRF's own Indonesian


def test_from_after_to_is_a_translated_400(netadmin):
    target = TargetFactory()
    query = {"from": "2026-03-02T00:00:00+07:00", "to": "2026-03-01T00:00:00+07:00"}
    response = client_for(netadmin).get(
        f"{TARGETS}{target.pk}/samples/", query, HTTP_ACCEPT_LANGUAGE="id"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["from"] == ["`from` harus sebelum `to`."]
