"""A SQLite database named by DATABASE_URL (`sqlite:////srv/silajar/db.sqlite3`) works as the
built-in one does: ten helpdesk officers creating tickets at the same moment through the API of a
real gunicorn (two worker processes of five threads each) on such a file all succeed.

The server runs on a scratch SQLite file of this test only: the suite's own test database is
inside a transaction and cannot be shared with another process."""

import http.client
import json
import os
import sqlite3
import threading

from silajar.env import parse_database_url
from silajar.quality.tests.servers import gunicorn, manage

CREATIONS = 10

# One helpdesk officer's token, an agency and one of its locations, as JSON on the last line.
SEED = """
import json
from django.contrib.auth.models import Group
from silajar.accounts.models import User
from silajar.accounts.tests.factories import issue_token
from silajar.organizations.models import Location, Organization

agency = Organization.objects.create(name="Dinas Uji", short_name="DU", kind="dinas")
location = Location.objects.create(organization=agency, building="Gedung Utama")
officer = User.objects.create_user(username="petugas", email="petugas@example.org")
officer.groups.add(Group.objects.get(name="helpdesk"))
print(json.dumps({"token": issue_token(officer), "agency": agency.pk, "location": location.pk}))
"""


def create_together(port: int, seed: dict) -> list[tuple[int, str]]:
    """POST CREATIONS new tickets from one thread each, all released at once."""
    barrier = threading.Barrier(CREATIONS)
    answers: list[tuple[int, str]] = []
    lock = threading.Lock()
    body = json.dumps(
        {
            "channel": "phone",
            "organization": seed["agency"],
            "location": seed["location"],
            "reporter_name": "Budi",
            "description": "Jaringan mati.",
            "scope": "whole_location",
        }
    )
    headers = {"Authorization": f"Token {seed['token']}", "Content-Type": "application/json"}

    def create() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.connect()
        barrier.wait(timeout=30)
        connection.request("POST", "/api/v1/tickets/", body=body, headers=headers)
        response = connection.getresponse()
        with lock:
            answers.append((response.status, response.read().decode()))

    threads = [threading.Thread(target=create) for _ in range(CREATIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return answers


def test_every_sqlite_database_gets_the_same_options(tmp_path):
    default = parse_database_url("", tmp_path / "silajar.sqlite3")
    named = parse_database_url("sqlite:////srv/silajar/db.sqlite3", tmp_path / "unused.sqlite3")

    assert default == {**named, "NAME": str(tmp_path / "silajar.sqlite3")}
    assert named["NAME"] == "/srv/silajar/db.sqlite3"
    assert named["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert named["OPTIONS"]["timeout"] == 30
    assert "journal_mode=WAL" in named["OPTIONS"]["init_command"]


def test_ten_concurrent_creations_on_a_database_url_sqlite_file_all_succeed(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "DJANGO_SETTINGS_MODULE": "silajar.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SILAJAR_VAR_DIR": str(tmp_path / "var"),
    }
    manage(env, "migrate", "--noinput")
    seed = json.loads(manage(env, "shell", "-c", SEED).strip().splitlines()[-1])
    with gunicorn(
        env, ["silajar.wsgi", "-w", "2", "--threads", "5"], tmp_path / "gunicorn.log"
    ) as port:
        answers = create_together(port, seed)

    assert [status for status, _body in answers] == [201] * CREATIONS, answers
    numbers = {json.loads(text)["number"] for _status, text in answers}
    assert len(numbers) == CREATIONS
    with sqlite3.connect(tmp_path / "db.sqlite3") as database:
        assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)
