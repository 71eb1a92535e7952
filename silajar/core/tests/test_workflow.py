"""The workflow engine, exercised on the scratch `Job` model with a flow declared here."""

from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from silajar.accounts.roles import Role
from silajar.core.errors import ActionForbidden, Conflict, DomainError
from silajar.core.middleware import client_address
from silajar.core.models import AuditEvent
from silajar.core.tests.workflowapp.models import Job
from silajar.core.workflow import Action, Workflow

NO_TITLE = "A job needs a title before work starts."


def is_owner(user, job) -> bool:
    return job.owner_id is not None and job.owner_id == user.pk


def has_title(job, user):
    return None if job.title.strip() else NO_TITLE


JOB_FLOW = Workflow(
    name="job",
    states={"open": "Open", "working": "Working", "done": "Done", "cancelled": "Cancelled"},
    actions=[
        Action(
            "start",
            sources={"open"},
            target="working",
            allowed=(Role.TECHNICIAN, is_owner),
            guards=(has_title,),
        ),
        Action("finish", sources={"working"}, target="done", allowed=(is_owner,)),
        Action(
            "cancel",
            sources={"open", "working"},
            target="cancelled",
            allowed=(Role.HELPDESK, Role.NETWORK_ADMIN),
        ),
    ],
)


def events_of(job):
    return AuditEvent.objects.filter(object_id=str(job.pk), action__startswith="job.")


@pytest.fixture
def helpdesk(make_user):
    return make_user(Role.HELPDESK, full_name="Hana Helpdesk")


@pytest.fixture
def technician(make_user):
    return make_user(Role.TECHNICIAN, full_name="Tono Teknisi")


@pytest.fixture
def owner(make_user):
    return make_user(full_name="Olga Owner")  # no role at all: allowed only as the owner


@pytest.fixture
def job(owner):
    return Job.objects.create(title="Pasang access point", owner=owner)


def assert_untouched(job, *, state="open", version=1):
    stored = Job.objects.get(pk=job.pk)
    assert stored.state == state
    assert stored.version == version
    assert not events_of(job).exists()


# --- allowed transitions ---------------------------------------------------------------------


@pytest.mark.django_db
def test_allowed_transition_changes_state_bumps_version_and_audits_once(job, helpdesk):
    token = client_address.set("10.20.30.40")
    try:
        result = JOB_FLOW.apply(obj=job, action="cancel", actor=helpdesk, note="duplicate")
    finally:
        client_address.reset(token)

    stored = Job.objects.get(pk=job.pk)
    assert stored.state == "cancelled"
    assert stored.version == 2
    assert result.state == "cancelled"
    # the caller's instance is refreshed too
    assert job.state == "cancelled"
    assert job.version == 2

    events = list(events_of(job))
    assert len(events) == 1
    event = events[0]
    assert event.action == "job.cancel"
    assert event.changes == {"state": ["open", "cancelled"]}
    assert event.actor == helpdesk
    assert event.actor_name == "Hana Helpdesk"
    assert event.object_repr == "Pasang access point"
    assert event.note == "duplicate"
    assert event.ip_address == "10.20.30.40"


@pytest.mark.django_db
def test_other_changed_fields_are_saved_and_audited_with_the_state(job, technician):
    JOB_FLOW.apply(
        obj=job, action="start", actor=technician, version=1, changes={"note": "on site at 9"}
    )

    stored = Job.objects.get(pk=job.pk)
    assert (stored.state, stored.version, stored.note) == ("working", 2, "on site at 9")
    (event,) = events_of(job)
    assert event.action == "job.start"
    assert event.changes == {"state": ["open", "working"], "note": ["", "on site at 9"]}
    assert "version" not in event.changes


@pytest.mark.django_db
def test_unchanged_extra_field_is_not_listed_in_the_audit(job, technician):
    JOB_FLOW.apply(obj=job, action="start", actor=technician, changes={"title": job.title})

    (event,) = events_of(job)
    assert event.changes == {"state": ["open", "working"]}


@pytest.mark.django_db
def test_predicate_lets_the_owner_act_without_any_role(job, owner):
    JOB_FLOW.apply(obj=job, action="start", actor=owner)
    JOB_FLOW.apply(obj=job, action="finish", actor=owner, version=2)

    stored = Job.objects.get(pk=job.pk)
    assert (stored.state, stored.version) == ("done", 3)
    assert [e.action for e in events_of(job).order_by("id")] == ["job.start", "job.finish"]
    assert [e.changes["state"] for e in events_of(job).order_by("id")] == [
        ["open", "working"],
        ["working", "done"],
    ]


@pytest.mark.django_db
def test_version_given_as_text_is_accepted(job, helpdesk):
    JOB_FLOW.apply(obj=job, action="cancel", actor=helpdesk, version="1")
    assert Job.objects.get(pk=job.pk).state == "cancelled"


# --- refusals --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_wrong_source_state_is_a_conflict(job, owner):
    with pytest.raises(Conflict) as refused:
        JOB_FLOW.apply(obj=job, action="finish", actor=owner)

    assert refused.value.status_code == 409
    assert "Open" in str(refused.value.message)  # names the state by its label
    assert_untouched(job)


