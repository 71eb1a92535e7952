"""The monthly SLA report from the database (`contracts.report`) and its API
(`GET /api/v1/contracts/{id}/sla/?month=YYYY-MM`): a contract-month built by hand, checked
against the engine on the same inputs and to the Rupiah; exclusions honoured or not;
maintenance announced in time or too late; outages across the month's edges; incidents and
their breaches; a constant number of queries; provider scoping (404); a bad month (400)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from silajar.accounts.roles import Role
from silajar.contracts import sla
from silajar.contracts.report import active_spans, sla_report
from silajar.contracts.report_months import default_month, parse_month
from silajar.contracts.tests.sla_world import MARCH, MARCH_MINUTES, build_world, wib
from silajar.core.errors import DomainError
from silajar.providers.tests.factories import (
    ContractFactory,
    IncidentFactory,
    LinkFactory,
    OutageFactory,
    provider_user,
)

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def world():
    return build_world()


def link_rows(data) -> dict[int, dict]:
    return {row["link"]: row for row in data["links"]}


def march(contract) -> sla.ContractMonth:
    return sla_report(contract=contract, year=2026, month=3).total


# --- the API's shape and numbers -------------------------------------------------------------


def test_the_api_answers_the_contract_month_to_the_minute_and_the_rupiah(world, make_user):
    contract, a, b = world["contract"], world["a"], world["b"]
    response = api(make_user(Role.NETWORK_ADMIN)).get(
        f"/api/v1/contracts/{contract.pk}/sla/", {"month": MARCH}
    )
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"month", "contract", "links", "availability_percent", "restitution_amount"}
    assert (data["month"], data["contract"]) == (MARCH, contract.pk)
    rows = link_rows(data)
    assert list(rows) == [a.pk, b.pk]  # by circuit ID
    assert rows[a.pk] == {
        "link": a.pk,
        "minutes": MARCH_MINUTES,
        "observed_minutes": MARCH_MINUTES,
        "downtime_minutes": 636,
        "excluded_minutes": 300,
        "counted_minutes": 333,
        "availability_percent": 99.249,
        "incidents": 0,
        "response_breaches": 0,
        "restoration_breaches": 0,
        "restitution_amount": 750_000,
    }
    assert rows[b.pk]["observed_minutes"] == MARCH_MINUTES - 5760
    assert rows[b.pk]["counted_minutes"] == 2880
    assert rows[b.pk]["availability_percent"] == 92.593
    assert rows[b.pk]["restitution_amount"] == 1_700_000
    assert data["availability_percent"] == 96.139
    assert data["restitution_amount"] == 2_450_000
    assert isinstance(data["restitution_amount"], int)


def test_the_report_is_the_engines_on_the_same_inputs(world):
    contract, a = world["contract"], world["a"]
    now = timezone.now()
    report = sla_report(contract=contract, year=2026, month=3, now=now, with_outages=True)
    terms = sla.Terms(
        availability_target=Decimal("99.5"),
        min_outage_seconds=300,
        method="bands",
        bands=(
            sla.Band(Decimal("99.5"), Decimal("5")),
            sla.Band(Decimal("99.0"), Decimal("10")),
            sla.Band(Decimal("95.0"), Decimal("25")),
        ),
        cap_percent=Decimal("20"),
    )
    expected = sla.link_month(
        year=2026,
        month=3,
        active=[(wib(1, month=1), wib(1, month=1).replace(year=2027))],
        watched=None,
        outages=[
            sla.Outage(o.started_at, o.ended_at, excluded=o.exclusion == "force_majeure")
            for o in a.outages.all()
        ],
        maintenance=[(wib(24, 22), wib(25))],
        terms=terms,
        monthly_fee=15_000_000,
        now=now,
    )
    assert report.links[0].month == expected
    # the outages that touch March are those the XLSX lists (not the one of 28 Feb only)
    assert len(report.links[0].outages) == 6


def test_a_link_is_active_from_its_first_day_to_the_end_of_its_last_within_the_contract():
    contract = ContractFactory.build(period_start=date(2026, 1, 1), period_end=date(2026, 12, 31))
    link = LinkFactory.build(active_from=date(2026, 3, 5), active_until=date(2026, 3, 20))
    assert active_spans(link, contract) == [(wib(5), wib(21))]
    link.active_from, link.active_until = date(2025, 6, 1), None
    assert active_spans(link, contract) == [(wib(1, month=1), wib(1, month=1).replace(year=2027))]
    link.active_from = None
    assert active_spans(link, contract) == []


# --- exclusions and maintenance --------------------------------------------------------------


def test_an_exclusion_the_contract_does_not_honour_counts(world):
    contract = world["contract"]
    contract.exclusions = ["maintenance"]  # force majeure no longer honoured
    contract.save()
    total = march(contract)
    assert (total.excluded_minutes, total.counted_minutes) == (60, 333 + 240 + 2880)
    contract.exclusions = []  # neither maintenance
    contract.save()
    total = march(contract)
    assert (total.excluded_minutes, total.counted_minutes) == (0, 333 + 240 + 60 + 2880)


def test_maintenance_announced_too_late_is_not_excluded(world):
    contract, window = world["contract"], world["window"]
    window.announced_at = wib(24, 22) - timedelta(hours=71, minutes=59)
    window.save()
    total = march(contract)
    assert (total.excluded_minutes, total.counted_minutes) == (240, 333 + 60 + 2880)
    window.announced_at = wib(24, 22) - timedelta(hours=72)  # just in time
    window.save()
    assert march(contract).excluded_minutes == 300


def test_a_window_naming_other_links_does_not_cover_this_one(world):
    contract, window = world["contract"], world["window"]
    window.links.set([world["b"]])
    assert march(contract).excluded_minutes == 240
    window.links.set([world["a"]])
    assert march(contract).excluded_minutes == 300


def test_a_weekly_window_excludes_each_week(world):
    contract, window = world["contract"], world["window"]
    # Tuesdays 22:00–24:00 since 3 Feb, announced in January: 24 and 31 Mar are two of them,
    # so the last two minutes of March (31 Mar 23:58–24:00) are excluded too
    window.starts_at, window.ends_at = wib(3, 22, month=2), wib(4, month=2)
    window.announced_at, window.weekly = wib(5, month=1), True
    window.save()
    total = march(contract)
    assert (total.excluded_minutes, total.counted_minutes) == (302, 331 + 2880)


# --- the month's edges -----------------------------------------------------------------------


def test_an_outage_across_the_month_edge_is_split_between_the_months(world):
    contract = world["contract"]
    april = sla_report(contract=contract, year=2026, month=4).links[0].month
    assert april.downtime_minutes == april.counted_minutes == 10  # 00:00–00:10 of 1 April
    february = sla_report(contract=contract, year=2026, month=2).links[0].month
    assert february.counted_minutes == 10  # 23:50 – 24:00 of 28 February


def test_a_short_outage_counts_through_its_neighbour_outside_the_month(world):
    contract, a = world["contract"], world["a"]
    assert march(contract).counted_minutes == 333 + 2880
    a.outages.filter(started_at=wib(28, 23, 50, month=2)).delete()
    # alone, 28 Feb 23:57 – 1 Mar 00:01 lasts 4 minutes: shown as downtime, not counted
    month = sla_report(contract=contract, year=2026, month=3).links[0].month
    assert (month.downtime_minutes, month.counted_minutes) == (636, 332)


def test_an_open_outage_runs_until_now(world):
    a = world["a"]
    OutageFactory(link=a, started_at=wib(30, 12), ended_at=None)
    month = sla_report(contract=world["contract"], year=2026, month=3).links[0].month
    # 30 Mar 12:00 until the month's end merges with 31 Mar 23:58 – 1 Apr 00:10
    assert month.counted_minutes == 330 + 1 + 36 * 60


# --- incidents -------------------------------------------------------------------------------


def test_incidents_of_the_month_and_their_breaches(world):
    contract, a = world["contract"], world["a"]  # at most 30 minutes to answer, 240 to restore
    provider = contract.provider

    def incident(started, **times):
        IncidentFactory(provider=provider, links=[a], started_at=started, **times)

    incident(
        wib(3, 10),
        state="closed",
        reported_at=wib(3, 10, 5),
        acknowledged_at=wib(3, 10, 50),  # 45 minutes: late
        restored_at=wib(3, 15, 30),  # 330 minutes: late
    )
    incident(
        wib(10, 8),
        state="closed",
        reported_at=wib(10, 8, 1),
        acknowledged_at=wib(10, 8, 31),  # exactly 30: in time
        restored_at=wib(10, 12),  # exactly 240: in time
    )
    incident(wib(20, 1), state="reported", reported_at=wib(20, 1, 5))  # running: late by now
    incident(wib(21, 1), state="cancelled", reported_at=wib(21, 1, 5))  # a false alarm
    incident(wib(28, 23, month=2), state="closed")  # February's
    row = link_rows(
        api(provider_user(provider))
        .get(f"/api/v1/contracts/{contract.pk}/sla/", {"month": MARCH})
        .json()
    )[a.pk]
    assert (row["incidents"], row["response_breaches"], row["restoration_breaches"]) == (3, 2, 2)


# --- queries ---------------------------------------------------------------------------------


def report_queries(contract, **kwargs) -> int:
    with CaptureQueriesContext(connection) as queries:
        sla_report(contract=contract, year=2026, month=3, **kwargs)
    return len(queries)


def test_the_report_reads_a_constant_number_of_queries(world):
    contract = world["contract"]
    # computed live (the month not yet over for an hour), computed and kept, read back
    live = report_queries(contract, now=wib(1, 0, 30, month=4))
    first, kept = report_queries(contract), report_queries(contract)
    for n in range(3):
        link = LinkFactory(provider=contract.provider, contract=contract)
        for day in (2, 9, 16):
            OutageFactory(link=link, started_at=wib(day + n), ended_at=wib(day + n, 1))
        IncidentFactory(provider=contract.provider, links=[link], started_at=wib(4), state="closed")
    assert report_queries(contract, now=wib(1, 0, 30, month=4)) == live <= 5
    # the new links' months computed and kept (the others read back), then all read back
    assert report_queries(contract) == first <= 8
    assert report_queries(contract) == kept == 2


# --- access and the month --------------------------------------------------------------------


def test_a_provider_account_sees_its_own_reports_only(world, make_user):
    contract = world["contract"]
    url = f"/api/v1/contracts/{contract.pk}/sla/"
    assert api(provider_user(contract.provider)).get(url, {"month": MARCH}).status_code == 200
    other = ContractFactory()
    response = api(provider_user(other.provider)).get(url, {"month": MARCH})
    assert response.status_code == 404
    assert api(make_user(Role.OPD_USER)).get(url, {"month": MARCH}).status_code == 404
    assert APIClient().get(url, {"month": MARCH}).status_code in (401, 403)


@pytest.mark.parametrize(
    "month",
    [None, "", "2026-3", "2026-13", "2026-00", "26-03", "abcd-ef", "0001-01", "2025-12", "2027-01"],
)
def test_a_bad_month_answers_400_on_month(world, make_user, month):
    contract = world["contract"]  # 2026 only
    query = {} if month is None else {"month": month}
    response = api(make_user(Role.KPA)).get(f"/api/v1/contracts/{contract.pk}/sla/", query)
    assert response.status_code == 400
    assert "month" in response.json()["error"]["fields"]


def test_a_month_that_has_not_begun_is_refused_and_the_running_one_measured_to_now(make_user):
    today = timezone.localdate()
    contract = ContractFactory(
        period_start=today.replace(day=1) - timedelta(days=40), period_end=today.replace(year=2099)
    )
    ahead = today.replace(day=28) + timedelta(days=10)
    with pytest.raises(DomainError):
        parse_month(contract, f"{ahead:%Y-%m}")
    assert parse_month(contract, f"{today:%Y-%m}") == (today.year, today.month)
    response = api(make_user(Role.KPA)).get(
        f"/api/v1/contracts/{contract.pk}/sla/", {"month": f"{ahead:%Y-%m}"}
    )
    assert response.status_code == 400


def test_the_default_month_is_the_last_full_one_within_the_contract():
    now = wib(15, 12, month=5)
    contract = ContractFactory.build(period_start=date(2026, 1, 1), period_end=date(2026, 12, 31))
    assert default_month(contract, now=now) == (2026, 4)
    contract.period_start = date(2026, 5, 1)  # started this month: its first month
    assert default_month(contract, now=now) == (2026, 5)
    contract.period_start, contract.period_end = date(2025, 1, 1), date(2025, 12, 31)
    assert default_month(contract, now=now) == (2025, 12)


def test_the_schema_documents_the_report(make_user, client_as):
    schema = client_as(make_user(Role.NETWORK_ADMIN)).get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/contracts/{id}/sla/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"id", "month"}
    assert {"200", "400", "404"} <= set(operation["responses"])
