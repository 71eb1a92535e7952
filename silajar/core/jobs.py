"""Background jobs that services hand to the worker, without importing the worker's tasks.

An app's `tasks.py` is an entry point, like its views: its tasks import the app's services and
call them. So a service never imports `tasks.py` back; it starts a job by name, and `tasks.py`
registers its Huey tasks under those names (each app's `AppConfig.ready()` imports its tasks):

    # tickets/tasks.py
    @job("tickets.announce")
    @db_task(retries=3, retry_delay=30)
    def announce(event: str, pk: int, version: int | None = None) -> None: ...

    # tickets/services.py
    transaction.on_commit(lambda: enqueue("tickets.announce", "created", ticket.pk))
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

Task = TypeVar("Task", bound=Callable[..., Any])

_jobs: dict[str, Callable[..., Any]] = {}


def job(name: str) -> Callable[[Task], Task]:
    """Register a task as the job `name` (a decorator, outside the Huey one)."""

    def register(task: Task) -> Task:
        _jobs[name] = task
        return task

    return register


def enqueue(name: str, *args: Any, **kwargs: Any) -> None:
    """Hand the job `name` to the worker now (services call this from `transaction.on_commit`
    when the job must only see committed data)."""
    try:
        task = _jobs[name]
    except KeyError:
        raise LookupError(
            f"No job {name!r}: its tasks module registers it when its app is ready."
        ) from None
    task(*args, **kwargs)


@contextmanager
def held(*names: str) -> Iterator[None]:
    """Inside, the named jobs are not started (demo data replaying past events tells nobody)."""
    kept = {name: _jobs[name] for name in names}
    _jobs.update(dict.fromkeys(names, _nothing))
    try:
        yield
    finally:
        _jobs.update(kept)


def _nothing(*args: Any, **kwargs: Any) -> None:
    return None
