"""Reading settings from the environment."""

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import dj_database_url


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
