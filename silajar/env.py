"""Reading settings from the environment."""

import os
from urllib.parse import unquote, urlsplit


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
