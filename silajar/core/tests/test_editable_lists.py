"""An editable list's services (`core.editing.EditableList`) and the settings pages built on
one (`core.settings_pages`), on the toy `Job` table. The desk's lists show them end to end in
`tickets/tests/test_settings_pages.py`."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from silajar.accounts.roles import Role
from silajar.core.editing import Deleting, EditableList, Keepers, editable_lists
from silajar.core.errors import ActionForbidden, DomainError
from silajar.core.models import AuditEvent
from silajar.core.settings_pages import SettingsPage
from silajar.core.tests.workflowapp.models import Job


def no_urgent_notes(job: Job) -> None:
    if "urgent" in job.note:
        raise DomainError("No urgent notes here.", fields={"note": ["Not urgent."]})


HEADS = Keepers(may=lambda user: user.has_role(Role.SECTION_HEAD), refusal="Heads only.")
JOBS = HEADS.declare(
    Job,
    action="job",
    create_fields=("title", "note", "state"),
    edit_fields=("title", "note"),
    check=no_urgent_notes,
    deleting=Deleting(
        in_use=lambda job: job.state == "open", refusal="Open jobs stay.", note=lambda job: job.note
    ),
)
NOTES = EditableList(model=Job, action="job", create_fields=("note",))  # no keepers, no deleting


@pytest.fixture
def head(make_user):
    return make_user(Role.SECTION_HEAD)


def job_events():
    return list(AuditEvent.objects.filter(action__startswith="job.").order_by("pk"))


@pytest.mark.django_db
def test_the_list_refuses_whom_its_keepers_refuse(make_user, head):
    helpdesk = make_user(Role.HELPDESK)
    job = JOBS.create(actor=head, data={"title": "Survei"})
    with pytest.raises(ActionForbidden) as refused:
        JOBS.create(actor=helpdesk, data={"title": "Lain"})
    assert refused.value.message == "Heads only."
    with pytest.raises(ActionForbidden):
        JOBS.update(actor=helpdesk, obj=job, data={"title": "Ganti"})
    assert list(Job.objects.values_list("title", flat=True)) == ["Survei"]
    assert [e.action for e in job_events()] == ["job.created"]
    assert HEADS.may(head) and not HEADS.may(helpdesk)


@pytest.mark.django_db
def test_only_the_declared_fields_are_set_and_the_rule_is_checked(head):
    job = JOBS.create(actor=head, data={"title": "Survei", "state": "done", "version": 9})
    assert (job.state, job.version) == ("done", 1)

    JOBS.update(actor=head, obj=job, data={"title": "Survei ulang", "state": "open"})
    job.refresh_from_db()
    assert (job.title, job.state, job.version) == ("Survei ulang", "done", 2)  # state: create only
    assert job_events()[-1].changes == {"title": ["Survei", "Survei ulang"]}

    with pytest.raises(DomainError):
        JOBS.update(actor=head, obj=job, data={"note": "urgent!"})
    with pytest.raises(DomainError):
        JOBS.create(actor=head, data={"title": "x", "note": "urgent"})
    job.refresh_from_db()
    assert job.note == "" and Job.objects.count() == 1
    assert [e.action for e in job_events()] == ["job.created", "job.updated"]


@pytest.mark.django_db
def test_a_row_in_use_stays_and_a_deleted_one_keeps_its_event(head):
    open_job = JOBS.create(actor=head, data={"title": "Buka", "state": "open"})
    done_job = JOBS.create(actor=head, data={"title": "Selesai", "state": "done", "note": "n"})
    assert JOBS.in_use(open_job) and not JOBS.in_use(done_job)

    with pytest.raises(DomainError) as refused:
        JOBS.delete(actor=head, obj=open_job)
    assert refused.value.message == "Open jobs stay."
    JOBS.delete(actor=head, obj=done_job)

    assert list(Job.objects.values_list("pk", flat=True)) == [open_job.pk]
    deleted = job_events()[-1]
    assert (deleted.action, deleted.object_id, deleted.note) == (
        "job.deleted",
        str(done_job.pk),
        "n",
    )
    assert deleted.changes == {
        "title": ["Selesai", None],
        "note": ["n", None],
        "state": ["done", None],
    }


@pytest.mark.django_db
def test_what_a_list_does_not_offer_is_refused(head):
    job = JOBS.create(actor=head, data={"title": "t", "state": "done"})
    with pytest.raises(ActionForbidden):
        NOTES.delete(actor=head, obj=job)
    with pytest.raises(ActionForbidden):
        NOTES.set_active(actor=head, obj=job, active=False)
    assert Job.objects.filter(pk=job.pk).exists()
    assert NOTES.in_use(job)  # a page shows no delete button
    assert NOTES.events() == ["job.created", "job.updated"]
    assert JOBS.events() == ["job.created", "job.updated", "job.deleted"]
    assert {JOBS, NOTES} <= set(editable_lists())


def test_a_settings_list_needs_its_page_keepers_and_its_words():
    page = SettingsPage(home="jobs:settings", keepers=HEADS, texts={"job.new": "New job"})
    with pytest.raises(ImproperlyConfigured):
        page.declare(NOTES, name="note", section="notes", forms=(object, object))
    page.declare(JOBS, name="job", section="jobs", forms=(object, object))
    with pytest.raises(ImproperlyConfigured, match="edit.*created.*updated.*deleted"):
        page.urls("settings/")
