"""Every workflow action is all or nothing: a failure injected after the state change but before
the commit leaves the record, the audit trail, every other table and the uploaded files exactly
as they were, and schedules no side effect; the same action then goes through.

Workflows are every `Workflow` of an installed app's `workflows` module (`core.workflow.workflows`,
the toy procedure of `core/tests/workflowapp` included); their actions run through `Workflow.act`.
A workflow whose records its `<record>_create` service makes from the actor alone, and whose
actions need no input, is driven by the generic driver: one person per role, the shortest path
of actions to each state. Where more must be known — how to file a record, the inputs of each
step — a small driver per workflow below says it.

Fault points: the record's row is saved with its new state (a post_save signal raises); the
audit event is written (a post_save signal of AuditEvent raises); the transaction commits
(the release of the service's outermost savepoint fails, as a lost connection would make it)."""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.db import OperationalError, connection, transaction
from django.db.models.signals import post_save
from django.utils import timezone

from silajar.accounts.roles import Role
from silajar.contracts.models import Contract
from silajar.core.backup.rows import backed_up_models, table_digest
from silajar.core.models import AuditEvent
from silajar.core.tests.files import pdf_bytes, png_bytes, signature_data_url, upload_file
from silajar.core.workflow import Workflow, workflows
from silajar.tickets.tests.test_concurrency import reference_data  # noqa: F401 — a fixture

pytestmark = pytest.mark.django_db
FAULTS = ("record_saved", "audit_written", "commit")


WORKFLOWS = workflows()


# --- drivers: what only the procedure knows ---------------------------------------------------


class TicketDriver:
    """Complaints: one path visits every action (pause before resume, reopen after closing)."""

    PATH = [
        "triage",
        "record_checklist",
        "dispatch",
        "reassign",
        "start",
        "pause",
        "resume",
        "resolve",
        "sign_off",
        "reopen",
        "escalate_to_provider",
        "return_from_provider",
        "resolve_first_line",
    ]

    def __init__(self, make_user, agency, location):
        from silajar.tickets.tests.test_api_actions import Desk

        self.desk = Desk(make_user, agency, location)
        self.people = [
            self.desk.helpdesk,
            self.desk.admin,
            make_user(Role.SECTION_HEAD),
            self.desk.tech,
            self.desk.spare_tech,
            make_user(Role.OPD_USER, organization=agency),
        ]

    def paths(self) -> list[list[str]]:
        # the provider restores the internet of a ticket waiting for it
        return [
            self.PATH,
            ["triage", "escalate_to_provider", "provider_restored"],
            # the technician hands the ticket back to the desk
            ["triage", "dispatch", "propose_escalation"],
            ["triage", "dispatch", "start", "hand_back"],
        ]

    def create(self):
        return self.desk.ticket("new")

    def inputs(self, action: str, path_index: int) -> dict:
        from silajar.tickets.tests.test_api_actions import body_for

        return body_for(action, self.desk)


class InstallationDriver:
    """Installation requests: the adequate and the not-adequate survey, as the app's own test
    helpers walk them."""

    def __init__(self, make_user, agency, location):
        from silajar.installations.tests import factories

        self.factories = factories
        self.cast = factories.Cast(agency)
        roles = [Role.UPDE_HEAD, Role.SECTION_HEAD, Role.TECHNICIAN, Role.OPD_OPERATOR]
        self.people = [self.cast[role] for role in [*roles, Role.OPD_USER]]

    def paths(self) -> list[list[str]]:
        return [
            [step[0] for step in self.factories.ADEQUATE_PATH],
            [step[0] for step in self.factories.INADEQUATE_PATH],
        ]

    def create(self):
        return self.factories.file_request(self.cast)

    def inputs(self, action: str, path_index: int) -> dict:
        path = (self.factories.ADEQUATE_PATH, self.factories.INADEQUATE_PATH)[path_index]
        inputs = next((dict(i) for a, _r, i in path if a == action), {})
        if action == "assign_survey":
            inputs.setdefault("technician", self.cast[Role.TECHNICIAN].pk)
        if action == "sign_off":
            inputs.setdefault("signature", signature_data_url())
        if action == "record_survey":  # with photos: files stored by a workflow action
            inputs["photos"] = [upload_file(png_bytes(), "foto-lokasi.png")]
        if action in ("reject", "cancel"):
            inputs["reason"] = "Tidak ada slot di rak."
        return inputs


