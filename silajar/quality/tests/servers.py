"""A real gunicorn on a scratch database of its own, for the tests that need the server as it
runs in production (the suite's test database is inside a transaction and cannot be shared with
another process)."""

import http.client
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

REPO = Path(settings.BASE_DIR)
WEB_UNIT = REPO / "deploy" / "silajar-web.service"


def manage(env: dict, *arguments: str) -> str:
    run = subprocess.run(  # noqa: S603 — our own interpreter and manage.py
        [sys.executable, str(REPO / "manage.py"), *arguments],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return run.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_ready(server: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()[-4000:]
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            probe.request("GET", "/healthz")
            if probe.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("gunicorn did not answer /healthz: " + log.read_text()[-4000:])


def web_unit_arguments() -> list[str]:
    """gunicorn's arguments in deploy/silajar-web.service (its ExecStart after the program)."""
    line = next(line for line in WEB_UNIT.read_text().splitlines() if line.startswith("ExecStart="))
    program, *arguments = shlex.split(line.removeprefix("ExecStart="))
    assert program.endswith("/.venv/bin/gunicorn"), program
    return arguments


@contextmanager
def gunicorn(env: dict, arguments: list[str], log: Path) -> Iterator[int]:
    """gunicorn of this virtualenv with these arguments (their --bind's port replaced by a free
    one on 127.0.0.1), until the block ends; yields the port once /healthz answers."""
    port = free_port()
    if "--bind" in arguments:
        arguments = list(arguments)
        arguments[arguments.index("--bind") + 1] = f"127.0.0.1:{port}"
    else:
        arguments = [*arguments, "--bind", f"127.0.0.1:{port}"]
    with log.open("ab") as output:
        server = subprocess.Popen(  # noqa: S603 — our own virtualenv's gunicorn
            [str(Path(sys.executable).parent / "gunicorn"), *arguments],
            env=env,
            cwd=REPO,
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
    try:
        wait_ready(server, port, log)
        yield port
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
