"""Writing and reading the audit trail."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import RequestFactory

from silajar.accounts.roles import Role
from silajar.core.audit import audit_record, audit_search, audit_timeline
from silajar.core.middleware import RequestContextMiddleware, client_address
from silajar.core.models import AuditEvent
from silajar.core.tests.workflowapp.models import Job


@pytest.fixture
def actor(make_user):
    return make_user(Role.HELPDESK, username="hana", full_name="Hana Helpdesk")


@pytest.fixture
def job(db):
    return Job.objects.create(title="Pasang router lantai 3")


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_it_refuses():
    job = Job.objects.create(title="x")
    with pytest.raises(RuntimeError, match="inside the change's transaction"):
        audit_record(actor=None, action="job.touch", obj=job)
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_records_actor_object_changes_and_client_address(actor, job, location):
    token = client_address.set("192.0.2.7")
    try:
        event = audit_record(
            actor=actor,
            action="job.edit",
            obj=job,
            changes={
                "due": [None, date(2026, 3, 2)],
                "cost": [Decimal("1.50"), Decimal("2.00")],
                "location": [None, location],
                "tags": [["a"], ("a", "b")],
            },
            note="dipindah",
        )
    finally:
        client_address.reset(token)

    event.refresh_from_db()
    assert event.actor == actor
    assert event.actor_name == "Hana Helpdesk"
    assert event.action == "job.edit"
    assert event.content_type == ContentType.objects.get_for_model(Job)
    assert event.object_id == str(job.pk)
    assert event.object_repr == "Pasang router lantai 3"
    assert event.note == "dipindah"
    assert event.ip_address == "192.0.2.7"
    # values are stored in a JSON-friendly form
    assert event.changes == {
        "due": [None, "2026-03-02"],
        "cost": ["1.50", "2.00"],
        "location": [None, str(location)],
        "tags": [["a"], ["a", "b"]],
    }


@pytest.mark.django_db
def test_actor_name_falls_back_to_the_username(make_user, job):
    nameless = make_user(username="tanpanama", full_name="")
    event = audit_record(actor=nameless, action="job.edit", obj=job)
    assert event.actor_name == "tanpanama"


@pytest.mark.django_db
def test_without_a_signed_in_actor_or_object(job):
    from django.contrib.auth.models import AnonymousUser

    event = audit_record(actor=AnonymousUser(), action="system.cleanup")
    assert event.actor is None
    assert event.actor_name == ""
    assert event.content_type is None
    assert event.object_id == ""
    assert event.object_repr == ""
    assert event.changes == {}
    assert event.ip_address is None  # no request, no address


@pytest.mark.django_db
def test_a_long_object_name_is_cut_to_the_column(job):
    job.title = "x" * 300  # in memory only
    event = audit_record(actor=None, action="job.edit", obj=job)
    event.refresh_from_db()
    assert event.object_repr == "x" * 255


@pytest.mark.django_db
def test_the_client_address_comes_from_the_request(actor, job):
    def view(request):
        with transaction.atomic():
            audit_record(actor=actor, action="job.view", obj=job)
        return "done"

    middleware = RequestContextMiddleware(view)
    assert middleware(RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")) == "done"
    assert client_address.get() is None  # reset after the request

    assert AuditEvent.objects.get(action="job.view").ip_address == "203.0.113.9"


def make_event(action, *, obj=None, actor=None, note="", at=None) -> AuditEvent:
    event = audit_record(actor=actor, action=action, obj=obj, note=note)
    if at is not None:
        AuditEvent.objects.filter(pk=event.pk).update(created_at=at)
    return event


@pytest.mark.django_db
def test_timeline_holds_one_objects_events_newest_first(actor, job, admin_user):
    other = Job.objects.create(title="lain")

    first = make_event("job.create", obj=job, actor=actor, at=datetime(2026, 1, 5, 1, tzinfo=UTC))
    make_event("job.create", obj=other, actor=actor)
    make_event("user.edit", obj=admin_user, actor=actor)
    second = make_event("job.edit", obj=job, actor=actor, at=datetime(2026, 1, 6, 1, tzinfo=UTC))
    third = make_event("job.close", obj=job, actor=actor, at=datetime(2026, 1, 6, 1, tzinfo=UTC))

    assert list(audit_timeline(job)) == [third, second, first]
    assert [e.action for e in audit_timeline(admin_user)] == ["user.edit"]


@pytest.mark.django_db
def test_timeline_does_not_mix_types_sharing_a_primary_key(actor, admin_user):
    job = Job.objects.create(pk=admin_user.pk, title="kembar")
    make_event("job.create", obj=job, actor=actor)
    make_event("user.edit", obj=admin_user, actor=actor)

    assert [e.action for e in audit_timeline(job)] == ["job.create"]
    assert [e.action for e in audit_timeline(admin_user)] == ["user.edit"]


@pytest.fixture
def trail(actor, make_user, job):
    """Events at known local times (WIB = UTC+7)."""
    other_actor = make_user(Role.TECHNICIAN, username="tono", full_name="Tono Teknisi")
    router = Job.objects.create(title="Ganti router")
    return {
        # 10 March 23:30 WIB is still 10 March in UTC (16:30)
        "late": make_event(
            "job.create", obj=job, actor=actor, at=datetime(2026, 3, 10, 16, 30, tzinfo=UTC)
        ),
        # 11 March 00:30 WIB is 10 March 17:30 in UTC
        "early": make_event(
            "job.close",
            obj=router,
            actor=other_actor,
            note="kabel putus",
            at=datetime(2026, 3, 10, 17, 30, tzinfo=UTC),
        ),
        "later": make_event(
            "job.create", obj=router, actor=other_actor, at=datetime(2026, 3, 12, 3, tzinfo=UTC)
        ),
        "other_actor": other_actor,
        "router": router,
    }


def search(**filters):
    return set(audit_search(**filters))


@pytest.mark.django_db
def test_search_by_text(trail, actor, job):
    late, early, later = trail["late"], trail["early"], trail["later"]
    assert search() == {late, early, later}
    assert search(q="router") == {late, early, later}  # object names
    assert search(q="lantai") == {late}
    assert search(q="tono") == {early, later}  # actor name, any case
    assert search(q="PUTUS") == {early}  # note
    assert search(q=str(trail["router"].pk)) >= {early, later}  # object id
    assert search(q="nothing like this") == set()


@pytest.mark.django_db
def test_search_by_action_actor_and_type(trail, actor, make_user):
    late, early, later = trail["late"], trail["early"], trail["later"]
    assert search(action="job.create") == {late, later}
    assert search(action="job") == set()  # exact, not a prefix
    assert search(actor_id=actor.pk) == {late}
    assert search(actor_id=trail["other_actor"].pk) == {early, later}
    assert search(actor_id=make_user().pk) == set()

    user_event = make_event("user.edit", obj=actor, actor=actor)
    job_type = ContentType.objects.get_for_model(Job)
    assert search(content_type_id=job_type.pk) == {late, early, later}
    assert search(content_type_id=ContentType.objects.get_for_model(actor).pk) == {user_event}
    assert search(content_type_id=job_type.pk, actor_id=actor.pk, action="job.create") == {late}


@pytest.mark.django_db
def test_search_by_dates_uses_local_days(trail):
    late, early, later = trail["late"], trail["early"], trail["later"]
    assert search(date_from=date(2026, 3, 11)) == {early, later}
    assert search(date_to=date(2026, 3, 10)) == {late}
    assert search(date_from=date(2026, 3, 11), date_to=date(2026, 3, 11)) == {early}
    assert search(date_from=date(2026, 3, 10), date_to=date(2026, 3, 12)) == {late, early, later}
    assert search(date_from=date(2026, 3, 13)) == set()
    assert search(date_to=date(2026, 3, 9)) == set()


@pytest.mark.django_db
def test_search_results_are_newest_first(trail):
    assert list(audit_search()) == [trail["later"], trail["early"], trail["late"]]


@pytest.mark.django_db
def test_audit_log_page_is_for_administrators(client_as, helpdesk_user):
    response = client_as(helpdesk_user).get("/audit/")
    assert response.status_code == 403


@pytest.mark.django_db
def test_audit_log_page_filters_and_survives_bad_dates(client_as, admin_user, trail):
    client = client_as(admin_user)
    response = client.get("/audit/", {"from": "2026-03-11", "to": "2026-03-11"})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [trail["early"]]

    # an impossible date is ignored rather than failing the page
    response = client.get("/audit/", {"from": "2026-02-30", "actor": "x", "type": "y"})
    assert response.status_code == 200
    shown = set(response.context["page"].object_list)
    assert {trail["late"], trail["early"], trail["later"]} <= shown  # no date filter applied
