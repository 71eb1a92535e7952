"""The history as people read it: sentences, names at the time, labels, lists, the raw codes
for administrators only."""

import re
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import get_resolver
from django.utils import translation

from silajar.accounts.roles import Role
from silajar.core.audit import audit_record, audit_timeline
from silajar.core.editing import editable_lists
from silajar.core.events import describe, sentences
from silajar.core.models import AuditEvent
from silajar.core.tests.workflowapp.models import Job
from silajar.core.tests.workflowapp.workflows import ERRAND_FLOW
from silajar.core.workflow import workflows


@pytest.fixture
def actor(make_user):
    return make_user(Role.HELPDESK, username="hana", full_name="Hana Helpdesk")


@pytest.fixture
def job(db):
    return Job.objects.create(title="Pasang router lantai 3")


@pytest.mark.django_db
def test_a_related_record_is_stored_by_id_with_its_name_at_the_time(actor, job, make_user):
    andi = make_user(Role.TECHNICIAN, username="andi", full_name="Andi Saputra")
    event = audit_record(actor=actor, action="job.edit", obj=job, changes={"owner": [None, andi]})
    assert event.changes == {"owner": [None, andi.pk]}  # the stored id is unchanged
    assert event.labels == {"owner": [None, "Andi Saputra"]}

    andi.full_name = "Andi Saputra, S.Kom."
    andi.save()
    event.refresh_from_db()
    [entry] = describe([event])
    [change] = entry.changes
    assert change.after.text == "Andi Saputra"  # as the record was named then
    assert change.before.text == "—"


@pytest.mark.django_db
def test_ids_from_a_snapshot_get_their_names_too(actor, job, make_user):
    rudi = make_user(Role.TECHNICIAN, username="rudi", full_name="Rudi Hartanto")
    sari = make_user(Role.TECHNICIAN, username="sari", full_name="Sari Dewi")
    event = audit_record(
        actor=actor, action="job.edit", obj=job, changes={"owner": [rudi.pk, sari.pk]}
    )
    assert event.labels == {"owner": ["Rudi Hartanto", "Sari Dewi"]}


@pytest.mark.django_db
def test_old_events_without_names_show_the_current_name_or_the_id(actor, job, make_user):
    budi = make_user(Role.TECHNICIAN, username="budi", full_name="Budi Santoso")
    event = AuditEvent.objects.create(
        action="job.edit",
        content_type=ContentType.objects.get_for_model(Job),
        object_id=str(job.pk),
        object_repr=str(job),
        changes={"owner": [987654, budi.pk]},
    )
    [entry] = describe([event])
    assert [entry.changes[0].before.text, entry.changes[0].after.text] == [
        "#987654",
        "Budi Santoso",
    ]


@pytest.mark.django_db
def test_workflow_events_read_as_sentences_and_states_by_label(make_user):
    from silajar.core.tests.workflowapp.models import Errand

    owner = make_user(Role.TECHNICIAN, username="rudi", full_name="Rudi Hartanto")
    errand = Errand.objects.create(title="Access point hang", owner=owner)
    ERRAND_FLOW.apply(obj=errand, action="finish", actor=owner)
    [entry] = describe(audit_timeline(errand))
    assert entry.sentence == "Rudi Hartanto finished the errand Access point hang"


@pytest.mark.django_db
def test_unknown_events_and_the_system_still_read(job):
    event = AuditEvent.objects.create(action="job.poke", object_repr="Pasang router")
    with translation.override("en"):
        [entry] = describe([event])
    assert entry.sentence == "The system: job.poke on Pasang router"


@pytest.mark.django_db
def test_lists_read_as_lists_and_yes_no(actor, job):
    event = audit_record(
        actor=actor,
        action="job.edit",
        obj=job,
        changes={"tags": [[], ["kabel", "switch"]], "urgent": [False, True]},
    )
    with translation.override("en"):
        tags, urgent = describe([event])[0].changes
    assert tags.after.parts == ["kabel", "switch"] and tags.before.text == "—"
    assert [urgent.before.text, urgent.after.text] == ["No", "Yes"]


@pytest.mark.django_db
def test_the_timeline_shows_sentences_and_the_raw_codes_to_administrators_only(
    actor, job, admin_user, make_user
):
    andi = make_user(Role.TECHNICIAN, username="andi", full_name="Andi <b>Saputra</b>")
    audit_record(actor=actor, action="errand.finish", obj=job, changes={"owner": [None, andi]})

    def page(user):
        request = RequestFactory().get("/")
        request.user = user
        return render_to_string(
            "includes/timeline.html", {"timeline": audit_timeline(job)}, request=request
        )

    staff = page(actor)
    assert "Hana Helpdesk finished the errand Pasang router lantai 3" in staff
    assert "Andi &lt;b&gt;Saputra&lt;/b&gt;" in staff  # user input stays escaped
    assert 'data-testid="raw-changes"' not in staff
    admin = page(admin_user)
    assert 'data-testid="raw-changes"' in admin and "<code>errand.finish</code>" in admin


def test_every_workflow_action_has_a_sentence():
    missing = [
        f"{flow.name}.{action.name}"
        for flow in workflows().values()
        for action in flow.actions
        if f"{flow.name}.{action.name}" not in sentences()
    ]
    assert not missing


def test_every_event_the_code_writes_has_a_sentence():
    """The action codes spelled in the services (literal or from a known set of endings), and
    those of every editable list (`core.editing.EditableList`, found once the URLs are)."""
    assert get_resolver().url_patterns  # imports every page's module, and so their lists
    root = Path(__file__).resolve().parents[2]
    written = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        written |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', text))
        written |= set(re.findall(r'"([a-z_]+\.[a-z_]+)" if \w+ else "([a-z_]+\.[a-z_]+)"', text))
    written = {code for found in written for code in ([found] if isinstance(found, str) else found)}
    written |= {
        code
        for rows in editable_lists()
        if not rows.model.__module__.startswith("silajar.core.tests.")  # the toy lists
        for code in rows.events()
    }
    missing = sorted(code for code in written if code not in sentences())
    assert len(written) > 30  # the search still finds them
    assert not missing


@pytest.mark.django_db
def test_a_name_stored_in_place_of_an_id_reads_as_it_is(actor, job):
    event = audit_record(
        actor=actor, action="job.edit", obj=job, changes={"owner": [None, "Dinas Kesehatan"]}
    )
    assert event.changes == {"owner": [None, "Dinas Kesehatan"]}
    assert describe([event])[0].changes[0].after.text == "Dinas Kesehatan"
    event.labels = {}
    assert describe([event])[0].changes[0].after.text == "Dinas Kesehatan"
