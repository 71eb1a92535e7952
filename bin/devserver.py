#!/usr/bin/env python
"""`make run`: the web server, the background worker and the monitor together; Ctrl-C stops
all three."""

import contextlib
import os
import signal
import subprocess
import sys
import time

port = os.environ.get("PORT", "8000")
python = sys.executable
# Each child leads its own process group, so stopping it also stops what it started
# (runserver's auto-reloader runs the server in a grandchild).
children = [
    subprocess.Popen([python, "manage.py", "run_huey", "--quiet"], start_new_session=True),  # noqa: S603
    subprocess.Popen([python, "manage.py", "monitor"], start_new_session=True),  # noqa: S603
    subprocess.Popen(  # noqa: S603
        [python, "manage.py", "runserver", f"127.0.0.1:{port}"], start_new_session=True
    ),
]
print(
    f"SiLaJar: http://127.0.0.1:{port}/  (Ctrl-C stops the server, the worker and the monitor)",
    flush=True,
)


def stop(*_args):
    for child in children:
        _signal_group(child, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for child in children:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        _signal_group(child, signal.SIGKILL)
    sys.exit(0)


def _signal_group(child: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, sig)


signal.signal(signal.SIGINT, stop)
signal.signal(signal.SIGTERM, stop)
while all(child.poll() is None for child in children):
    time.sleep(0.5)
stop()
