"""The exclusion the monitor proposes for an outage (our side was down): the network
administrator grants or dismisses it from the link's outages, against the version seen; the
change stays in the outage's history; nobody else may."""

from datetime import timedelta

import pytest
from django.utils import timezone

from silajar.accounts.roles import Role
from silajar.core.audit import audit_timeline
from silajar.core.errors import ActionForbidden, Conflict
from silajar.providers import services
from silajar.providers.tests.factories import LinkFactory, OutageFactory, provider_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def outage():
    return OutageFactory(
        link=LinkFactory(),
        source="monitoring",
        started_at=timezone.now() - timedelta(hours=2),
        ended_at=timezone.now() - timedelta(hours=1),
        proposed_exclusion="customer_side",
    )


def _url(outage, decision: str) -> str:
    return f"/providers/links/{outage.link_id}/outages/{outage.pk}/exclusion/{decision}/"


def test_the_link_page_offers_the_network_admin_the_proposal(client_as, make_user, outage):
    page = client_as(make_user(Role.NETWORK_ADMIN)).get(f"/providers/links/{outage.link_id}/")
    text = page.content.decode()
    assert 'data-testid="proposed-exclusion"' in text
    assert 'data-testid="confirm-exclusion"' in text and 'data-testid="dismiss-exclusion"' in text
    helpdesk = client_as(make_user(Role.HELPDESK)).get(f"/providers/links/{outage.link_id}/")
    assert 'data-testid="confirm-exclusion"' not in helpdesk.content.decode()


def test_confirming_grants_the_proposed_exclusion(client_as, make_user, outage):
    client = client_as(make_user(Role.NETWORK_ADMIN))
    response = client.post(_url(outage, "confirm"), {"version": outage.version})
    assert response.status_code == 302
    outage.refresh_from_db()
    assert (outage.exclusion, outage.proposed_exclusion) == ("customer_side", "")
    event = audit_timeline(outage).first()
    assert event.action == "outage.exclusion_confirmed" and event.note
    again = client.post(_url(outage, "confirm"), {"version": outage.version})
    assert again.status_code == 400  # nothing is proposed any more: said on the page


def test_dismissing_keeps_the_outage_counted(client_as, make_user, outage):
    client = client_as(make_user(Role.NETWORK_ADMIN))
    stale = client.post(_url(outage, "dismiss"), {"version": outage.version + 1})
    assert stale.status_code == 400
    assert client.post(_url(outage, "dismiss"), {"version": outage.version}).status_code == 302
    outage.refresh_from_db()
    assert (outage.exclusion, outage.proposed_exclusion) == ("", "")
    assert audit_timeline(outage).first().action == "outage.exclusion_dismissed"
    assert client.post(_url(outage, "maybe"), {"version": outage.version}).status_code == 404


def test_only_the_network_admin_decides(client_as, make_user, outage):
    for user in (make_user(Role.HELPDESK), provider_user(outage.link.provider)):
        assert client_as(user).post(_url(outage, "confirm"), {"version": 1}).status_code == 403
        with pytest.raises(ActionForbidden):
            services.outage_confirm_proposed_exclusion(actor=user, outage=outage)
    outage.refresh_from_db()
    assert outage.proposed_exclusion == "customer_side" and outage.exclusion == ""


def test_the_services_refuse_a_stale_version(make_user, outage):
    admin = make_user(Role.NETWORK_ADMIN)
    with pytest.raises(Conflict):
        services.outage_dismiss_proposed_exclusion(
            actor=admin, outage=outage, expected_version=outage.version + 1
        )
