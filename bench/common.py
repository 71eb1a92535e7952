"""What the benchmarks share: percentiles, the repository's paths, a scratch database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
PYTHON = REPO / ".venv" / "bin" / "python"


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (`share` in 0..1) of `values`."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def is_sqlite(database_url: str) -> bool:
    return database_url.startswith("sqlite")


def _maintenance(database_url: str) -> tuple[str, str]:
    """The server's `postgres` database, and the plain name of the one `database_url` names."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name or not name.replace("_", "").isalnum():
        raise SystemExit(f"not a plain database name: {name!r}")
    return urlunsplit(parts._replace(path="/postgres")), name


def drop_postgres_database(database_url: str) -> None:
    import psycopg

    maintenance, name = _maintenance(database_url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        # the name is checked: letters, digits and underscores only
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def recreate_postgres_database(database_url: str) -> None:
    """Drop and create the database `database_url` names (a scratch database: it is emptied)."""
    import psycopg

    drop_postgres_database(database_url)
    maintenance, name = _maintenance(database_url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def postgres_database_exists(database_url: str) -> bool:
    import psycopg

    maintenance, name = _maintenance(database_url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        row = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def manage(env: dict, *arguments: str, quiet: bool = False) -> str:
    """Run `manage.py <arguments>` with `env`; its output, or exit on failure."""
    result = subprocess.run(  # noqa: S603 — our own interpreter and script
        [str(PYTHON), str(REPO / "manage.py"), *arguments],
        env=env,
        cwd=REPO,
        capture_output=quiet,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        if quiet:
            sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {' '.join(arguments)} failed ({result.returncode})")
    return result.stdout or ""


def base_env(**overrides: str) -> dict:
    """The environment of this process without the database and var settings, plus overrides."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "SILAJAR_VAR_DIR", "STATIC_ROOT", "MEDIA_ROOT", "REDIS_URL")
    }
    env.update(overrides)
    return env
