"""The demo incidents: a year of them, walked through the services at their own moments."""

import pytest

from silajar.accounts.roles import Role
from silajar.core.models import AuditEvent
from silajar.notifications.models import Notification
from silajar.providers.choices import IncidentState
from silajar.providers.demo_incidents import PER_MONTH, seed_incidents
from silajar.providers.models import ProviderIncident
from silajar.providers.tests.factories import LinkFactory, provider_user

pytestmark = pytest.mark.django_db


def test_a_year_of_incidents_with_consistent_times_and_no_mail(make_user):
    make_user(Role.NETWORK_ADMIN)
    links = [LinkFactory() for _ in range(3)]
    provider_user(links[0].provider)

    added = seed_incidents()

    assert added == 12 * PER_MONTH + 1
    states = set(ProviderIncident.objects.values_list("state", flat=True))
    assert states == {IncidentState.CLOSED, IncidentState.CANCELLED, IncidentState.REPORTED}
    for incident in ProviderIncident.objects.filter(state=IncidentState.CLOSED):
        assert incident.started_at < incident.reported_at <= incident.restored_at
        assert incident.restored_at < incident.closed_at
        # the history carries the step's moment, not the seeding's
        first = AuditEvent.objects.filter(object_id=str(incident.pk)).order_by("created_at")[0]
        assert first.created_at < incident.closed_at
    # a provider with an account acknowledges itself; for the others the report counts
    acknowledging = AuditEvent.objects.filter(action="provider_incident.acknowledge")
    assert acknowledging.exists()
    assert {e.actor.provider_account.provider_id for e in acknowledging} == {links[0].provider_id}
    assert not Notification.objects.exists()
    assert seed_incidents() == 0  # idempotent


def test_nothing_without_links():
    assert seed_incidents() == 0
