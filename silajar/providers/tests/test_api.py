"""The internet side's API: every endpoint, who may (200/201, 403, 404 for another
provider's rows), the field names of the API contract (issue 11), paging and filters."""

from datetime import timedelta

import pytest
import yaml
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from silajar.accounts.roles import Role
from silajar.core.audit import audit_timeline
from silajar.providers.models import Link, MaintenanceWindow, Outage, Provider
from silajar.providers.tests.factories import (
    ContractFactory,
    LinkFactory,
    MaintenanceWindowFactory,
    OutageFactory,
    provider_user,
)

pytestmark = pytest.mark.django_db
PROVIDER_FIELDS = {"name", "short_name", "contacts", "escalation"}
LINK_FIELDS = {
    "provider",
    "contract",
    "circuit_id",
    "kind",
    "bandwidth_down_mbps",
    "bandwidth_up_mbps",
    "organization",
    "location",
    "monthly_fee",
    "status",
    "active_from",
    "active_until",
}
OUTAGE_FIELDS = {"started_at", "ended_at", "source", "cause", "exclusion"}
WINDOW_FIELDS = {"provider", "links", "starts_at", "ends_at", "announced_at", "weekly"}


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def world(make_user):
    """Two providers, each with a link, an outage and a window; one account of the first."""
    ours, theirs = LinkFactory(), LinkFactory()
    for link in (ours, theirs):
        OutageFactory(link=link, ended_at=timezone.now() - timedelta(minutes=5))
        MaintenanceWindowFactory(provider=link.provider)
    return {
        "ours": ours,
        "theirs": theirs,
        "account": provider_user(ours.provider),
        "netadmin": make_user(Role.NETWORK_ADMIN),
        "pptk": make_user(Role.PPTK),
        "helpdesk": make_user(Role.HELPDESK),
        "opd_user": make_user(Role.OPD_USER),
    }


def ago(**delta) -> str:
    return (timezone.now() - timedelta(**delta)).isoformat()


# --- reading and scoping ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/api/v1/providers/", PROVIDER_FIELDS),
        ("/api/v1/links/", LINK_FIELDS),
        ("/api/v1/maintenance-windows/", WINDOW_FIELDS),
    ],
)
def test_staff_list_every_row_with_the_contracts_field_names(world, path, fields):
    answer = client_for(world["helpdesk"]).get(path)
    assert answer.status_code == 200
    rows = answer.json()["results"]
    assert len(rows) == 2
    assert fields <= set(rows[0])


def test_the_outages_carry_the_contracts_field_names(world):
    link = world["ours"]
    answer = client_for(world["netadmin"]).get(f"/api/v1/links/{link.pk}/outages/")
    [row] = answer.json()["results"]
    assert set(row) >= OUTAGE_FIELDS and row["exclusion"] is None


@pytest.mark.parametrize(
    "path", ["/api/v1/providers/", "/api/v1/links/", "/api/v1/maintenance-windows/"]
)
def test_a_provider_account_lists_its_own_rows_only(world, path):
    rows = client_for(world["account"]).get(path).json()["results"]
    assert len(rows) == 1
    assert rows[0].get("provider", rows[0]["id"]) == world["ours"].provider_id


def other_rows(world) -> list[str]:
    theirs = world["theirs"]
    outage = Outage.objects.get(link=theirs)
    window = MaintenanceWindow.objects.get(provider=theirs.provider)
    return [
        f"/api/v1/providers/{theirs.provider_id}/",
        f"/api/v1/links/{theirs.pk}/",
        f"/api/v1/links/{theirs.pk}/outages/",
        f"/api/v1/links/{theirs.pk}/outages/{outage.pk}/",
        f"/api/v1/maintenance-windows/{window.pk}/",
    ]