@pytest.mark.django_db
def test_state_is_read_from_the_database_not_from_the_callers_copy(job, helpdesk, owner):
    Job.objects.filter(pk=job.pk).update(state="done", version=5)
    assert job.state == "open"  # the caller's copy is stale

    with pytest.raises(Conflict):
        JOB_FLOW.apply(obj=job, action="cancel", actor=helpdesk)

    stored = Job.objects.get(pk=job.pk)
    assert (stored.state, stored.version) == ("done", 5)
    assert not events_of(job).exists()


@pytest.mark.django_db
def test_role_not_allowed_is_forbidden(job, make_user):
    agency_user = make_user(Role.OPD_USER)

    with pytest.raises(ActionForbidden) as refused:
        JOB_FLOW.apply(obj=job, action="cancel", actor=agency_user)

    assert refused.value.status_code == 403
    assert_untouched(job)


@pytest.mark.django_db
def test_predicate_refuses_someone_who_is_not_the_owner(job, technician):
    JOB_FLOW.apply(obj=job, action="start", actor=technician)

    with pytest.raises(ActionForbidden):
        JOB_FLOW.apply(obj=job, action="finish", actor=technician)

    stored = Job.objects.get(pk=job.pk)
    assert (stored.state, stored.version) == ("working", 2)
    assert events_of(job).count() == 1


@pytest.mark.django_db
def test_inactive_or_anonymous_actor_is_forbidden(job, make_user):
    inactive_helpdesk = make_user(Role.HELPDESK, is_active=False)

    for actor in (inactive_helpdesk, AnonymousUser(), None):
        with pytest.raises(ActionForbidden):
            JOB_FLOW.apply(obj=job, action="cancel", actor=actor)
    assert_untouched(job)


@pytest.mark.django_db
def test_guard_refuses_with_its_reason(owner, technician):
    untitled = Job.objects.create(title="  ", owner=owner)

    with pytest.raises(DomainError) as refused:
        JOB_FLOW.apply(obj=untitled, action="start", actor=technician)

    assert type(refused.value) is DomainError
    assert refused.value.status_code == 400
    assert refused.value.message == NO_TITLE
    assert_untouched(untitled)


@pytest.mark.django_db
def test_stale_version_is_a_conflict_and_changes_nothing(job, helpdesk, technician):
    JOB_FLOW.apply(obj=job, action="start", actor=technician, version=1)

    with pytest.raises(Conflict) as refused:
        JOB_FLOW.apply(obj=job, action="cancel", actor=helpdesk, version=1, changes={"note": "x"})

    assert refused.value.status_code == 409
    stored = Job.objects.get(pk=job.pk)
    assert (stored.state, stored.version, stored.note) == ("working", 2, "")
    assert [e.action for e in events_of(job)] == ["job.start"]


@pytest.mark.django_db
def test_unknown_action_is_refused(job, helpdesk):
    with pytest.raises(DomainError):
        JOB_FLOW.apply(obj=job, action="explode", actor=helpdesk)
    assert_untouched(job)


# --- side effects and atomicity --------------------------------------------------------------


@pytest.mark.django_db
def test_side_effects_run_only_after_commit(job, helpdesk, django_capture_on_commit_callbacks):
    sent = []

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        JOB_FLOW.apply(
            obj=job,
            action="cancel",
            actor=helpdesk,
            on_commit=[lambda: sent.append("mail"), lambda: sent.append("push")],
        )
        assert sent == []  # not yet: the transaction has not committed

    assert len(callbacks) == 2
    assert sent == ["mail", "push"]


@pytest.mark.django_db
def test_side_effects_are_dropped_when_the_transaction_rolls_back(
    job, helpdesk, django_capture_on_commit_callbacks
):
    sent = []

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        JOB_FLOW.apply(
            obj=job, action="cancel", actor=helpdesk, on_commit=[lambda: sent.append("mail")]
        )
        raise RuntimeError("the caller fails after the transition")

    assert callbacks == []
    assert sent == []
    assert_untouched(job)


@pytest.mark.django_db
def test_refused_action_schedules_no_side_effect(
    job, make_user, django_capture_on_commit_callbacks
):
    sent = []
    agency_user = make_user(Role.OPD_USER)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ActionForbidden),
    ):
        JOB_FLOW.apply(
            obj=job, action="cancel", actor=agency_user, on_commit=[lambda: sent.append("mail")]
        )
    assert callbacks == []
    assert sent == []


@pytest.mark.django_db(transaction=True)
def test_side_effect_sees_the_committed_state_and_not_before(owner, helpdesk):
    job = Job.objects.create(title="Ganti switch", owner=owner)
    seen = []

    def effect():
        seen.append(Job.objects.get(pk=job.pk).state)

    with transaction.atomic():
        JOB_FLOW.apply(obj=job, action="cancel", actor=helpdesk, on_commit=[effect])
        assert seen == []
    assert seen == ["cancelled"]

    # and in a transaction that rolls back, the effect never runs
    other = Job.objects.create(title="Tarik kabel", owner=owner)
    ran = []
    with pytest.raises(RuntimeError), transaction.atomic():
        JOB_FLOW.apply(
            obj=other, action="cancel", actor=helpdesk, on_commit=[lambda: ran.append(1)]
        )
        raise RuntimeError("boom")
    assert ran == []
    stored = Job.objects.get(pk=other.pk)
    assert (stored.state, stored.version) == ("open", 1)
    assert not events_of(other).exists()


