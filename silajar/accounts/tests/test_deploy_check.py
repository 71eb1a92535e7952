"""`manage.py check --deploy` passes under the documented production environment, and the
settings refuse to start without a real SECRET_KEY when DEBUG is off."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
# Only these are taken from the process running the tests; everything else (DEBUG=1 and
# DJANGO_ALLOW_ASYNC_UNSAFE of the test settings, a developer's DATABASE_URL ...) stays out.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")


def random_secret_key(length: int = 50) -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def production_env(tmp_path, **overrides) -> dict[str, str]:
    env = {k: os.environ[k] for k in INHERITED if k in os.environ}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "silajar.settings",
            "DEBUG": "0",
            "SECRET_KEY": random_secret_key(),
            "ALLOWED_HOSTS": "silajar.kalbarprov.go.id",
            "SILAJAR_BASE_URL": "https://silajar.kalbarprov.go.id",
            "EMAIL_URL": "smtp+tls://u:p@mail.example.org:587",
            "SILAJAR_VAR_DIR": str(tmp_path / "var"),
            "AXES_PROXY_COUNT": "1",
            # a production machine has no development settings file (var/dev.env)
            "SILAJAR_DEV_ENV": str(tmp_path / "var" / "dev.env"),
        }
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_in_production_environment(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_debug(tmp_path):
    """The check itself is live: DEBUG on in the same environment is reported."""
    result = manage(
        production_env(tmp_path, DEBUG="1"), "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


def test_check_deploy_flags_a_missing_proxy_count(tmp_path):
    """Behind nginx without AXES_PROXY_COUNT every client would be 127.0.0.1 (issue 10, point 1)."""
    env = production_env(tmp_path, AXES_PROXY_COUNT=None)
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "silajar.W001" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "secret_key", [None, "", "django-insecure-silajar-development-only", "short-key"]
)
def test_no_secret_key_with_debug_off_fails(tmp_path, secret_key):
    result = manage(production_env(tmp_path, SECRET_KEY=secret_key), "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_no_email_url_with_debug_off_fails(tmp_path):
    result = manage(production_env(tmp_path, EMAIL_URL=None), "check")
    assert result.returncode != 0
    assert "EMAIL_URL" in result.stderr
