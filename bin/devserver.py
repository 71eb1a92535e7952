#!/usr/bin/env python
"""`make run`: the web server and the background worker together; Ctrl-C stops both."""

import os
import signal
import subprocess
import sys
import time

port = os.environ.get("PORT", "8000")
python = sys.executable
children = [
    subprocess.Popen([python, "manage.py", "run_huey", "--quiet"]),  # noqa: S603
    subprocess.Popen([python, "manage.py", "runserver", f"127.0.0.1:{port}"]),  # noqa: S603
]
print(f"SiLaJar: http://127.0.0.1:{port}/  (Ctrl-C stops the server and the worker)", flush=True)


def stop(*_args):
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGINT)
    deadline = time.monotonic() + 10
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
    sys.exit(0)


signal.signal(signal.SIGINT, stop)
signal.signal(signal.SIGTERM, stop)
while all(child.poll() is None for child in children):
    time.sleep(0.5)
stop()
