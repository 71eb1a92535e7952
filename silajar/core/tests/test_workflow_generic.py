"""The generic parts on the toy procedure (`workflowapp`: a table and services, nothing else):
its page's action forms, its API actions and the system check come from `core`."""

import pytest
from django.urls import reverse
from rest_framework import serializers
from rest_framework.test import APIClient

from silajar.accounts.roles import Role
from silajar.core.checks import workflow_tables
from silajar.core.models import AuditEvent
from silajar.core.tests.workflowapp import services
from silajar.core.tests.workflowapp.workflows import ERRAND_FLOW
from silajar.core.workflow import Action, Workflow
from silajar.core.workflow_api import VersionBody

pytestmark = [pytest.mark.django_db, pytest.mark.urls("silajar.core.tests.workflowapp.urls")]


@pytest.fixture
def technician(make_user):
    return make_user(Role.TECHNICIAN)


@pytest.fixture
def errand(technician):
    return services.errand_create(actor=technician)


def test_the_page_offers_what_the_user_may_fire(client_as, errand, technician, make_user):
    page = client_as(technician).get(reverse("errands:detail", args=[errand.pk]))
    assert page.status_code == 200
    assert [a["name"] for a in page.context["actions"]] == ["finish"]
    assert b'data-testid="action-finish"' in page.content

    helpdesk_page = client_as(make_user(Role.HELPDESK)).get(
        reverse("errands:detail", args=[errand.pk])
    )
    assert helpdesk_page.context["actions"] == []


def test_a_page_action_fires_through_the_service_and_is_audited(client_as, errand, technician):
    url = reverse("errands:action", args=[errand.pk, "finish"])
    answer = client_as(technician).post(url, {"finish-version": errand.version})
    assert answer.status_code == 302
    assert answer["Location"] == reverse("errands:detail", args=[errand.pk])
    errand.refresh_from_db()
    assert errand.state == "done" and errand.version == 2
    assert AuditEvent.objects.filter(action="errand.finish", object_id=str(errand.pk)).exists()


def test_page_refusals(client_as, errand, technician, make_user):
    url = reverse("errands:action", args=[errand.pk, "finish"])
    stale = client_as(technician).post(url, {"finish-version": errand.version})
    assert stale.status_code == 302
    again = client_as(technician).post(url, {"finish-version": errand.version})
    assert again.status_code == 409  # someone (here: the same person) acted first

    reopen = reverse("errands:action", args=[errand.pk, "reopen"])
    forbidden = client_as(technician).post(reopen, {"reopen-version": 2})
    assert forbidden.status_code == 403
    assert "reason" in forbidden.context

    invalid = client_as(make_user(Role.HELPDESK)).post(reopen, {"reopen-version": "x"})
    assert invalid.status_code == 400
    assert invalid.context["actions"][0]["open"] is True

    unknown = client_as(technician).post(reverse("errands:action", args=[errand.pk, "nope"]))
    assert unknown.status_code == 404
    errand.refresh_from_db()
    assert errand.state == "done" and errand.version == 2


def test_the_api_has_one_endpoint_per_action(errand, technician, make_user):
    api = APIClient()
    api.force_authenticate(technician)
    answer = api.post(f"/api/errands/{errand.pk}/finish/", {"version": 1}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["state"] == "done"
    assert answer.json()["available_actions"] == []

    assert api.post(f"/api/errands/{errand.pk}/finish/", {"version": 1}).status_code == 409
    assert api.post(f"/api/errands/{errand.pk}/reopen/", {}).status_code == 403
    helpdesk = APIClient()
    helpdesk.force_authenticate(make_user(Role.HELPDESK))
    stale = helpdesk.post(f"/api/errands/{errand.pk}/reopen/", {"version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    reopened = helpdesk.post(f"/api/errands/{errand.pk}/reopen/", {"version": 2}, format="json")
    assert reopened.status_code == 200 and reopened.json()["state"] == "open"
    assert helpdesk.post(f"/api/errands/{errand.pk}/reopen/", {"version": 0}).status_code == 400


def test_a_viewset_offers_only_the_operations_it_declares(errand, technician):
    """The toy declares no `operations`: no list, read or edit route exists beside its actions."""
    api = APIClient()
    api.force_authenticate(technician)
    assert api.get("/api/errands/").status_code == 404
    assert api.get(f"/api/errands/{errand.pk}/").status_code == 404
    assert api.patch(f"/api/errands/{errand.pk}/", {"title": "x"}).status_code == 404


class TechnicianBody(VersionBody):
    technician = serializers.IntegerField()


def test_the_system_check_names_a_broken_table(monkeypatch):
    assert workflow_tables() == []
    broken = Workflow(
        name="broken",
        states={"a": "A", "b": "B"},
        record="errand",
        services=ERRAND_FLOW.services,
        actions=[Action("vanish", {"a"}, "b", ("helpdesk",), body="NoSuchBody")],
    )
    monkeypatch.setattr("silajar.core.checks.workflows", lambda: {"broken": broken})
    problems = [message.msg for message in workflow_tables()]
    assert any("broken.vanish: no service" in p for p in problems)
    assert any("broken.vanish: no body" in p for p in problems)

    # a body input the service does not take would be dropped without a word
    mismatched = Workflow(
        name="mismatched",
        states={"open": "Open", "done": "Done"},
        record="errand",
        services=ERRAND_FLOW.services,
        actions=[
            Action(
                "finish",
                {"open"},
                "done",
                ("technician",),
                body="silajar.core.tests.test_workflow_generic.TechnicianBody",
            )
        ],
    )
    monkeypatch.setattr("silajar.core.checks.workflows", lambda: {"mismatched": mismatched})
    problems = [message.msg for message in workflow_tables()]
    assert problems == ["mismatched.finish: the service does not take ['technician']"]