class GenericDriver:
    """A procedure with nothing to say: its `<record>_create(*, actor)` makes a record, one
    person of each role tries every action, and no action needs an input."""

    def __init__(self, flow: Workflow, make_user):
        self.flow = flow
        self.people = [make_user(role) for role in Role.values]
        self.create_service = getattr(
            importlib.import_module(flow.services), f"{flow.record}_create"
        )

    def paths(self) -> list[list[str]]:
        """The shortest path of actions from the initial state to every state it reaches."""
        initial = getattr(self.create(), self.flow.state_field)
        return list(self.flow.shortest_paths(initial).values())

    def create(self):
        return self.create_service(actor=self.people[0])

    def inputs(self, action: str, path_index: int) -> dict:
        return {}


class IncidentDriver:
    """Provider incidents: opened on a link, to closing and to cancelling."""

    def __init__(self, make_user, agency, location):
        from silajar.providers.tests.factories import LinkFactory, provider_user

        self.link = LinkFactory()
        self.admin = make_user(Role.NETWORK_ADMIN)
        self.people = [self.admin, make_user(Role.HELPDESK), provider_user(self.link.provider)]

    def paths(self) -> list[list[str]]:
        return [["report", "acknowledge", "post_update", "provider_resolve", "close"], ["cancel"]]

    def create(self):
        from silajar.providers.services import incident_create

        return incident_create(
            actor=self.admin, links=[self.link], started_at=timezone.now(), source="monitoring"
        )

    def inputs(self, action: str, path_index: int) -> dict:
        return {
            "report": {"channel": "Telepon", "contact": "NOC"},
            "post_update": {"message": "Teknisi menuju lokasi."},
            "provider_resolve": {
                "cause": "Kabel putus",
                "action_taken": "Disambung",
                "restored_at": timezone.now(),
            },
            "cancel": {"reason": "Alarm palsu"},
        }.get(action, {})


class NeedDriver:
    """The yearly bandwidth need: submitted, returned, submitted again, approved."""

    def __init__(self, make_user, agency, location):
        from silajar.contracts.tests.factories import Cast

        self.cast = Cast()
        self.people = list(self.cast.values())

    def paths(self) -> list[list[str]]:
        return [["submit", "return", "submit", "approve"]]

    def create(self):
        from silajar.contracts.services import needs
        from silajar.contracts.tests.factories import NEED_DATA

        return needs.need_create(actor=self.cast[Role.SECTION_HEAD], data=NEED_DATA)

    def inputs(self, action: str, path_index: int) -> dict:
        return {"note": "Rinci per segmen."} if action == "return" else {}


class ContractDriver:
    """The procurement of a contract, from the PPTK's draft to the signed handover, and its
    termination; the designation with its letter and the BAST with a drawn signature (files
    stored by workflow actions)."""

    def __init__(self, make_user, agency, location):
        from silajar.contracts.tests.factories import PATH, Cast

        self.cast = Cast()
        self.people = list(self.cast.values())
        self.path = [action for action, _role, _inputs in PATH]

    def paths(self) -> list[list[str]]:
        return [[*self.path, "terminate"]]

    def create(self):
        from silajar.contracts.tests.factories import draft_contract

        return draft_contract(self.cast, number=f"027/{Contract.objects.count()}/ATOM/2026")

    def inputs(self, action: str, path_index: int) -> dict:
        from silajar.contracts.tests.factories import path_inputs

        inputs = path_inputs(self.cast.provider, action)
        if action == "designate":
            inputs["decision_letter"] = upload_file(pdf_bytes(), "sk-penetapan.pdf")
        if action == "terminate":
            inputs["reason"] = "Penyedia wanprestasi."
        return inputs


DRIVERS = {
    "ticket": TicketDriver,
    "installation": InstallationDriver,
    "provider_incident": IncidentDriver,
    "bandwidth_need": NeedDriver,
    "contract": ContractDriver,
}


def driver_for(flow: Workflow, make_user, agency, location):
    if flow.name in DRIVERS:
        return DRIVERS[flow.name](make_user, agency, location)
    return GenericDriver(flow, make_user)


# --- the generic part -------------------------------------------------------------------------


