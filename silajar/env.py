"""Reading settings from the environment, and a development install's own settings file.

`python -m silajar.env [PATH]` writes the development file (`var/dev.env`) unless it exists:
`make run` does, so that `.venv/bin/python manage.py …` works on a development install without
setting anything (see README, "Configuration")."""

import os
import secrets
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import dj_database_url

# A development install's settings (DEBUG=1, a generated SECRET_KEY): written once by `make run`,
# never committed (var/ is ignored). SILAJAR_DEV_ENV names another file; empty: none is read.
DEV_ENV_FILE = Path(__file__).resolve().parent.parent / "var" / "dev.env"


def dev_env_file() -> Path | None:
    """The development settings file to read: SILAJAR_DEV_ENV, else var/dev.env; None if empty."""
    name = os.environ.get("SILAJAR_DEV_ENV")
    if name is None:
        return DEV_ENV_FILE
    return Path(name) if name else None


def read_env_file(path: Path) -> dict[str, str]:
    """`NAME=value` lines (blank lines and `#` comments skipped) → {NAME: value}."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            values[name.strip()] = value.strip()
    return values


def load_env_file(path: Path | None) -> None:
    """Put the file's variables into the environment, under those already set (they win).
    No file (production): nothing changes."""
    if path is None or not path.is_file():
        return
    for name, value in read_env_file(path).items():
        os.environ.setdefault(name, value)


def write_dev_env(path: Path) -> bool:
    """Write a development install's settings to `path` unless it exists; True if written."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "# SiLaJar on a development machine: written once by `make run`, never committed.",
        "# Variables set in the environment win over these lines. Never copy this to production.",
        "DEBUG=1",
        f"SECRET_KEY={secrets.token_urlsafe(50)}",
    ]
    # readable by its owner only, from the first byte (it holds the key)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")
    return True


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


EMAIL_SCHEMES = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+ssl": "django.core.mail.backends.smtp.EmailBackend",
    "consolemail": "django.core.mail.backends.console.EmailBackend",
    "filemail": "django.core.mail.backends.filebased.EmailBackend",
    "memorymail": "django.core.mail.backends.locmem.EmailBackend",
}


def parse_email_url(url: str) -> dict:
    """`smtp+tls://user:pass@host:587`, `consolemail://`, `filemail:///dir` → Django settings."""
    parts = urlsplit(url)
    if parts.scheme not in EMAIL_SCHEMES:
        raise ValueError(f"EMAIL_URL: unknown scheme {parts.scheme!r}")
    config = {
        "EMAIL_BACKEND": EMAIL_SCHEMES[parts.scheme],
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port
        or (465 if parts.scheme == "smtp+ssl" else 587 if parts.scheme == "smtp+tls" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parts.scheme == "smtp+ssl",
    }
    if parts.scheme == "filemail":
        config["EMAIL_FILE_PATH"] = unquote(parts.path) or "."
    return config


SQLITE_ENGINE = "django.db.backends.sqlite3"
# Every SQLite database, however it is named. IMMEDIATE: writers take the lock at BEGIN, so
# concurrent writers wait (up to `timeout` seconds) instead of failing half-way; WAL lets readers
# go on while one writes.
SQLITE_OPTIONS = {
    "timeout": 30,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def parse_database_url(url: str, default_sqlite: Path) -> dict[str, Any]:
    """`DATABASE_URL` → Django's `DATABASES["default"]`; empty: the SQLite file `default_sqlite`.

    Every SQLite database gets SQLITE_OPTIONS, the default one as one named by the URL
    (`sqlite:////srv/silajar/db.sqlite3`); options in the URL's query string win."""
    config = dj_database_url.parse(
        url or f"sqlite:///{quote(str(default_sqlite))}", conn_max_age=60, conn_health_checks=True
    )
    if config["ENGINE"] != SQLITE_ENGINE:
        return dict(config)
    return {
        "ENGINE": SQLITE_ENGINE,
        "NAME": config["NAME"],
        "OPTIONS": {**SQLITE_OPTIONS, **config.get("OPTIONS", {})},
    }


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEV_ENV_FILE
    if write_dev_env(target):
        print(f"SiLaJar: development settings written to {target}")
