"""The load script (bench/load.py) in its small size: 5 people for 20 seconds on 500 tickets,
against a real gunicorn with DEBUG off, on a scratch database of its own (PostgreSQL when the
suite runs on PostgreSQL, else the embedded SQLite in a temporary folder) — the suite's test
database is inside a transaction and cannot be shared with another process.

The full size (50 people, 10 minutes, 20,000 tickets) runs from `make check-all`."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

REPO = Path(settings.BASE_DIR)


def scratch_database() -> str:
    """A database of this run only: PostgreSQL beside the suite's, or SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return "sqlite"
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/silajar_load_smoke_{os.getpid()}"))


def test_a_small_working_day_has_no_errors_and_flat_memory(tmp_path):
    out = tmp_path / "load.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "LOAD_DATABASE_URL")}
    command = [
        sys.executable,
        str(REPO / "bench" / "load.py"),
        "--database-url",
        scratch_database(),
        "--var-dir",
        str(tmp_path / "var"),
        "--drop",
        "--static",
        "plain",
        "--users",
        "5",
        "--duration",
        "20",
        "--tickets",
        "500",
        "--think",
        "0.1,0.4",
        "--json",
        str(out),
    ]
    run = subprocess.run(  # noqa: S603 — our own interpreter and script
        command, env=env, cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    result = json.loads(out.read_text())

    assert result["totals"]["errors"] == 0
    assert result["error_samples"] == []
    # every role signed in through the form and did every one of its tasks at least once
    assert set(result["scenarios"]) == {"helpdesk", "technician", "section_head", "opd_user"}
    for role, tasks in result["scenarios"].items():
        done = result["tasks"][role]
        missing = [task for task in tasks if not done.get(f"{task}:done")]
        assert not missing, f"{role} never did {missing}: {done}"
    kinds = result["kinds"]
    for kind in (
        "sign in (form)",
        "static file",
        "desk list next page (cursor)",
        "triage (form)",
        "dispatch (API)",
        "intake (form)",
        "start (field form)",
        "resolve (field form)",
        "portal report (form)",
        "PDF (API)",
        "PDF (field)",
        "PDF (portal)",
    ):
        assert kinds[kind]["requests"] > 0, kind
        assert kinds[kind]["errors"] == 0, kind
    measured = [k for k in kinds.values() if k["measured"]]
    assert measured and all(k["p95_ms"] >= k["p50_ms"] > 0 for k in measured)
    memory = result["memory"]
    assert memory["flat"] and memory["mib_end"] > 0
    assert memory["growth_last_two_thirds"] < memory["max_growth"]
