"""The fixed cost of a page: small pages beside the floors (/ping and a trivial signed-in page),
and beside /healthz (no session, no layout): the CPU columns ×bare and ×health.

What every page pays before its own work: the middleware (session, sign-in, two-factor check,
CSRF, CSP, locale), the layout (navigation, badges) and the access checks. In-process through
Django's test client against the database the settings point to (fill it first with
`manage.py seed_demo` and `manage.py generate_data`), DEBUG off; with `--gunicorn`, the same
requests go over HTTP to a gunicorn of this checkout (one sync worker) on the same database,
and the CPU time is the worker's.

    .venv/bin/python bench/pages.py --rounds 200
    .venv/bin/python bench/pages.py --rounds 200 --gunicorn

See bench/README.md. Not part of the test suite."""

from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from common import REPO
from django.conf import settings
from django.test import Client
from django.urls import reverse
from inprocess import HEALTH, floors, run_benchmark, signed_in_client
from loadkit.preparation import collect_static
from loadkit.server import free_port

from silajar.tickets.models import Ticket


def scenarios(client) -> dict:
    """name → a function doing one request and returning the response."""

    def get(url: str):
        return lambda: client.get(url, secure=True)

    return {
        **floors(client),
        HEALTH: get(reverse("healthz")),
        "API: me": get("/api/v1/me/"),
        "password change (a 3-field form)": get(reverse("accounts:password_change")),
        "API tokens (a list of the account's own)": get(reverse("accounts:api_tokens")),
        "working calendar": get(reverse("calendar:holidays")),
        "notifications": get(reverse("notifications:list")),
        "dashboard": get(reverse("home")),
    }


class Served:
    """GETs over HTTP to gunicorn (one sync worker, DEBUG off, hashed static files served by
    WhiteNoise), with the session of a signed-in test client, marked as HTTPS like nginx. Its
    CPU clock is the worker's (Linux /proc): the server's own work per request, whatever the
    rest of the machine is doing."""

    def __init__(self, client: Client):
        name = settings.SESSION_COOKIE_NAME
        self.cookie = f"{name}={client.cookies[name].value}"
        env = {
            **os.environ,  # the same database and SECRET_KEY as this process
            "DJANGO_SETTINGS_MODULE": "load_settings",
            "STATIC_ROOT": str(Path(tempfile.gettempdir()) / "silajar-load-static-plain"),
            "ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": f"{REPO}:{REPO / 'bench'}",
        }
        collect_static(env)
        self.port = free_port()
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 — closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 — our own virtualenv's gunicorn
            [str(REPO / ".venv" / "bin" / "gunicorn"), "silajar.wsgi", "-w", "1",
             "-b", f"127.0.0.1:{self.port}"],
            env=env, cwd=REPO, stdout=self.log, stderr=self.log, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while self.process.poll() is None and time.monotonic() < deadline:
            try:
                if self.get(reverse("healthz")).status_code == 200:
                    master = self.process.pid
                    children = Path(f"/proc/{master}/task/{master}/children").read_text()
                    self.worker = int(children.split()[0])
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit("gunicorn did not answer /healthz")

    def get(self, path: str, data: dict | None = None, secure: bool = True):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request(
            "GET",
            f"{path}?{urlencode(data)}" if data else path,
            headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Cookie": self.cookie},
        )
        response = connection.getresponse()
        response.read()
        connection.close()
        response.status_code = response.status
        return response

    def cpu_seconds(self) -> float:
        """The worker's CPU time so far (the first field of schedstat: nanoseconds on a core)."""
        return int(Path(f"/proc/{self.worker}/schedstat").read_text().split()[0]) / 1e9

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100, help="measured requests per scenario")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--user", default="helpdesk", help="username to sign in as")
    parser.add_argument("--gunicorn", action="store_true", help="measure over HTTP (see above)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    client, _user = signed_in_client(args.user)
    served = Served(client) if args.gunicorn else None
    tickets = Ticket.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    try:
        run_benchmark(
            lambda rng: scenarios(served or client),
            rounds=args.rounds,
            warmup=args.warmup,
            seed=args.seed,
            heading=f"~{tickets:,} tickets (highest id), signed in as {args.user}"
            + (", over HTTP to gunicorn -w 1" if served else ", in-process"),
            json_path=args.json,
            in_process=(lambda: scenarios(client)) if served else None,
            cpu_clock=served.cpu_seconds if served else time.thread_time,
        )
    finally:
        if served:
            served.stop()


if __name__ == "__main__":
    main()
