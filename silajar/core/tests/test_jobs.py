"""Jobs by name: services start them, tasks modules register them."""

from unittest import mock

import pytest

from silajar.core.jobs import enqueue, held, job


@pytest.fixture
def recorded():
    calls = []
    with mock.patch.dict("silajar.core.jobs._jobs"):
        job("test.record")(lambda *args, **kwargs: calls.append((args, kwargs)))
        yield calls


def test_enqueue_starts_the_registered_task(recorded):
    enqueue("test.record", 1, key="a")
    assert recorded == [((1,), {"key": "a"})]


def test_held_jobs_start_nothing_until_released(recorded):
    with held("test.record"):
        enqueue("test.record", 1)
    enqueue("test.record", 2)
    assert recorded == [((2,), {})]


def test_an_unknown_job_is_an_error():
    with pytest.raises(LookupError, match="test.missing"):
        enqueue("test.missing")
