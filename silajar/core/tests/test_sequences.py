"""Gapless yearly number sequences, including many writers at once."""

import threading
import time
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction
from django.utils import timezone

from silajar.core.models import NumberSequence
from silajar.core.sequences import format_number, sequence_next


class Rollback(Exception):
    pass


def take(key: str, year: int | None = 2026) -> int:
    with transaction.atomic():
        return sequence_next(key=key, year=year)


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_it_refuses():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        sequence_next(key="TKT", year=2026)
    assert not NumberSequence.objects.exists()


@pytest.mark.django_db
def test_numbers_count_up_per_key_and_per_year_independently():
    assert [take("TKT") for _ in range(3)] == [1, 2, 3]
    assert [take("PJ") for _ in range(2)] == [1, 2]
    assert take("TKT", 2027) == 1
    assert take("TKT") == 4
    assert take("TKT", 2027) == 2
    assert take("PJ") == 3

    stored = {(s.key, s.year): s.last_value for s in NumberSequence.objects.all()}
    assert stored == {("TKT", 2026): 4, ("TKT", 2027): 2, ("PJ", 2026): 3}


@pytest.mark.django_db
def test_the_year_defaults_to_the_local_year(monkeypatch):
    # 17:30 UTC on New Year's Eve is already 00:30 on 1 January 2027 in Pontianak
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 31, 17, 30, tzinfo=UTC))
    assert take("TKT", None) == 1
    assert NumberSequence.objects.get(key="TKT").year == 2027

    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 31, 16, 30, tzinfo=UTC))
    assert take("TKT", None) == 1
    assert NumberSequence.objects.get(key="TKT", year=2026).last_value == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_gives_its_number_back():
    # the very first number, when the series row itself is rolled back too
    with pytest.raises(Rollback), transaction.atomic():
        assert sequence_next(key="TKT", year=2026) == 1
        raise Rollback
    assert not NumberSequence.objects.filter(key="TKT").exists()
    assert take("TKT") == 1

    # a later number, when the row already exists
    with pytest.raises(Rollback), transaction.atomic():
        assert sequence_next(key="TKT", year=2026) == 2
        assert sequence_next(key="TKT", year=2026) == 3
        raise Rollback
    assert take("TKT") == 2
    assert take("TKT") == 3
    assert NumberSequence.objects.get(key="TKT", year=2026).last_value == 3


@pytest.mark.django_db
def test_a_rolled_back_savepoint_gives_its_number_back():
    assert take("SRT") == 1
    with transaction.atomic():
        with pytest.raises(Rollback), transaction.atomic():
            assert sequence_next(key="SRT", year=2026) == 2
            raise Rollback
        assert sequence_next(key="SRT", year=2026) == 2


@pytest.mark.django_db
def test_a_block_of_numbers_is_taken_at_once_and_returns_its_first():
    assert take("TKT") == 1
    with transaction.atomic():
        assert sequence_next(key="TKT", year=2026, count=500) == 2
    assert take("TKT") == 502
    with transaction.atomic():
        assert sequence_next(key="NEW", year=2026, count=3) == 1  # the series row is created
    assert NumberSequence.objects.get(key="NEW", year=2026).last_value == 3
    with pytest.raises(ValueError, match="at least one"), transaction.atomic():
        sequence_next(key="TKT", year=2026, count=0)


def run_in_threads(count: int, work) -> tuple[list, list]:
    """Run `work(i)` in `count` threads started together; each closes its connection."""
    start = threading.Barrier(count)
    results, errors = [], []
    lock = threading.Lock()

    def worker(i):
        try:
            start.wait(timeout=30)
            value = work(i)
            with lock:
                results.append(value)
        except Exception as exc:  # reported by the test below
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a worker hung"
    return results, errors


def take_slowly(key: str) -> int:
    with transaction.atomic():
        number = sequence_next(key=key, year=2026)
        time.sleep(0.005)  # hold the lock a moment so the others really queue up
        return number


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_get_distinct_numbers_without_gaps():
    # nobody has created the series row yet: all twenty race to create it
    results, errors = run_in_threads(20, lambda i: take_slowly("TKT"))

    assert errors == []
    assert sorted(results) == list(range(1, 21))
    assert NumberSequence.objects.get(key="TKT", year=2026).last_value == 20
    assert NumberSequence.objects.filter(key="TKT").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_with_rollbacks_leave_no_gaps():
    NumberSequence.objects.create(key="PJ", year=2026, last_value=100)

    def work(i):
        with transaction.atomic():
            number = sequence_next(key="PJ", year=2026)
            time.sleep(0.005)
            if i % 4 == 0:
                raise Rollback  # five of the twenty give their number back
        return number

    results, errors = run_in_threads(20, work)

    assert len(errors) == 5
    assert all(isinstance(e, Rollback) for e in errors)
    assert sorted(results) == list(range(101, 116))
    assert NumberSequence.objects.get(key="PJ", year=2026).last_value == 115


def test_format_number():
    assert format_number("TKT", 2026, 42, 6) == "TKT-2026-000042"
    assert format_number("PJ", 2026, 7, 4) == "PJ-2026-0007"
    assert format_number("PJ", 2027, 12345, 4) == "PJ-2027-12345"  # never truncated