class Runner:
    def __init__(self, flow: Workflow, driver):
        self.flow, self.driver = flow, driver

    def actor(self, record, action: str):
        """The first of the people who may fire `action` on `record` now (None: nobody)."""
        for user in self.driver.people:
            try:
                self.flow.check(record, action, user)
            except Exception:  # noqa: S112 — not this one; try the next person
                continue
            return user
        return None

    def fire(self, record, action: str, path_index: int = 0):
        actor = self.actor(record, action)
        assert actor is not None, f"nobody may {action} {record} in state {record.state}"
        return self.flow.act(
            obj=record,
            action=action,
            actor=actor,
            version=record.version,
            **self.driver.inputs(action, path_index),
        )

    def prepare(self, action: str):
        """A record on which `action` may be fired now, walked there through the services."""
        for index, path in enumerate(self.driver.paths()):
            record = self.driver.create()
            for step in [*path, None]:
                record.refresh_from_db()
                if self.actor(record, action) is not None:
                    return record, index
                if step is None:
                    break
                self.fire(record, step, index)
        raise AssertionError(f"{self.flow.name}.{action}: no path of the driver reaches it")


class Injected(Exception):
    pass


@contextmanager
def fault(point: str, model) -> Iterator[list]:
    """Make the next change fail at `point`; yields a list that records that it fired."""
    fired: list = []
    if point in ("record_saved", "audit_written"):
        sender = model if point == "record_saved" else AuditEvent

        def fail(sender, instance, **kwargs):
            fired.append(instance.pk)
            raise Injected(point)

        post_save.connect(fail, sender=sender, weak=False, dispatch_uid="atomicity-fault")
        try:
            yield fired
        finally:
            post_save.disconnect(sender=sender, dispatch_uid="atomicity-fault")
        return
    # the commit: the test runs in a transaction, so the service's outermost atomic block is
    # a savepoint; its release is its commit
    depth = len(connection.savepoint_ids)
    release = connection.savepoint_commit

    def failing_release(sid):
        if not fired and len(connection.savepoint_ids) == depth:
            fired.append(sid)
            raise OperationalError("injected: the connection was lost at commit")
        return release(sid)

    with mock.patch.object(connection, "savepoint_commit", failing_release):
        yield fired


def everything() -> dict:
    """Every row of every table (a digest per model), the files, the pending side effects."""
    root = Path(settings.MEDIA_ROOT)
    return {
        "rows": {m._meta.label_lower: table_digest(m) for m in backed_up_models()},
        "files": {
            p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in (root.rglob("*") if root.exists() else [])
            if p.is_file()
        },
        "on_commit": len(connection.run_on_commit),
        "mail": len(mail.outbox),
    }


CASES = [
    (name, action.name, point)
    for name, flow in sorted(WORKFLOWS.items())
    for action in flow.actions
    for point in FAULTS
]


def test_every_workflow_is_driven():
    # the toy procedure has no driver of its own: the generic one walks it
    assert {"ticket", "installation", "errand"} <= set(WORKFLOWS)
    assert "errand" not in DRIVERS


@pytest.mark.parametrize(("workflow", "action", "point"), CASES)
def test_a_failure_before_commit_changes_nothing(
    workflow, action, point, make_user, agency, location
):
    flow = WORKFLOWS[workflow]
    runner = Runner(flow, driver_for(flow, make_user, agency, location))
    record, path_index = runner.prepare(action)
    record.refresh_from_db()
    before = everything()
    trail = AuditEvent.objects.count()

    with fault(point, type(record)) as fired, pytest.raises((Injected, OperationalError)):
        runner.fire(record, action, path_index)

    assert fired, f"the {point} fault never fired: the action did not get that far"
    assert everything() == before
    assert AuditEvent.objects.count() == trail
    # nothing is stuck: the same action goes through afterwards, audited once
    record.refresh_from_db()
    version = record.version
    done = runner.fire(record, action, path_index)
    assert done.version == version + 1
    assert AuditEvent.objects.count() > trail


# --- other changes that store a file ------------------------------------------------------------


def add_ticket_attachment(make_user, agency, location):
    from silajar.tickets import services
    from silajar.tickets.tests.test_api_actions import Desk

    desk = Desk(make_user, agency, location)
    ticket = desk.ticket("triage")
    return lambda: services.attachment_add(
        ticket=ticket, actor=desk.helpdesk, upload=upload_file(png_bytes(), "foto.png")
    )


def file_installation_request(make_user, agency, location):
    from silajar.installations.tests import factories

    cast = factories.Cast(agency)
    cast[Role.OPD_OPERATOR]  # the people exist before the change
    return lambda: factories.file_request(cast)


