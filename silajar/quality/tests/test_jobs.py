"""Background jobs: retried after a failure, and never doing a side effect twice.

The announce task of a ticket notifies several people, each in-app and by e-mail. A failure is
injected part-way (after the first person was fully served; between a person's notification and
their e-mail; at the mail server); the worker's retries then finish the job, and every person
ends with exactly one notification and exactly one e-mail. The retries run as the worker runs
them: Huey's schedule is read and each due task executed."""

import importlib
from datetime import datetime
from unittest import mock

import pytest
from django.apps import apps
from django.core import mail
from django.db.models.signals import post_save
from huey.api import PeriodicTask, TaskWrapper
from huey.contrib.djhuey import HUEY

from silajar.accounts.roles import Role
from silajar.core.jobs import _jobs
from silajar.notifications import services as notification_services
from silajar.notifications.models import EmailDelivery, Notification
from silajar.notifications.tasks import deliver_email
from silajar.tickets import services, tasks
from silajar.tickets.tests.test_api_actions import Desk

pytestmark = pytest.mark.django_db
FAR_FUTURE = datetime(2100, 1, 1)
# tasks that are deliberately not retried, and why
NOT_RETRIED = {
    "password_reset_deliver": "it only queues send_email (which is retried); a retry of the "
    "request itself would mail a second reset link",
}


class Injected(Exception):
    pass


@pytest.fixture
def worker(django_capture_on_commit_callbacks):
    """run(task, *args) runs a task as the worker does (after commit, e-mails included) and
    then its scheduled retries until none is left; returns how many retries ran."""
    HUEY.flush()

    def run(task, *args) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            task(*args)
        retries = 0
        while due := HUEY.read_schedule(FAR_FUTURE):
            for scheduled in due:
                retries += 1
                with django_capture_on_commit_callbacks(execute=True):
                    HUEY.execute(scheduled, timestamp=FAR_FUTURE)
            assert retries < 50, "retries never end"
        return retries

    yield run
    HUEY.flush()


@pytest.fixture
def comment(make_user, agency, location):
    """A public comment by the helpdesk on a dispatched ticket reported from the portal: the
    reporter and the technician are both to be told, in-app and by e-mail."""
    desk = Desk(make_user, agency, location)
    reporter = make_user(Role.OPD_USER, email="pelapor@example.org")
    ticket = desk.ticket("dispatched", reporter=reporter)
    assert ticket.assigned_to == desk.tech
    mail.outbox.clear()
    Notification.objects.all().delete()
    EmailDelivery.objects.all().delete()
    return services.comment_add(ticket=ticket, actor=desk.helpdesk, body="Teknisi menuju lokasi.")


def served_once(comment) -> None:
    ticket = comment.ticket
    people = {ticket.reporter, ticket.assigned_to}
    for person in people:
        assert Notification.objects.filter(recipient=person, kind="ticket.commented").count() == 1
        assert [m.to for m in mail.outbox].count([person.email]) == 1, person.email
    assert Notification.objects.count() == 2 and len(mail.outbox) == 2
    assert set(EmailDelivery.objects.values_list("status", flat=True)) == {"sent"}


def fail_once(handler_raising_at: int):
    """A post_save handler of Notification that raises at the n-th new notification, once."""
    seen = []

    def handler(sender, instance, created, **kwargs):
        if created:
            seen.append(instance.pk)
            if len(seen) == handler_raising_at:
                raise Injected("the worker died here")

    return handler


def test_a_retry_after_the_first_person_was_served_serves_nobody_twice(comment, worker):
    handler = fail_once(2)
    post_save.connect(handler, sender=Notification, weak=False, dispatch_uid="jobs-fault")
    try:
        retries = worker(tasks.announce, "commented", comment.pk)
    finally:
        post_save.disconnect(sender=Notification, dispatch_uid="jobs-fault")

    assert retries == 1
    served_once(comment)


def test_a_failure_between_the_notification_and_its_email_loses_no_email(comment, worker):
    real = notification_services.email_queue
    calls = []

    def email_queue_failing_once(**kwargs):
        calls.append(kwargs["to"])
        if len(calls) == 1:
            raise Injected("the worker died before queueing the e-mail")
        return real(**kwargs)

    with mock.patch.object(notification_services, "email_queue", email_queue_failing_once):
        retries = worker(tasks.announce, "commented", comment.pk)

    assert retries == 1
    served_once(comment)


def test_a_mail_server_failure_is_retried_and_the_mail_sent_once(comment, worker):
    real_send = mail.get_connection().__class__.send_messages
    attempts = []

    def send_failing_once(self, messages):
        attempts.append(messages)
        if len(attempts) == 1:
            raise ConnectionRefusedError("mail server down")
        return real_send(self, messages)

    with mock.patch.object(mail.get_connection().__class__, "send_messages", send_failing_once):
        retries = worker(tasks.announce, "commented", comment.pk)

    assert retries == 1
    served_once(comment)
    assert sorted(EmailDelivery.objects.values_list("attempts", flat=True)) == [1, 2]


def test_replaying_a_finished_job_does_nothing(comment, worker):
    worker(tasks.announce, "commented", comment.pk)
    sent = len(mail.outbox)

    assert worker(tasks.announce, "commented", comment.pk) == 0
    for delivery in EmailDelivery.objects.all():
        worker(deliver_email, delivery.pk)

    assert len(mail.outbox) == sent
    served_once(comment)


def every_task() -> dict[str, TaskWrapper]:
    found = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("silajar."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as error:
            if error.name == f"{config.name}.tasks":
                continue
            raise
        for key, value in vars(module).items():
            if isinstance(value, TaskWrapper) and not issubclass(value.task_class, PeriodicTask):
                found[f"{config.name}.tasks.{key}"] = value
    return found


def test_every_job_with_side_effects_is_retried_with_a_delay():
    found = every_task()
    assert "silajar.tickets.tasks.announce" in found
    assert "silajar.notifications.tasks.deliver_email" in found
    for name, task in found.items():
        if name.rsplit(".", 1)[1] in NOT_RETRIED:
            continue
        assert task.task_class.default_retries >= 3, name
        assert task.task_class.default_retry_delay >= 30, name


def test_the_jobs_services_start_are_registered_when_the_apps_are_ready():
    assert set(_jobs) == {
        "core.send_email",
        "accounts.password_reset_deliver",
        "notifications.deliver_email",
        "tickets.announce",
        "installations.announce",
        "inventory.import",
        "providers.announce",
        "monitoring.announce",
        "contracts.announce",
    }
    assert all(isinstance(task, TaskWrapper) for task in _jobs.values())
