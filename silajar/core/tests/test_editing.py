"""Versioned edits and audited creation."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import SimpleLazyObject

from silajar.accounts.roles import Role
from silajar.core.editing import audited_create, audited_set, audited_update
from silajar.core.errors import Conflict
from silajar.core.models import AuditEvent
from silajar.core.tests.workflowapp.models import Job


@pytest.fixture
def editor(make_user):
    return make_user(Role.HELPDESK, full_name="Edi Editor")


@pytest.fixture
def job(db):
    return Job.objects.create(title="Survei lokasi", note="awal")


def events(job=None):
    found = AuditEvent.objects.filter(action__startswith="job.")
    return found.filter(object_id=str(job.pk)) if job is not None else found


@pytest.mark.django_db
def test_saves_the_change_bumps_the_version_and_audits_it(job, editor):
    result = audited_update(
        obj=job,
        actor=editor,
        data={"title": "Survei lokasi baru", "note": "awal"},
        expected_version=1,
        action="job.edit",
    )

    stored = Job.objects.get(pk=job.pk)
    assert (stored.title, stored.note, stored.version) == ("Survei lokasi baru", "awal", 2)
    assert result.version == 2
    (event,) = events(job)
    assert event.action == "job.edit"
    assert event.actor == editor
    assert event.changes == {"title": ["Survei lokasi", "Survei lokasi baru"]}  # only what changed


@pytest.mark.django_db
def test_a_stale_version_is_a_conflict_and_saves_nothing(job, editor):
    audited_update(
        obj=job, actor=editor, data={"note": "first"}, expected_version=1, action="job.edit"
    )

    with pytest.raises(Conflict) as refused:
        audited_update(
            obj=job,
            actor=editor,
            data={"note": "second", "title": "overwritten"},
            expected_version=1,
            action="job.edit",
        )

    assert refused.value.status_code == 409
    stored = Job.objects.get(pk=job.pk)
    assert (stored.title, stored.note, stored.version) == ("Survei lokasi", "first", 2)
    assert events(job).count() == 1


@pytest.mark.django_db
def test_version_sent_as_text_is_compared_as_a_number(job, editor):
    audited_update(obj=job, actor=editor, data={"note": "x"}, expected_version="1", action="a")
    with pytest.raises(Conflict):
        audited_update(obj=job, actor=editor, data={"note": "y"}, expected_version="1", action="a")
    assert Job.objects.get(pk=job.pk).note == "x"


@pytest.mark.django_db
def test_without_an_expected_version_the_check_is_skipped(job, editor):
    Job.objects.filter(pk=job.pk).update(version=7)
    audited_update(
        obj=job, actor=editor, data={"note": "x"}, expected_version=None, action="job.edit"
    )
    assert Job.objects.get(pk=job.pk).version == 8


@pytest.mark.django_db
def test_a_change_that_changes_nothing_writes_no_event(job, editor):
    result = audited_update(
        obj=job,
        actor=editor,
        data={"title": "Survei lokasi", "note": "awal"},
        expected_version=1,
        action="job.edit",
    )

    assert result.version == 1
    assert Job.objects.get(pk=job.pk).version == 1
    assert not events().exists()


@pytest.mark.django_db
def test_a_relation_is_audited_by_its_key(job, editor, make_user):
    technician = make_user(Role.TECHNICIAN)
    audited_update(
        obj=job, actor=editor, data={"owner": technician}, expected_version=1, action="job.assign"
    )

    assert Job.objects.get(pk=job.pk).owner == technician
    (event,) = events(job)
    assert event.changes == {"owner": [None, technician.pk]}


@pytest.mark.django_db
def test_audited_create_stores_the_record_and_its_event(editor):
    job = audited_create(
        model=Job, actor=editor, data={"title": "Instalasi baru", "state": "open"}, action="job.add"
    )

    stored = Job.objects.get(pk=job.pk)
    assert (stored.title, stored.state, stored.version) == ("Instalasi baru", "open", 1)
    (event,) = events(job)
    assert event.action == "job.add"
    assert event.actor == editor
    assert event.changes == {"title": [None, "Instalasi baru"], "state": [None, "open"]}


@pytest.mark.django_db
def test_audited_create_validates_before_saving(editor):
    with pytest.raises(ValidationError) as refused:
        audited_create(model=Job, actor=editor, data={"title": "x" * 101}, action="job.add")

    assert "title" in refused.value.message_dict
    assert not Job.objects.exists()
    assert not events().exists()


@pytest.mark.django_db
def test_a_lazy_object_is_saved_through_its_concrete_model(job, editor):
    """Views pass `request.user`, a SimpleLazyObject: `type()` of it is not the model."""
    lazy_job = SimpleLazyObject(lambda: Job.objects.get(pk=job.pk))

    result = audited_update(
        obj=lazy_job, actor=editor, data={"note": "lazy"}, expected_version=1, action="job.edit"
    )

    assert type(result) is Job
    assert Job.objects.get(pk=job.pk).note == "lazy"
    (event,) = events(job)
    assert event.changes == {"note": ["awal", "lazy"]}


@pytest.mark.django_db
@pytest.mark.parametrize("bump, version", [(True, 2), (False, 1)])
def test_a_set_saves_its_fields_and_audits_each_before_and_after(job, bump, version):
    with transaction.atomic():
        audited_set(
            obj=job,
            actor=None,
            action="job.flagged",
            values={"note": "terlambat"},
            bump_version=bump,
            note="scan",
        )

    stored = Job.objects.get(pk=job.pk)
    assert (stored.note, stored.version, job.version) == ("terlambat", version, version)
    (event,) = events(job)
    assert (event.action, event.actor, event.note) == ("job.flagged", None, "scan")
    assert event.changes == {"note": ["awal", "terlambat"]}