def add_survey_photo(make_user, agency, location):
    from silajar.installations import services
    from silajar.installations.tests import factories

    cast = factories.Cast(agency)
    installation = factories.file_request(cast)
    for action, role, inputs in factories.ADEQUATE_PATH[:2]:
        installation = factories.act(installation, cast, action, role, inputs)
    return lambda: services.survey_photo_add(
        installation=installation,
        actor=cast[Role.TECHNICIAN],
        upload=upload_file(png_bytes(), "a.png"),
    )


def attach_contract_scan(make_user, agency, location):
    from silajar.contracts import services
    from silajar.providers.tests.factories import ContractFactory

    contract, pptk = ContractFactory(), make_user(Role.PPTK)
    return lambda: services.contract_document_attach(
        actor=pptk, contract=contract, upload=upload_file(pdf_bytes(), "kontrak.pdf")
    )


FILE_CHANGES = {
    "tickets.attachment_add": add_ticket_attachment,
    "contracts.contract_document_attach": attach_contract_scan,
    "installations.installation_create": file_installation_request,
    "installations.survey_photo_add": add_survey_photo,
}


@pytest.mark.parametrize("point", ["audit_written", "commit"])
@pytest.mark.parametrize("change", list(FILE_CHANGES))
def test_a_failed_change_leaves_no_file_behind(change, point, make_user, agency, location):
    run = FILE_CHANGES[change](make_user, agency, location)
    before = everything()

    with fault(point, None) as fired, pytest.raises((Injected, OperationalError)):
        run()

    assert fired
    assert everything() == before
    run()  # and without the fault it is stored
    assert len(everything()["files"]) == len(before["files"]) + 1


# --- a file stored by a change lives as long as the change: the caller's rollback too -----------


def workflow_change(workflow: str, action: str):
    def build(make_user, agency, location):
        flow = WORKFLOWS[workflow]
        runner = Runner(flow, driver_for(flow, make_user, agency, location))
        record, path_index = runner.prepare(action)
        return lambda: runner.fire(record, action, path_index)

    return build


STORING_CHANGES = {
    **FILE_CHANGES,
    "tickets.sign_off": workflow_change("ticket", "sign_off"),
    "installations.record_survey": workflow_change("installation", "record_survey"),
    "installations.sign_off": workflow_change("installation", "sign_off"),
}


class CallerGivesUp(Exception):
    pass


@pytest.mark.parametrize("change", list(STORING_CHANGES))
def test_the_callers_rollback_removes_the_stored_file(change, make_user, agency, location):
    """The service returned, its file is stored; then the caller's own transaction rolls back
    (here a savepoint of the test's transaction: Django treats both alike)."""
    run = STORING_CHANGES[change](make_user, agency, location)
    before = everything()

    with pytest.raises(CallerGivesUp), transaction.atomic():
        run()
        assert len(everything()["files"]) == len(before["files"]) + 1
        raise CallerGivesUp

    assert everything() == before


def test_a_savepoint_rolled_back_around_the_change_removes_its_file_only(
    make_user, agency, location
):
    keep = FILE_CHANGES["tickets.attachment_add"](make_user, agency, location)
    drop = FILE_CHANGES["tickets.attachment_add"](make_user, agency, location)
    before = everything()

    with transaction.atomic():
        kept = keep()
        with pytest.raises(CallerGivesUp), transaction.atomic():
            drop()
            raise CallerGivesUp

    files = set(everything()["files"]) - set(before["files"])
    assert files == {kept.file.name}


@pytest.mark.django_db(transaction=True)
def test_committed_files_stay_and_a_real_rollback_removes_them(
    reference_data,  # noqa: F811
    make_user,
    agency,
    location,
):
    """Real commits and rollbacks, not savepoints of the test's transaction."""
    from silajar.tickets.models import Attachment

    media = Path(settings.MEDIA_ROOT)
    add = FILE_CHANGES["tickets.attachment_add"](make_user, agency, location)

    attachment = add()  # its own transaction commits
    assert (media / attachment.file.name).is_file()

    with pytest.raises(CallerGivesUp), transaction.atomic():
        dropped = add()
        assert (media / dropped.file.name).is_file()
        raise CallerGivesUp
    assert not (media / dropped.file.name).exists()
    assert not Attachment.objects.filter(pk=dropped.pk).exists()

    # committed, then an earlier on-commit side effect fails (Django skips the later ones):
    # the row exists, so does its file
    def fail():
        raise CallerGivesUp

    with pytest.raises(CallerGivesUp), transaction.atomic():
        transaction.on_commit(fail)
        late = add()
    assert Attachment.objects.filter(pk=late.pk).exists()
    assert (media / late.file.name).is_file()
