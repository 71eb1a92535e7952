"""Many people at once: requests fired from one thread each, released together."""

import threading
from collections import Counter

from django.db import connection
from rest_framework.test import APIClient


def run_together(requests):
    """Fire `requests` (user, path, body) from one thread each, all released at once;
    returns the status codes."""
    barrier = threading.Barrier(len(requests))
    statuses: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(user, path, body):
        try:
            client = APIClient()
            client.force_authenticate(user)
            barrier.wait(timeout=30)
            response = client.post(path, body, format="json")
            with lock:
                statuses.append(response.status_code)
        except BaseException as exc:  # noqa: BLE001 — reported by the test below
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a request never finished"
    assert errors == []
    return Counter(statuses)