def test_another_providers_rows_are_not_found(world):
    client = client_for(world["account"])
    for path in other_rows(world):
        assert client.get(path).status_code == 404, path
    theirs = world["theirs"]
    outage = Outage.objects.get(link=theirs)
    assert (
        client.patch(
            f"/api/v1/links/{theirs.pk}/outages/{outage.pk}/", {"reason": "x"}, format="json"
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/v1/links/{theirs.pk}/outages/{outage.pk}/end/", {}, format="json"
        ).status_code
        == 404
    )


def test_an_outage_of_another_link_is_not_found_under_this_one(world):
    outage = Outage.objects.get(link=world["theirs"])
    path = f"/api/v1/links/{world['ours'].pk}/outages/{outage.pk}/"
    assert client_for(world["netadmin"]).get(path).status_code == 404


def test_agency_users_see_nothing_of_it(world):
    client = client_for(world["opd_user"])
    assert client.get("/api/v1/links/").json()["results"] == []
    assert client.get(f"/api/v1/links/{world['ours'].pk}/").status_code == 404


def test_lists_filter_and_page_by_cursor(world):
    client = client_for(world["helpdesk"])
    provider = world["ours"].provider
    answer = client.get("/api/v1/links/", {"provider": provider.pk})
    assert [row["id"] for row in answer.json()["results"]] == [world["ours"].pk]
    first = client.get("/api/v1/providers/", {"page_size": 1}).json()
    assert "cursor=" in first["next"]
    second = client.get(first["next"]).json()
    assert {first["results"][0]["id"], second["results"][0]["id"]} == set(
        Provider.objects.values_list("pk", flat=True)
    )
    assert client.get("/api/v1/links/", {"status": "bogus"}).status_code == 400
    link = world["ours"]
    OutageFactory(link=link)  # still open
    rows = client.get(f"/api/v1/links/{link.pk}/outages/", {"open": "true"}).json()["results"]
    assert len(rows) == 1 and rows[0]["ended_at"] is None


# --- providers and links -------------------------------------------------------------------


PROVIDER_BODY = {
    "name": "PT Lintas Data",
    "short_name": "LD",
    "contacts": [{"name": "NOC", "phone": "0561-1", "email": "noc@example.org"}],
    "escalation": [{"level": 1, "contact": "NOC", "after_minutes": 15}],
}


@pytest.mark.parametrize(
    ("who", "status"),
    [("netadmin", 201), ("pptk", 201), ("helpdesk", 403), ("account", 403), ("opd_user", 403)],
)
def test_who_adds_a_provider(world, who, status):
    answer = client_for(world[who]).post("/api/v1/providers/", PROVIDER_BODY, format="json")
    assert answer.status_code == status
    if status == 201:
        assert answer.json()["escalation"] == PROVIDER_BODY["escalation"]


def test_a_bad_escalation_names_the_input(world):
    body = {**PROVIDER_BODY, "escalation": [{"level": 2, "contact": "", "after_minutes": 0}]}
    answer = client_for(world["netadmin"]).post("/api/v1/providers/", body, format="json")
    assert answer.status_code == 400
    fields = answer.json()["error"]["fields"]
    assert {"escalation[0].level", "escalation[0].contact", "escalation[0].after_minutes"} <= set(
        fields
    )


def test_a_provider_is_edited_against_its_version(world):
    provider = world["ours"].provider
    client = client_for(world["pptk"])
    path = f"/api/v1/providers/{provider.pk}/"
    answer = client.patch(path, {"short_name": "BARU", "version": provider.version}, format="json")
    assert answer.status_code == 200 and answer.json()["short_name"] == "BARU"
    stale = client.patch(path, {"short_name": "LAGI", "version": provider.version}, format="json")
    assert stale.status_code == 409
    assert client_for(world["account"]).patch(path, {"name": "X"}, format="json").status_code == 403


