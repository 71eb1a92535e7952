"""gunicorn with DEBUG off (and the Huey consumer) on a free port, in process groups of their own,
configured by the environment as in production behind nginx."""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from common import PYTHON, REPO, base_env, is_sqlite


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn (and the Huey consumer) in their own process groups, logs in the var dir."""

    def __init__(self, args, env: dict, port: int):
        self.port = port
        var = Path(env["SILAJAR_VAR_DIR"])
        self.log = open(var / "gunicorn.log", "ab")  # noqa: SIM115 — closed in stop()
        command = [
            str(REPO / ".venv" / "bin" / "gunicorn"),
            "silajar.wsgi",
            "-w",
            str(args.workers),
            "--threads",
            str(args.threads),
            "-b",
            f"127.0.0.1:{port}",
            "--forwarded-allow-ips",
            "127.0.0.1",
        ]
        self.gunicorn = subprocess.Popen(  # noqa: S603 — our own virtualenv's gunicorn
            command, env=env, cwd=REPO, stdout=self.log, stderr=self.log, start_new_session=True
        )
        self.consumer = None
        if args.consumer:
            self.consumer = subprocess.Popen(  # noqa: S603
                [str(PYTHON), str(REPO / "manage.py"), "run_huey"],
                env=env,
                cwd=REPO,
                stdout=self.log,
                stderr=self.log,
                start_new_session=True,
            )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.gunicorn.poll() is not None:
                raise SystemExit(
                    f"gunicorn exited ({self.gunicorn.returncode}); see {self.log.name}"
                )
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer /healthz; see {self.log.name}")

    def stop(self) -> None:
        for process in (self.consumer, self.gunicorn):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in (self.consumer, self.gunicorn):
            if process is None:
                continue
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.log.close()


def server_env(args, var_dir: Path, port: int) -> dict:
    env = base_env(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SILAJAR_BASE_URL=f"https://127.0.0.1:{port}",
        EMAIL_URL="memorymail://",
        SILAJAR_VAR_DIR=str(var_dir),
        STATIC_ROOT=args.static_root
        or str(Path(tempfile.gettempdir()) / f"silajar-load-static-{args.static}"),
        MEDIA_ROOT=str(var_dir / "media"),
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="load_settings" if args.static == "plain" else "silajar.settings",
        PYTHONPATH=f"{REPO}:{REPO / 'bench'}",
    )
    if not is_sqlite(args.database_url):
        env["DATABASE_URL"] = args.database_url
    return env
