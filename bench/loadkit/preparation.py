"""The scratch database ready for a day: new (or reused), migrated, static files collected, the
demo's agencies and staff, generated history, and the load accounts with the morning's work."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from common import (
    PYTHON,
    REPO,
    is_sqlite,
    manage,
    postgres_database_exists,
    recreate_postgres_database,
)

# the share of each role among the virtual users (at least one of each)
ROLE_SHARES = {"helpdesk": 0.2, "technician": 0.6, "section_head": 0.1, "opd_user": 0.1}


def role_counts(users: int) -> dict[str, int]:
    """How many virtual users of each role: the shares, at least one each."""
    counts = {role: max(1, round(users * share)) for role, share in ROLE_SHARES.items()}
    counts["technician"] = max(1, counts["technician"] + users - sum(counts.values()))
    return counts


def seed(env: dict, counts: dict[str, int], password: str, top_up: bool) -> dict:
    """Run `loadkit.seeding` in a Django process of the server's environment (its PYTHONPATH
    holds bench/); what it reports."""
    result = subprocess.run(  # noqa: S603 — our own interpreter and module
        [str(PYTHON), "-m", "loadkit.seeding", json.dumps(counts), "--top-up" if top_up else "-"],
        env={**env, "LOAD_PASSWORD": password},
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit("seeding the load accounts failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def prepare(args, env: dict, counts: dict[str, int], password: str) -> dict:
    """Database, static files, accounts and tickets; what `seed` reports."""
    sqlite = is_sqlite(args.database_url)
    database_file = Path(env["SILAJAR_VAR_DIR"]) / "silajar.sqlite3"
    exists = database_file.exists() if sqlite else postgres_database_exists(args.database_url)
    fresh = not (args.reuse and exists)
    started = time.monotonic()
    if fresh:
        where = f"(SQLite) {database_file}" if sqlite else args.database_url
        print(f"· new scratch database {where}")
        if sqlite:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database_file}{suffix}").unlink(missing_ok=True)
        else:
            recreate_postgres_database(args.database_url)
    else:
        print("· reusing the scratch database")
    manage(env, "migrate", "--noinput", quiet=True)
    collect_static(env)
    if fresh:
        manage(env, "seed_demo", "--force", "--tickets", "0", quiet=True)
        seed(env, counts, password, top_up=False)  # the technicians get generated history too
        print(f"· generate_data --tickets {args.tickets}")
        manage(env, "generate_data", "--tickets", str(args.tickets), "--no-progress", quiet=True)
    info = seed(env, counts, password, top_up=True)
    print(f"· ready in {time.monotonic() - started:.0f} s: {info['tickets']:,} tickets")
    return info


def collect_static(env: dict) -> None:
    """collectstatic into the shared STATIC_ROOT, unless it is newer than every static source
    (the compressed kind takes minutes on a small machine)."""
    manifest = Path(env["STATIC_ROOT"]) / "staticfiles.json"
    sources = [*REPO.glob("silajar/**/static/**/*"), *REPO.glob("requirements*.lock")]
    newest = max((path.stat().st_mtime for path in sources if path.is_file()), default=0)
    if manifest.exists() and manifest.stat().st_mtime > newest:
        return
    print(f"· collectstatic to {env['STATIC_ROOT']}")
    manage(env, "collectstatic", "--noinput", "--clear", quiet=True)