def test_a_link_is_added_and_edited_by_the_keepers(world, agency):
    provider = world["ours"].provider
    body = {
        "provider": provider.pk,
        "contract": world["ours"].contract_id,
        "circuit_id": "LD-0001",
        "kind": "backup",
        "bandwidth_down_mbps": 50,
        "bandwidth_up_mbps": 50,
        "organization": agency.pk,
        "monthly_fee": 5_000_000,
        "status": "planned",
    }
    client = client_for(world["netadmin"])
    answer = client.post("/api/v1/links/", body, format="json")
    assert answer.status_code == 201, answer.json()
    assert set(answer.json()) >= LINK_FIELDS
    wrong = client.post(
        "/api/v1/links/",
        {**body, "circuit_id": "X", "contract": ContractFactory().pk},
        format="json",
    )
    assert wrong.status_code == 400 and "contract" in wrong.json()["error"]["fields"]
    link = Link.objects.get(circuit_id="LD-0001")
    path = f"/api/v1/links/{link.pk}/"
    patched = client.patch(path, {"status": "active", "active_from": "2026-02-01"}, format="json")
    assert patched.status_code == 200 and patched.json()["status"] == "active"
    refused = client_for(world["helpdesk"]).patch(path, {"kind": "metro"}, format="json")
    assert refused.status_code == 403


# --- outages ---------------------------------------------------------------------------------


