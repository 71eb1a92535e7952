"""A newcomer's first `make run` (issue 10, points 15 and 16), and `manage.py` afterwards
(point 17): a development install keeps its own settings in var/dev.env."""

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from silajar.env import load_env_file, read_env_file, write_dev_env

ROOT = Path(settings.BASE_DIR)
# a newcomer's shell: nothing of SiLaJar's set, no DEBUG, no SECRET_KEY
SHELL = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}


def test_other_libraries_speak_only_of_problems():
    # fontTools printed about 1,260 lines while the demo's PDFs were drawn
    assert logging.getLogger("fontTools.subset").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("weasyprint").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("silajar.tickets").getEffectiveLevel() <= logging.INFO


def test_make_run_on_another_port_links_to_that_port():
    make = shutil.which("make")
    assert make is not None
    plan = subprocess.run(  # noqa: S603 — make from the PATH, fixed arguments
        [make, "-n", "run", "PORT=8080"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [line for line in plan.splitlines() if "seed_demo" in line or "devserver" in line]
    assert len(lines) == 2
    assert all("SILAJAR_BASE_URL:-http://127.0.0.1:8080" in line for line in lines)


def run(tmp_path, *args) -> subprocess.CompletedProcess:
    """`args` run by the virtualenv's Python from the repository, in a newcomer's shell whose
    development settings file (var/dev.env) is tmp_path/dev.env."""
    env = {**SHELL, "SILAJAR_DEV_ENV": str(tmp_path / "dev.env"), "SILAJAR_VAR_DIR": str(tmp_path)}
    return subprocess.run(  # noqa: S603 — this Python, fixed arguments
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_manage_py_works_after_the_development_settings_are_written(tmp_path):
    written = run(tmp_path, "-m", "silajar.env", str(tmp_path / "dev.env"))  # what make run does
    assert written.returncode == 0, written.stderr
    check = run(tmp_path, "manage.py", "check")
    assert check.returncode == 0, check.stderr
    assert "no issues" in check.stdout


def test_without_the_file_and_without_debug_the_secret_key_is_required(tmp_path):
    check = run(tmp_path, "manage.py", "check")
    assert check.returncode != 0
    assert "SECRET_KEY must be set" in check.stderr
    assert "make run" in check.stderr


def test_the_development_file_is_written_once_with_its_own_key(tmp_path):
    path = tmp_path / "var" / "dev.env"
    assert write_dev_env(path)
    first = read_env_file(path)
    assert first["DEBUG"] == "1"
    assert len(first["SECRET_KEY"]) >= 50
    assert path.stat().st_mode & 0o077 == 0  # only its owner reads the key
    assert not write_dev_env(path)
    assert read_env_file(path) == first
    other = tmp_path / "other.env"
    assert write_dev_env(other)
    assert read_env_file(other)["SECRET_KEY"] != first["SECRET_KEY"]  # generated, not fixed


def test_the_environment_wins_over_the_development_file(tmp_path, monkeypatch):
    path = tmp_path / "dev.env"
    path.write_text("# a comment\n\nDEBUG=1\nSILAJAR_TEST_ONLY = from the file\n")
    monkeypatch.setenv("DEBUG", "0")
    monkeypatch.setenv("SILAJAR_TEST_ONLY", "")
    monkeypatch.delenv("SILAJAR_TEST_ONLY")  # unset now, and again after the test
    load_env_file(path)
    assert os.environ["DEBUG"] == "0"
    assert os.environ["SILAJAR_TEST_ONLY"] == "from the file"


def test_make_run_writes_the_development_file_before_anything_else(tmp_path):
    make = shutil.which("make")
    assert make is not None
    target = tmp_path / "dev.env"
    plan = subprocess.run(  # noqa: S603 — make from the PATH, fixed arguments
        [make, "-n", "run", f"DEV_ENV={target}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    writes = [i for i, line in enumerate(plan) if f"-m silajar.env {target}" in line]
    manage = [i for i, line in enumerate(plan) if "manage.py" in line or "devserver" in line]
    assert len(writes) == 1 and manage and writes[0] < min(manage)
    assert not any("DEBUG=" in plan[i] for i in manage)  # the file says it
