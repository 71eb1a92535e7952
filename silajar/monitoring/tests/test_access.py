"""Who sees what of the monitor (`monitoring.access`): staff every target and what hangs on it,
a provider's accounts those of their own provider's links only (never a place's own targets),
agency users and the system administrator nothing; the monitor's runs to whoever sees targets.
And the board's cost does not grow with its targets."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from silajar.accounts.roles import Role
from silajar.core.access import can, visible
from silajar.monitoring.models import (
    LatencyRollup,
    MonitorRun,
    ProbeMinute,
    Target,
    TargetDowntime,
)
from silajar.monitoring.tests.factories import (
    LatencyRollupFactory,
    MonitorRunFactory,
    ProbeMinuteFactory,
    TargetDowntimeFactory,
    TargetFactory,
)
from silajar.organizations.tests.factories import LocationFactory
from silajar.providers.tests.factories import LinkFactory, OutageFactory, provider_user

pytestmark = pytest.mark.django_db
RECORDS = (TargetDowntime, ProbeMinute, LatencyRollup)


@pytest.fixture
def world():
    ours, theirs = LinkFactory(), LinkFactory()
    targets = {
        "ours": TargetFactory(link=ours),
        "theirs": TargetFactory(link=theirs),
        "place": TargetFactory(link=None, location=LocationFactory(), role="gateway"),
    }
    for target in targets.values():
        TargetDowntimeFactory(target=target)
        ProbeMinuteFactory(target=target)
        LatencyRollupFactory(target=target)
    MonitorRunFactory()
    return {"ours": ours, "theirs": theirs, **{f"t_{k}": v for k, v in targets.items()}}


@pytest.mark.parametrize("role", [Role.HELPDESK, Role.TECHNICIAN, Role.NETWORK_ADMIN, Role.KPA])
def test_staff_see_everything(world, make_user, role):
    user = make_user(role)
    assert visible(user, Target).count() == 3
    for model in RECORDS:
        assert visible(user, model).count() == 3
    assert visible(user, MonitorRun).count() == 1


def test_a_provider_sees_its_own_links_targets_only(world):
    user = provider_user(world["ours"].provider)
    assert list(visible(user, Target)) == [world["t_ours"]]
    for model in RECORDS:
        assert {row.target_id for row in visible(user, model)} == {world["t_ours"].pk}
    assert not can(user, "view", world["t_theirs"])
    assert not can(user, "view", world["t_place"])
    assert visible(user, MonitorRun).count() == 1


@pytest.mark.parametrize("role", [Role.OPD_USER, Role.OPD_OPERATOR, Role.SYSTEM_ADMIN])
def test_agency_users_and_the_system_admin_see_nothing(world, make_user, role):
    user = make_user(role)
    for model in (Target, *RECORDS, MonitorRun):
        assert not visible(user, model).exists()


def test_an_unattached_provider_account_sees_nothing(world, make_user):
    user = make_user(Role.PROVIDER)
    assert not visible(user, Target).exists()
    assert not visible(user, MonitorRun).exists()


def _board_queries(client) -> int:
    cache.clear()  # the last hour's latencies are kept for the minute: read them each time
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/monitoring/").status_code == 200
    return len(queries.captured_queries)


def test_the_board_s_queries_do_not_grow_with_its_targets(client_as, make_user):
    client = client_as(make_user(Role.HELPDESK))
    TargetFactory()
    _board_queries(client)  # the account's navigation, read once
    few = _board_queries(client)
    for _ in range(6):
        target = TargetFactory(link=LinkFactory())
        ProbeMinuteFactory(target=target)
        OutageFactory(link=target.link, ended_at=timezone.now() - timedelta(minutes=5))
        TargetFactory(link=None, location=LocationFactory(), role="lan")
    assert _board_queries(client) == few