def test_the_network_admin_records_ends_and_corrects_an_outage(world):
    link = world["ours"]
    client = client_for(world["netadmin"])
    base = f"/api/v1/links/{link.pk}/outages/"
    created = client.post(
        base,
        {"started_at": ago(hours=2), "ended_at": None, "source": "monitoring", "cause": "Putus"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    outage = created.json()
    assert outage["ended_at"] is None and outage["exclusion"] is None
    ended = client.post(f"{base}{outage['id']}/end/", {"version": outage["version"]}, format="json")
    assert ended.status_code == 200 and ended.json()["ended_at"]
    again = client.post(f"{base}{outage['id']}/end/", {}, format="json")
    assert again.status_code == 409
    corrected = client.patch(
        f"{base}{outage['id']}/",
        {"reason": "Gangguan listrik PLN", "exclusion": "customer_side"},
        format="json",
    )
    assert corrected.status_code == 200 and corrected.json()["exclusion"] == "customer_side"
    event = audit_timeline(Outage.objects.get(pk=outage["id"])).first()
    assert event.action == "outage.corrected" and event.note == "Gangguan listrik PLN"
    no_reason = client.patch(f"{base}{outage['id']}/", {"cause": "x"}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("decision", "exclusion"), [("confirm", "customer_side"), ("dismiss", None)]
)
def test_the_network_admin_decides_the_monitor_s_proposed_exclusion(world, decision, exclusion):
    """`confirm_exclusion` grants the proposal, `dismiss_exclusion` drops it: 403 for another
    role (the link's provider included), 409 on a stale version and once decided."""
    link = world["ours"]
    proposed = OutageFactory(link=link, source="monitoring", proposed_exclusion="customer_side")
    url = f"/api/v1/links/{link.pk}/outages/{proposed.pk}/{decision}_exclusion/"
    shown = client_for(world["helpdesk"]).get(f"/api/v1/links/{link.pk}/outages/{proposed.pk}/")
    assert shown.json()["proposed_exclusion"] == "customer_side"
    for who in ("account", "helpdesk", "pptk"):
        refused = client_for(world[who]).post(url, {"version": proposed.version}, format="json")
        assert refused.status_code == 403, who
    admin = client_for(world["netadmin"])
    stale = admin.post(url, {"version": proposed.version + 1}, format="json")
    assert stale.status_code == 409
    done = admin.post(url, {"version": proposed.version}, format="json")
    assert done.status_code == 200, done.json()
    assert (done.json()["exclusion"], done.json()["proposed_exclusion"]) == (exclusion, None)
    assert audit_timeline(proposed).first().action == f"outage.exclusion_{decision}ed"
    again = admin.post(url, {"version": done.json()["version"]}, format="json")
    assert again.status_code == 409
    elsewhere = client_for(world["netadmin"]).post(
        f"/api/v1/links/{world['theirs'].pk}/outages/{proposed.pk}/{decision}_exclusion/", {}
    )
    assert elsewhere.status_code == 404


def test_outage_times_need_their_offset(world):
    link = world["ours"]
    answer = client_for(world["netadmin"]).post(
        f"/api/v1/links/{link.pk}/outages/",
        {"started_at": "2026-01-05T08:00:00", "source": "monitoring"},
        format="json",
    )
    assert answer.status_code == 400 and "started_at" in answer.json()["error"]["fields"]


@pytest.mark.parametrize(("who", "status"), [("pptk", 403), ("helpdesk", 403), ("account", 201)])
def test_who_records_an_outage(world, who, status):
    link = world["ours"]
    answer = client_for(world[who]).post(
        f"/api/v1/links/{link.pk}/outages/",
        {"started_at": ago(hours=1), "source": "provider"},
        format="json",
    )
    assert answer.status_code == status


def test_a_provider_cannot_excuse_its_own_outage(world):
    link = world["ours"]
    answer = client_for(world["account"]).post(
        f"/api/v1/links/{link.pk}/outages/",
        {"started_at": ago(hours=1), "source": "provider", "exclusion": "force_majeure"},
        format="json",
    )
    assert answer.status_code == 400 and "exclusion" in answer.json()["error"]["fields"]


# --- maintenance windows --------------------------------------------------------------------


def window_body(provider, **changes):
    start = timezone.now() + timedelta(days=3)
    return {
        "provider": provider.pk,
        "links": [],
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(),
        "announced_at": ago(minutes=1),
        "weekly": True,
        **changes,
    }


@pytest.mark.parametrize(
    ("who", "status"), [("netadmin", 201), ("account", 201), ("pptk", 403), ("helpdesk", 403)]
)
def test_who_announces_maintenance(world, who, status):
    body = window_body(world["ours"].provider)
    answer = client_for(world[who]).post("/api/v1/maintenance-windows/", body, format="json")
    assert answer.status_code == status
    if status == 201:
        assert set(answer.json()) >= WINDOW_FIELDS


def test_a_provider_cannot_name_another_providers_links_or_windows(world):
    client = client_for(world["account"])
    body = window_body(world["ours"].provider, links=[world["theirs"].pk])
    answer = client.post("/api/v1/maintenance-windows/", body, format="json")
    assert answer.status_code == 400 and "links" in answer.json()["error"]["fields"]
    other = window_body(world["theirs"].provider)
    assert client.post("/api/v1/maintenance-windows/", other, format="json").status_code == 400


def test_a_window_is_changed_against_its_version(world):
    window = MaintenanceWindow.objects.get(provider=world["ours"].provider)
    client = client_for(world["account"])
    path = f"/api/v1/maintenance-windows/{window.pk}/"
    body = {"links": [world["ours"].pk], "version": window.version}
    answer = client.patch(path, body, format="json")
    assert answer.status_code == 200 and answer.json()["links"] == [world["ours"].pk]
    assert client.patch(path, body, format="json").status_code == 409


def test_the_schema_documents_every_endpoint_and_the_outage_correction(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    paths = schema["paths"]
    for path in (
        "/api/v1/providers/",
        "/api/v1/providers/{id}/",
        "/api/v1/links/",
        "/api/v1/links/{id}/",
        "/api/v1/links/{id}/outages/",
        "/api/v1/links/{id}/outages/{outage_id}/end/",
        "/api/v1/links/{id}/outages/{outage_id}/confirm_exclusion/",
        "/api/v1/links/{id}/outages/{outage_id}/dismiss_exclusion/",
        "/api/v1/maintenance-windows/",
        "/api/v1/maintenance-windows/{id}/",
    ):
        assert path in paths, path
    correction = paths["/api/v1/links/{id}/outages/{outage_id}/"]["patch"]
    body = correction["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][body.rsplit("/", 1)[-1]]
    assert component["properties"]["reason"]["description"].startswith("Required")