@pytest.mark.django_db
def test_failure_after_the_state_change_in_the_same_block_undoes_everything(job, helpdesk):
    with pytest.raises(RuntimeError), transaction.atomic():
        JOB_FLOW.apply(obj=job, action="cancel", actor=helpdesk, changes={"note": "gone"})
        assert Job.objects.get(pk=job.pk).state == "cancelled"  # visible inside the block
        raise RuntimeError("mail server down")

    stored = Job.objects.get(pk=job.pk)
    assert (stored.state, stored.version, stored.note) == ("open", 1, "")
    assert not events_of(job).exists()


@pytest.mark.django_db
def test_failure_while_writing_the_audit_event_leaves_the_record_unchanged(job, helpdesk):
    # fault injection: the state is already saved when the audit write fails
    with (
        mock.patch("silajar.core.workflow.audit_record", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        JOB_FLOW.apply(obj=job, action="cancel", actor=helpdesk)

    assert_untouched(job)


# --- introspection ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_available_lists_only_what_the_user_may_do_now(job, owner, technician, helpdesk, make_user):
    names = lambda user, obj=job: [a.name for a in JOB_FLOW.available(obj, user)]  # noqa: E731

    assert names(owner) == ["start"]
    assert names(technician) == ["start"]
    assert names(helpdesk) == ["cancel"]
    assert names(make_user(Role.NETWORK_ADMIN)) == ["cancel"]
    assert names(make_user(Role.OPD_USER)) == []
    assert names(AnonymousUser()) == []

    untitled = Job.objects.create(title="", owner=owner)
    assert names(owner, untitled) == []  # the guard hides "start"

    JOB_FLOW.apply(obj=job, action="start", actor=technician)
    assert names(owner) == ["finish"]
    assert names(technician) == []
    assert names(helpdesk) == ["cancel"]

    JOB_FLOW.apply(obj=job, action="finish", actor=owner)
    assert names(owner) == []
    assert names(helpdesk) == []


def test_unknown_target_state_is_rejected():
    with pytest.raises(ValueError, match="unknown states"):
        Workflow(
            name="bad",
            states={"a": "A"},
            actions=[Action("go", sources={"a"}, target="nowhere", allowed=("helpdesk",))],
        )


def test_unknown_source_state_is_rejected():
    with pytest.raises(ValueError, match="nowhere"):
        Workflow(
            name="bad",
            states={"a": "A", "b": "B"},
            actions=[Action("go", sources={"a", "nowhere"}, target="b", allowed=("helpdesk",))],
        )


def test_duplicate_action_names_are_rejected():
    with pytest.raises(ValueError, match="duplicate"):
        Workflow(
            name="bad",
            states={"a": "A", "b": "B"},
            actions=[
                Action("go", sources={"a"}, target="b", allowed=("helpdesk",)),
                Action("go", sources={"b"}, target="a", allowed=("helpdesk",)),
            ],
        )


def test_a_valid_workflow_accepts_any_iterable_of_actions():
    flow = Workflow(
        name="ok",
        states={"a": "A", "b": "B"},
        actions=(a for a in [Action("go", sources=["a"], target="b", allowed=("helpdesk",))]),
    )
    assert [a.name for a in flow.actions] == ["go"]
    assert flow.action("go").sources == frozenset({"a"})


def test_reachable_states():
    assert JOB_FLOW.reachable_states("open") == {"open", "working", "done", "cancelled"}
    assert JOB_FLOW.reachable_states("working") == {"working", "done", "cancelled"}
    assert JOB_FLOW.reachable_states("done") == {"done"}

    chain = Workflow(
        name="chain",
        states={s: s for s in "abcde"},
        actions=[
            Action("ab", sources={"a"}, target="b", allowed=()),
            Action("bc", sources={"b"}, target="c", allowed=()),
            Action("cb", sources={"c"}, target="b", allowed=()),
            Action("de", sources={"d"}, target="e", allowed=()),
        ],
    )
    assert chain.reachable_states("a") == {"a", "b", "c"}
    assert chain.reachable_states("d") == {"d", "e"}
    assert chain.reachable_states("e") == {"e"}


def test_shortest_paths():
    chain = Workflow(
        name="chain",
        states={s: s for s in "abcd"},
        actions=[
            Action("ab", sources={"a"}, target="b", allowed=()),
            Action("bc", sources={"b"}, target="c", allowed=()),
            Action("ac", sources={"a"}, target="c", allowed=()),
            Action("note", sources={"a", "b"}, target=None, allowed=()),
        ],
    )
    assert chain.shortest_paths("a") == {"a": [], "b": ["ab"], "c": ["ac"]}
    assert chain.shortest_paths("b") == {"b": [], "c": ["bc"]}
    assert chain.shortest_paths("d") == {"d": []}
