"""A working day of the desk under load: N staff, technicians and agency users at once.

Prepares a scratch database (PostgreSQL, or the embedded SQLite in a scratch folder), fills it
with `generate_data`, adds one account per virtual user and the morning's work (a few tickets
waiting for each technician, new complaints for the helpdesk), starts gunicorn with DEBUG off
(and a Huey consumer), then lets every virtual user sign in through the real login form and
work: desk lists with filters, sorts and cursor paging, ticket pages, actions through the page's
forms and through the API, intake of phone calls, comments, the technicians' field queue, the
agency portal, PDFs and exports. Every request is timed; a 409 from two people acting on the
same ticket at once is counted as a conflict, anything else that is not 2xx/3xx is an error.
The RSS of gunicorn's master and workers is sampled from /proc; memory is "flat" when it grows
by less than --max-growth over the last two thirds of the run.

    .venv/bin/python bench/load.py --users 50 --duration 600 --tickets 20000 --json load.json

Exit status 1 when there was any error or memory was not flat. See bench/README.md ("Load")."""

from __future__ import annotations

import argparse
import contextlib
import html
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    PYTHON,
    REPO,
    base_env,
    drop_postgres_database,
    is_sqlite,
    manage,
    percentile,
    postgres_database_exists,
    recreate_postgres_database,
)

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/silajar_load"
# the share of each role among the virtual users (at least one of each)
ROLE_SHARES = {"helpdesk": 0.2, "technician": 0.6, "section_head": 0.1, "opd_user": 0.1}
TECHNICIAN_QUEUE = 3  # tickets waiting for each technician when the day starts
PHRASES = [
    "Internet di ruang rapat lantai 2 tidak bisa terhubung",
    "Wi-Fi sering putus sejak pagi, semua laptop di ruangan terdampak",
    "PC di meja pelayanan tidak mendapat alamat IP",
    "Aplikasi SIMPEG tidak bisa dibuka, koneksi sangat lambat",
    "Kabel LAN di ruang arsip tampaknya rusak",
]
NAMES = ["Rina Agustina", "Budi Santoso", "Siti Rahmawati", "Yohanes Tamin", "Ahmad Fauzi"]
NEXT_LINK = re.compile(r'href="([^"]*cursor=[^"]*)"[^>]*data-testid="next-page"')
SEARCHES = ["wifi", "internet", "lambat", "kabel", "printer", "Dinas"]


# --- the database, the accounts and the morning's work ----------------------------------------


def role_counts(users: int) -> dict[str, int]:
    """How many virtual users of each role: the shares, at least one each."""
    counts = {role: max(1, round(users * share)) for role, share in ROLE_SHARES.items()}
    counts["technician"] = max(1, counts["technician"] + users - sum(counts.values()))
    return counts


def seed_command(counts: dict[str, int], password: str, top_up: bool) -> None:
    """(Runs in a Django subprocess.) One account per virtual user, all with `password`; with
    `top_up`, the morning's work: TECHNICIAN_QUEUE tickets dispatched to every load technician,
    new and triaged complaints for the helpdesk, a few reports of each agency user. Prints what
    the load needs as JSON."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from silajar.accounts import services as account_services
    from silajar.accounts.models import User
    from silajar.organizations.models import Location, Organization
    from silajar.tickets import services
    from silajar.tickets.models import Ticket
    from silajar.tickets.workflows import TICKET_FLOW

    admin = User.objects.get(username="admin")
    office = Organization.objects.get(short_name="DISKOMINFO")
    agencies = list(
        Organization.objects.filter(is_active=True).exclude(pk=office.pk).order_by("pk")
    )
    places: dict[int, list[int]] = defaultdict(list)
    for pk, org in Location.objects.filter(is_active=True).values_list("pk", "organization_id"):
        places[org].append(pk)
    accounts: dict[str, list[dict]] = {}
    for role, count in counts.items():
        accounts[role] = []
        for n in range(1, count + 1):
            username = f"load-{role.replace('_', '-')}-{n:02d}"
            user = User.objects.filter(username=username).first()
            if user is None:
                with transaction.atomic():
                    user = account_services.user_create(
                        actor=admin,
                        roles=[role],
                        send_invitation=False,
                        username=username,
                        email=f"{username}@load.example.org",
                        full_name=f"Load {role.replace('_', ' ').title()} {n:02d}",
                        organization=agencies[(n - 1) % len(agencies)]
                        if role == "opd_user"
                        else office,
                    )
            accounts[role].append(
                {"username": username, "id": user.pk, "organization": user.organization_id}
            )
    # one hash for all: the load signs in through the form, it does not need distinct ones
    User.objects.filter(username__startswith="load-").update(password=make_password(password))
    rng = random.Random(5)  # noqa: S311 — test data
    helpdesk = User.objects.get(username=accounts["helpdesk"][0]["username"])

    def complaint(actor, organization, **extra) -> Ticket:
        location = rng.choice(places[organization.pk]) if places[organization.pk] else None
        return services.ticket_create(
            actor=actor,
            channel="phone",
            organization=organization,
            description=rng.choice(PHRASES),
            reporter_name=rng.choice(NAMES),
            reporter_phone="081234567890",
            location=Location.objects.get(pk=location) if location else None,
            scope=rng.choice(["whole_location", "single_device"]),
            **extra,
        )

    if top_up:
        for tech in accounts["technician"]:
            waiting = Ticket.objects.filter(
                assigned_to_id=tech["id"], state__in=["dispatched", "in_progress"]
            ).count()
            for _n in range(TECHNICIAN_QUEUE - waiting):
                ticket = complaint(helpdesk, rng.choice(agencies))
                ticket = TICKET_FLOW.act(obj=ticket, action="triage", actor=helpdesk)
                TICKET_FLOW.act(
                    obj=ticket, action="dispatch", actor=helpdesk, technician=tech["id"]
                )
        wanted = 3 * len(accounts["helpdesk"])
        for _n in range(wanted - Ticket.objects.filter(state="new").count()):
            complaint(helpdesk, rng.choice(agencies))
        for _n in range(wanted - Ticket.objects.filter(state="triage").count()):
            TICKET_FLOW.act(
                obj=complaint(helpdesk, rng.choice(agencies)), action="triage", actor=helpdesk
            )
        for person in accounts["opd_user"]:
            user = User.objects.get(pk=person["id"])
            for _n in range(3 - Ticket.objects.filter(reporter=user).count()):
                complaint(user, user.organization)
    locations = [
        {"organization": org, "location": pk}
        for org, pks in places.items()
        if org != office.pk
        for pk in pks[:3]
    ]
    print(
        json.dumps(
            {
                "accounts": accounts,
                "places": locations,
                "tickets": Ticket.objects.count(),
            }
        )
    )


def seed(env: dict, counts: dict[str, int], password: str, top_up: bool) -> dict:
    result = subprocess.run(  # noqa: S603 — our own interpreter and script
        [str(PYTHON), __file__, "_seed", json.dumps(counts), "--top-up" if top_up else "-"],
        env={**env, "LOAD_PASSWORD": password},
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit("seeding the load accounts failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def prepare(args, env: dict, counts: dict[str, int], password: str) -> dict:
    """Database, static files, accounts and tickets; what `seed` reports."""
    sqlite = is_sqlite(args.database_url)
    database_file = Path(env["SILAJAR_VAR_DIR"]) / "silajar.sqlite3"
    exists = database_file.exists() if sqlite else postgres_database_exists(args.database_url)
    fresh = not (args.reuse and exists)
    started = time.monotonic()
    if fresh:
        where = f"(SQLite) {database_file}" if sqlite else args.database_url
        print(f"· new scratch database {where}")
        if sqlite:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database_file}{suffix}").unlink(missing_ok=True)
        else:
            recreate_postgres_database(args.database_url)
    else:
        print("· reusing the scratch database")
    manage(env, "migrate", "--noinput", quiet=True)
    collect_static(env)
    if fresh:
        manage(env, "seed_demo", "--force", "--tickets", "0", quiet=True)
        seed(env, counts, password, top_up=False)  # the technicians get generated history too
        print(f"· generate_data --tickets {args.tickets}")
        manage(env, "generate_data", "--tickets", str(args.tickets), "--no-progress", quiet=True)
    info = seed(env, counts, password, top_up=True)
    print(f"· ready in {time.monotonic() - started:.0f} s: {info['tickets']:,} tickets")
    return info


def collect_static(env: dict) -> None:
    """collectstatic into the shared STATIC_ROOT, unless it is newer than every static source
    (the compressed kind takes minutes on a small machine)."""
    manifest = Path(env["STATIC_ROOT"]) / "staticfiles.json"
    sources = [*REPO.glob("silajar/**/static/**/*"), *REPO.glob("requirements*.lock")]
    newest = max((path.stat().st_mtime for path in sources if path.is_file()), default=0)
    if manifest.exists() and manifest.stat().st_mtime > newest:
        return
    print(f"· collectstatic to {env['STATIC_ROOT']}")
    manage(env, "collectstatic", "--noinput", "--clear", quiet=True)


# --- the server --------------------------------------------------------------------------------


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


def process_tree_rss(root: int) -> dict[int, int]:
    """pid → RSS in KiB of `root` and its children (gunicorn's master and workers)."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children[int(fields[1])].append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    rss = {}
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss[pid] = int(line.split()[1])
        except OSError:
            continue
    return rss


class MemorySampler(threading.Thread):
    def __init__(self, pid: int, every: float, stop: threading.Event, clock_zero: float):
        super().__init__(daemon=True)
        self.pid, self.every, self.stop, self.zero = pid, every, stop, clock_zero
        self.samples: list[dict] = []

    def run(self) -> None:
        while True:
            rss = process_tree_rss(self.pid)
            self.samples.append(
                {
                    "t": round(time.monotonic() - self.zero, 1),
                    "kib": sum(rss.values()),
                    "pids": sorted(rss),
                }  # fmt: skip
            )
            if self.stop.wait(self.every):
                return


def memory_report(samples: list[dict], run_start: float, run_end: float, max_growth: float):
    """Start/middle/end and the growth over the last two thirds of the measured run."""
    measured = [s for s in samples if run_start <= s["t"] <= run_end + 1] or samples
    third = run_start + (run_end - run_start) / 3
    late = [s for s in measured if s["t"] >= third] or measured[-1:]
    base = statistics.median(s["kib"] for s in late[:3])
    end = statistics.median(s["kib"] for s in late[-3:])
    growth = end / base - 1 if base else 0.0
    slope = 0.0
    if len(late) >= 2:
        ts = [s["t"] for s in late]
        mean_t, mean_m = statistics.fmean(ts), statistics.fmean(s["kib"] for s in late)
        var = sum((t - mean_t) ** 2 for t in ts)
        if var:
            slope = sum((s["t"] - mean_t) * (s["kib"] - mean_m) for s in late) / var
    middle = min(measured, key=lambda s: abs(s["t"] - (run_start + run_end) / 2))
    pid_sets = {tuple(s["pids"]) for s in samples if s["pids"]}
    return {
        "mib_first": round(samples[0]["kib"] / 1024, 1),
        "mib_run_start": round(measured[0]["kib"] / 1024, 1),
        "mib_middle": round(middle["kib"] / 1024, 1),
        "mib_end": round(measured[-1]["kib"] / 1024, 1),
        "mib_at_one_third": round(base / 1024, 1),
        "growth_last_two_thirds": round(growth, 4),
        "slope_mib_per_min": round(slope * 60 / 1024, 2),
        "max_growth": max_growth,
        "flat": growth < max_growth,
        "process_sets": len(pid_sets),  # > 1: a worker died and was replaced
        "samples": [{"t": s["t"], "mib": round(s["kib"] / 1024, 1)} for s in samples],
    }


# --- recording ---------------------------------------------------------------------------------


class Recorder:
    """Every request: its kind, status and time; errors with a sample of what went wrong."""

    def __init__(self):
        self.lock = threading.Lock()
        self.measuring = False
        self.times: dict[str, list[float]] = defaultdict(list)
        self.counts: Counter = Counter()
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.errors: Counter = Counter()
        self.conflicts: Counter = Counter()
        self.error_samples: list[dict] = []
        self.tasks: dict[str, Counter] = defaultdict(Counter)

    def add(self, kind: str, status: int, ms: float, error: str = "", conflict: bool = False):
        with self.lock:
            self.counts[kind] += 1
            self.statuses[kind][status] += 1
            if self.measuring:
                self.times[kind].append(ms)
            if conflict:
                self.conflicts[kind] += 1
            elif error:
                self.errors[kind] += 1
                if len(self.error_samples) < 50:
                    self.error_samples.append({"kind": kind, "status": status, "error": error})

    def task_done(self, role: str, task: str, outcome: str) -> None:
        with self.lock:
            self.tasks[role][f"{task}:{outcome}"] += 1

    def kinds(self) -> dict:
        result = {}
        for kind in sorted(self.counts):
            values = self.times.get(kind) or []
            result[kind] = {
                "requests": self.counts[kind],
                "errors": self.errors[kind],
                "conflicts": self.conflicts[kind],
                "statuses": {str(k): v for k, v in sorted(self.statuses[kind].items())},
                "measured": len(values),
                "p50_ms": round(percentile(values, 0.5), 1) if values else None,
                "p95_ms": round(percentile(values, 0.95), 1) if values else None,
                "p99_ms": round(percentile(values, 0.99), 1) if values else None,
                "max_ms": round(max(values), 1) if values else None,
            }
        return result


# --- a browser ---------------------------------------------------------------------------------


class Failed(Exception):
    """The request failed (already recorded): give up the task."""


class Conflicted(Failed):
    """Someone else acted on the ticket first (409): expected now and then."""


class Idle(Exception):
    """Nothing to do for this task now (no ticket in the needed state, taken by someone)."""


class Form:
    def __init__(self, action: str, method: str, enctype: str):
        self.action, self.method, self.enctype = action, method, enctype
        self.fields: list[tuple[str, str]] = []
        self.options: dict[str, list[str]] = defaultdict(list)
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)  # select → value → text

    def data(self, **overrides) -> list[tuple[str, str]]:
        pairs = [(k, v) for k, v in self.fields if k not in overrides]
        for key, value in overrides.items():
            if value is not None:
                pairs.append((key, str(value)))
        return pairs


class Page(HTMLParser):
    """The forms of a page (fields with their current values, options of selects and radios)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: list | None = None
        self._textarea: list | None = None
        self._option: list | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = Form(
                a.get("action") or "", (a.get("method") or "get").lower(), a.get("enctype") or ""
            )
            self.forms.append(self._form)
            return
        form, name = self._form, a.get("name")
        if form is None:
            return
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("radio", "checkbox"):
                form.options[name].append(a.get("value") or "on")
                if "checked" in a:
                    form.fields.append((name, a.get("value") or "on"))
                return
            form.fields.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select = [name, None]
            form.options[name] = []
        elif tag == "option" and self._select is not None:
            value = a.get("value") or ""
            form.options[self._select[0]].append(value)
            self._option = [value, ""]
            if "selected" in a:
                self._select[1] = value
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        if self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None and self._select and self._form:
            self._form.labels[self._select[0]][self._option[0]] = self._option[1].strip()
            self._option = None
        elif tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, selected = self._select
            options = self._form.options[name]
            if selected is not None or options:
                self._form.fields.append((name, selected if selected is not None else options[0]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields.append(tuple(self._textarea))
            self._textarea = None

    def form(self, action_pattern: str) -> Form | None:
        for form in self.forms:
            if form.method == "post" and re.search(action_pattern, form.action):
                return form
        return None


def reason(payload: bytes) -> str:
    """What an error page says: its messages and field errors, else its beginning."""
    text = payload.decode("utf-8", "replace")
    found = re.findall(r'class="[^"]*(?:invalid-feedback|alert)[^"]*"[^>]*>\s*([^<]+)', text)
    return "; ".join(html.unescape(f.strip()) for f in found)[:300] or repr(payload[:300])


def local(url: str) -> str:
    """The path and query of `url` (redirects may name the scheme and host)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def multipart(pairs: list[tuple[str, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    chunks = []
    for name, value in pairs:
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    chunks.append(f"--{boundary}--\r\n")
    return "".join(chunks).encode(), f"multipart/form-data; boundary={boundary}"


class Response:
    def __init__(self, status: int, body: bytes, headers, path: str):
        self.status, self.body, self.headers, self.path = status, body, headers, path

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def page(self) -> Page:
        return Page(self.text)

    def links(self, pattern: str) -> list[str]:
        return sorted(set(re.findall(pattern, self.text)))


class Browser:
    """One person's browser: cookies, the CSRF token, the page it is on; plain HTTP/1.1 with a
    new connection per request, as nginx would open to gunicorn, marked as HTTPS like nginx."""

    def __init__(self, port: int, recorder: Recorder, timeout: float):
        self.port, self.recorder, self.timeout = port, recorder, timeout
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        self.current = "/"
        self.signed_in = False

    def request(
        self,
        method: str,
        path: str,
        kind: str,
        *,
        data: list | dict | None = None,
        json_body: dict | None = None,
        multipart_form: bool = False,
        headers: dict | None = None,
        follow: str | None = None,
        conflict_ok: bool = False,
        expect: bytes | None = None,
    ) -> Response:
        """One request, recorded under `kind`; a redirect is followed (as `follow`) on demand."""
        body, content_type = None, None
        if json_body is not None:
            body, content_type = json.dumps(json_body).encode(), "application/json"
        elif data is not None:
            pairs = list(data.items()) if isinstance(data, dict) else data
            if multipart_form:
                body, content_type = multipart(pairs)
            else:
                body = urlencode(pairs).encode()
                content_type = "application/x-www-form-urlencoded"
        sent = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "User-Agent": "silajar-load/1.0",
            "Accept-Language": "id",
            "Connection": "close",
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method != "GET":
            sent["Origin"] = self.origin
            sent["Referer"] = self.origin + self.current
            if "csrftoken" in self.cookies:
                sent["X-CSRFToken"] = self.cookies["csrftoken"]
        if content_type:
            sent["Content-Type"] = content_type
        sent.update(headers or {})
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            payload = answer.read()
        except (OSError, http.client.HTTPException) as error:
            ms = (time.perf_counter() - started) * 1000
            self.recorder.add(kind, 0, ms, error=f"{method} {path}: {error!r}")
            raise Failed from error
        finally:
            connection.close()
        ms = (time.perf_counter() - started) * 1000
        for header in answer.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or "1970" in (morsel["expires"] or ""):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        status = answer.status
        location = answer.getheader("Location") or ""
        error = ""
        if status == 409 and conflict_ok:
            self.recorder.add(kind, status, ms, conflict=True)
            raise Conflicted
        if not 200 <= status < 400:
            error = f"{method} {path} → {status}: {reason(payload)}"
        elif self.signed_in and "/accounts/login/" in location:
            error = f"{method} {path} → signed out (redirect to {location})"
        elif expect is not None and status == 200 and not payload.startswith(expect):
            error = f"{method} {path}: not {expect!r} but {payload[:80]!r}"
        self.recorder.add(kind, status, ms, error=error)
        if error:
            raise Failed
        response = Response(status, payload, answer.headers, path)
        page = "text/html" in (answer.getheader("Content-Type") or "")
        if method == "GET" and status == 200 and page and not (headers or {}).get("HX-Request"):
            self.current = path
        if follow and status in (301, 302, 303):
            return self.request("GET", local(urljoin(path, location)), follow)
        return response

    def submit(self, form: Form, kind: str, follow: str, conflict_ok: bool = True, **values):
        action = urljoin(self.current, form.action or self.current)
        return self.request(
            "POST",
            action,
            kind,
            data=form.data(**values),
            multipart_form="multipart" in form.enctype,
            follow=follow,
            conflict_ok=conflict_ok,
        )


# --- the people --------------------------------------------------------------------------------


class Person:
    """A virtual user: signs in, then does its role's tasks — each once in order (the morning
    round), then at random by weight — with think time before every page."""

    role = ""
    tasks: list[tuple[str, int]] = []  # (method name, weight)

    def __init__(self, account: dict, world: dict, recorder: Recorder, options, seed: int):
        self.account, self.world, self.recorder, self.options = account, world, recorder, options
        self.rng = random.Random(seed)  # noqa: S311 — load mix, not secrets
        self.browser = Browser(world["port"], recorder, options.request_timeout)
        self.seen: list[int] = []  # ticket ids met on the way

    # helpers

    def think(self) -> None:
        low, high = self.options.think
        self.world["stop"].wait(self.rng.uniform(low, high))

    def go(self, path: str, kind: str, **kwargs) -> Response:
        """Open a page the way a person does: after a moment of thinking."""
        self.think()
        return self.browser.request("GET", path, kind, **kwargs)

    def remember(self, response: Response, pattern: str = r'href="/tickets/(\d+)/"') -> None:
        found = [int(pk) for pk in response.links(pattern)]
        if found:
            self.seen = (self.seen + found)[-200:]

    def a_ticket(self) -> int | None:
        return self.rng.choice(self.seen) if self.seen else None

    def sign_in(self) -> None:
        page = self.browser.request("GET", "/accounts/login/", "sign-in page").page()
        form = page.form(r"/accounts/login/") or page.forms[0]
        self.think()
        response = self.browser.request(
            "POST",
            "/accounts/login/",
            "sign in (form)",
            data=form.data(username=self.account["username"], password=self.world["password"]),
        )
        if response.status != 302:
            self.recorder.add("sign in (form)", response.status, 0, error="sign-in refused")
            raise Failed
        self.browser.signed_in = True
        home = self.browser.request("GET", local(response.headers["Location"]), "home")
        # the page's scripts and styles, once: the browser caches them afterwards
        for asset in sorted(set(re.findall(r'(?:src|href)="(/static/[^"]+)"', home.text))):
            self.browser.request("GET", asset, "static file")

    def run(self) -> None:
        stop = self.world["stop"]
        while not stop.is_set():
            try:
                self.sign_in()
                self.world["signed_in"].append(self.account["username"])
                break
            except Failed:
                stop.wait(5)
        names = [name for name, _weight in self.tasks if self.enabled(name)]
        weights = [weight for name, weight in self.tasks if self.enabled(name)]
        order = list(names)
        while not stop.is_set() and time.monotonic() < self.world["deadline"]:
            name = order.pop(0) if order else self.rng.choices(names, weights)[0]
            try:
                getattr(self, name)()
                outcome = "done"
            except Idle:
                outcome = "nothing to do"
            except Conflicted:
                outcome = "conflict"
            except Failed:
                outcome = "failed"
            self.recorder.task_done(self.role, name, outcome)

    def enabled(self, name: str) -> bool:
        return name not in self.world["left_out"]

    # tasks shared by the office's staff

    def home(self):
        self.go("/", "home")

    def desk_list(self):
        """The desk list with a filter or sort, then a few pages on by the Next link."""
        params = self.rng.choice(
            [
                {},
                {"state": "open"},
                {"state": "open", "priority": "high"},
                {"sort": self.rng.choice(["-created", "priority", "-due", "agency", "state"])},
                {"q": self.rng.choice(SEARCHES)},
                {"sla": "attention"},
                {"organization": self.rng.choice(self.world["places"])["organization"]},
                {
                    "created_from": (
                        datetime.now().astimezone().date() - timedelta(days=30)
                    ).isoformat()
                },
            ]
        )
        kind = "desk list (filtered)" if params else "desk list"
        response = self.go("/tickets/" + (f"?{urlencode(params)}" if params else ""), kind)
        self.remember(response)
        for _n in range(self.rng.choice([0, 0, 1, 1, 2, 3])):
            found = re.search(
                r'href="([^"]*cursor=[^"]*)"[^>]*data-testid="next-page"', response.text
            )
            if not found:
                break
            link = found.group(1).replace("&amp;", "&")
            htmx = self.rng.random() < 0.5  # the page's own HTMX swap, or a plain link
            response = self.go(
                urljoin("/tickets/", link),
                "desk list next page (cursor)",
                headers={"HX-Request": "true"} if htmx else None,
            )
            self.remember(response)

    def ticket_page(self):
        pk = self.a_ticket()
        if pk is None:
            self.desk_list()
        else:
            self.go(f"/tickets/{pk}/", "ticket page")

    def action_from_list(self, state: str, action: str, **values) -> None:
        """Find a ticket in `state` on the list, open it, fire `action` through its form."""
        listing = self.go(f"/tickets/?state={state}&sort=created", "desk list (filtered)")
        found = [int(pk) for pk in re.findall(r'href="/tickets/(\d+)/"', listing.text)]
        if not found:
            raise Idle
        pk = self.rng.choice(found[:10])
        response = self.go(f"/tickets/{pk}/", "ticket page")
        form = response.page().form(rf"/tickets/{pk}/action/{action}/$")
        if form is None:  # someone else took it meanwhile
            raise Idle
        for name, value in values.items():
            if callable(value):  # chosen by looking at the page
                values[name] = value(form, response.text)
        self.think()
        self.browser.submit(form, f"{action} (form)", "ticket page", **values)

    def comment_form(self):
        pk = self.a_ticket()
        if pk is None:
            raise Idle
        page = self.go(f"/tickets/{pk}/", "ticket page").page()
        form = page.form(rf"/tickets/{pk}/comments/$")
        if form is None:
            raise Idle
        self.think()
        internal = "on" if self.rng.random() < 0.5 else None
        self.browser.submit(
            form,
            "comment (form)",
            "ticket page",
            body=f"Sudah dihubungi, {self.rng.choice(PHRASES).lower()}.",
            internal=internal,
        )

    def pdf_desk(self):
        pk = self.a_ticket()
        if pk is None:
            raise Idle
        self.go(f"/tickets/{pk}/form.pdf", "PDF (desk)", expect=b"%PDF")

    def pdf_api(self):
        pk = self.a_ticket()
        if pk is None:
            raise Idle
        self.go(
            f"/api/v1/tickets/{pk}/form.pdf",
            "PDF (API)",
            headers={"Accept": "application/pdf"},
            expect=b"%PDF",
        )

    def api_list(self):
        params = self.rng.choice(
            [{"state": "open"}, {"ordering": "priority"}, {"q": self.rng.choice(SEARCHES)}, {}]
        )
        response = self.go("/api/v1/tickets/?" + urlencode(params), "API list")
        self.seen = (self.seen + [row["id"] for row in json.loads(response.body)["results"]])[-200:]

    def export(self):
        fmt = self.rng.choice(["csv", "xlsx"])
        since = (
            datetime.now().astimezone().date() - timedelta(days=self.rng.choice([7, 30]))
        ).isoformat()
        self.go(
            f"/tickets/export/{fmt}/?state=open&created_from={since}",
            f"export {fmt.upper()}",
            expect=b"PK" if fmt == "xlsx" else None,
        )

    def installations(self):
        """The installation requests (SOP 1): the list, one request, and a PDF it links to."""
        listing = self.go("/installations/", "installations list")
        pages = listing.links(r'href="(/installations/\d+/)"')
        if pages:
            page = self.go(self.rng.choice(pages), "installation page")
            pdfs = page.links(r'href="(/installations/\d+/[^"]+\.pdf)"')
            if pdfs and self.rng.random() < 0.3:
                self.go(self.rng.choice(pdfs), "installation PDF", expect=b"%PDF")


class Helpdesk(Person):
    role = "helpdesk"
    tasks = [
        ("home", 2),
        ("desk_list", 20),
        ("intake", 6),
        ("triage", 6),
        ("dispatch_api", 5),
        ("ticket_page", 14),
        ("create_api", 2),
        ("comment_form", 4),
        ("api_list", 3),
        ("pdf_desk", 2),
        ("pdf_api", 1),
        ("export", 1),
        ("installations", 2),
    ]

    def triage(self):
        self.action_from_list("new", "triage")

    def dispatch_api(self):
        response = self.go("/api/v1/tickets/?state=triage&ordering=created", "API list")
        rows = json.loads(response.body)["results"]
        if not rows:
            raise Idle
        row = self.rng.choice(rows[:10])
        technician = self.rng.choice(self.world["accounts"]["technician"])["id"]
        self.think()
        self.browser.request(
            "POST",
            f"/api/v1/tickets/{row['id']}/dispatch/",
            "dispatch (API)",
            json_body={"version": row["version"], "technician": technician},
            conflict_ok=True,
        )

    def intake(self):
        """A phone call: the intake screen, the agency's places (HTMX), log or dispatch."""
        page = self.go("/tickets/new/", "intake page").page()
        form = page.form(r"/tickets/new/$")
        organizations = [v for v in form.options["organization"] if v]
        organization = self.rng.choice(organizations)
        places = self.browser.request(
            "GET",
            f"/tickets/new/locations/?organization={organization}",
            "intake places (HTMX)",
            headers={"HX-Request": "true"},
        )
        locations = re.findall(r'<option value="(\d+)"', places.text)
        dispatch = self.rng.random() < 0.3
        technicians = [v for v in form.options["technician"] if v]
        self.think()
        self.browser.submit(
            form,
            "intake (form)",
            "ticket page",
            conflict_ok=False,
            channel=self.rng.choice(["phone", "whatsapp", "email", "walk_in"]),
            reporter_name=self.rng.choice(NAMES),
            reporter_phone="08125550123",
            reporter_unit="Bidang Umum",
            organization=organization,
            location=self.rng.choice(locations) if locations else "",
            scope=self.rng.choice(["whole_location", "single_device"]),
            category=self.rng.choice(form.options["category"]),
            description=self.rng.choice(PHRASES),
            intent="dispatch" if dispatch and technicians else "log",
            technician=self.rng.choice(technicians) if dispatch and technicians else "",
        )

    def create_api(self):
        place = self.rng.choice(self.world["places"])
        response = self.browser.request(
            "POST",
            "/api/v1/tickets/",
            "create (API)",
            json_body={
                "channel": "whatsapp",
                "organization": place["organization"],
                "location": place["location"],
                "reporter_name": self.rng.choice(NAMES),
                "reporter_phone": "081234567890",
                "description": self.rng.choice(PHRASES),
                "scope": "whole_location",
            },
        )
        self.seen.append(json.loads(response.body)["id"])


class SectionHead(Person):
    role = "section_head"
    tasks = [
        ("home", 3),
        ("desk_list", 20),
        ("ticket_page", 15),
        ("reassign", 4),
        ("api_list", 3),
        ("pdf_desk", 1),
        ("export", 2),
        ("installations", 3),
    ]

    def reassign(self):
        def another(form: Form, page: str) -> str:
            shown = re.search(r'data-testid="ticket-technician">([^<]*)<', page)
            current = html.unescape(shown.group(1)).strip() if shown else ""
            labels = form.labels["reassign-technician"]
            choices = [v for v, label in labels.items() if v and label != current]
            if not choices:
                raise Idle
            return self.rng.choice(choices)

        self.action_from_list("dispatched", "reassign", **{"reassign-technician": another})


class Technician(Person):
    role = "technician"
    tasks = [
        ("home", 2),
        ("field_queue", 10),
        ("field_work", 12),
        ("field_pdf", 1),
        ("my_tickets_api", 3),
        ("comment_api", 3),
        ("desk_list_mine", 3),
        ("ticket_page", 3),
    ]

    def field_queue(self):
        response = self.go("/tickets/field/", "field queue")
        self.remember(response, r'href="/tickets/field/(\d+)/"')

    def field_work(self):
        """Open the first ticket of the queue; start on site, or report the repair."""
        queue = self.go("/tickets/field/", "field queue")
        mine = [int(pk) for pk in re.findall(r'href="/tickets/field/(\d+)/"', queue.text)]
        if not mine:
            raise Idle
        pk = mine[0] if self.rng.random() < 0.7 else self.rng.choice(mine)
        page = self.go(f"/tickets/field/{pk}/", "field ticket page").page()
        start = page.form(rf"/tickets/field/{pk}/start/$")
        resolve = page.form(rf"/tickets/field/{pk}/resolve/$")
        self.think()
        if start is not None:
            self.browser.submit(start, "start (field form)", "field ticket page")
        elif resolve is not None:
            self.browser.submit(
                resolve,
                "resolve (field form)",
                "field ticket page",
                diagnosis="Konektor RJ45 longgar pada patch panel",
                action_taken="Konektor diganti dan koneksi diuji, internet normal kembali",
                parts_used="1 konektor RJ45",
            )
        else:
            raise Idle

    def field_pdf(self):
        pk = self.a_ticket()
        if pk is None:
            self.field_queue()
            pk = self.a_ticket()
        if pk is None:
            raise Idle
        self.go(f"/tickets/field/{pk}/form.pdf", "PDF (field)", expect=b"%PDF")

    def my_tickets_api(self):
        response = self.go(
            f"/api/v1/tickets/?assigned_to={self.account['id']}&state=open", "API list"
        )
        self.seen = (self.seen + [r["id"] for r in json.loads(response.body)["results"]])[-200:]

    def comment_api(self):
        pk = self.a_ticket()
        if pk is None:
            raise Idle
        self.think()
        self.browser.request(
            "POST",
            f"/api/v1/tickets/{pk}/comments/",
            "comment (API)",
            json_body={"body": "Dalam perjalanan ke lokasi, perkiraan tiba 30 menit."},
        )

    def desk_list_mine(self):
        response = self.go("/tickets/?mine=on", "desk list (filtered)")
        self.remember(response)


class AgencyUser(Person):
    role = "opd_user"
    tasks = [
        ("home", 2),
        ("portal_list", 10),
        ("portal_ticket", 10),
        ("portal_report", 3),
        ("portal_comment", 3),
        ("portal_pdf", 2),
        ("installations", 2),
    ]

    def portal_list(self):
        response = self.go("/tickets/portal/", "portal list")
        self.remember(response, r'href="/tickets/portal/(\d+)/"')

    def portal_ticket(self):
        pk = self.a_ticket()
        if pk is None:
            self.portal_list()
        else:
            self.go(f"/tickets/portal/{pk}/", "portal ticket page")

    def portal_report(self):
        """Self-help first: who is affected, the steps, then still broken → the report."""
        self.go("/tickets/self-help/", "portal report pages")
        scope = self.rng.choice(["whole_location", "single_device"])
        self.go(f"/tickets/self-help/?scope={scope}", "portal report pages")
        page = self.go(f"/tickets/self-help/?scope={scope}&step=form", "portal report pages")
        form = page.page().form(r"/tickets/self-help/$")
        locations = [v for v in form.options["location"] if v]
        self.think()
        response = self.browser.submit(
            form,
            "portal report (form)",
            "portal ticket page",
            conflict_ok=False,
            location=self.rng.choice(locations) if locations else "",
            description=self.rng.choice(PHRASES),
            reporter_unit="Subbagian Umum",
            reporter_phone="081345678901",
        )
        created = re.search(r"/tickets/portal/(\d+)/", response.path)
        if created:
            self.seen.append(int(created.group(1)))

    def portal_comment(self):
        pk = self.a_ticket()
        if pk is None:
            raise Idle
        page = self.go(f"/tickets/portal/{pk}/", "portal ticket page").page()
        form = page.form(rf"/tickets/portal/{pk}/comment/$")
        if form is None:
            raise Idle
        self.think()
        self.browser.submit(
            form, "portal comment (form)", "portal ticket page", body="Terima kasih, kami tunggu."
        )

    def portal_pdf(self):
        pk = self.a_ticket()
        if pk is None:
            raise Idle
        self.go(f"/tickets/portal/{pk}/form.pdf", "PDF (portal)", expect=b"%PDF")


PEOPLE = {cls.role: cls for cls in (Helpdesk, Technician, SectionHead, AgencyUser)}
# Parts of the app that may not exist yet: task name → (role that probes it, path). A 404 at
# start-up leaves the task out, and the report says so.
OPTIONAL = {"installations": ("helpdesk", "/installations/")}


def probe_optional(world: dict, options) -> list[str]:
    """The optional tasks whose pages answer 404 here (printed); any other answer keeps them."""
    left_out = []
    for task, (role, path) in OPTIONAL.items():
        probe = Recorder()
        person = PEOPLE[role](world["accounts"][role][0], world, probe, options, 0)
        person.sign_in()
        try:
            person.browser.request("GET", path, "probe")
        except Failed:
            if probe.statuses["probe"][404]:
                left_out.append(task)
                print(f"· left out: {task} (GET {path} answers 404 in this build)")
    return left_out


def warm_up_workers(world: dict, options, count: int) -> None:
    """Every worker imports and warms what the day needs (PDF, spreadsheet) before memory is
    measured: `count` concurrent requests of each heavy kind, outside the figures."""
    person = Helpdesk(world["accounts"]["helpdesk"][0], world, Recorder(), options, 1)
    person.sign_in()
    rows = json.loads(person.browser.request("GET", "/api/v1/tickets/", "warm-up").body)
    pk = rows["results"][0]["id"]
    paths = [f"/api/v1/tickets/{pk}/form.pdf", "/tickets/export/xlsx/?state=open", "/tickets/"]
    for path in paths:
        threads = [
            threading.Thread(target=_get_quietly, args=(person.browser, path))
            for _n in range(count)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def _get_quietly(browser: Browser, path: str) -> None:
    twin = Browser(browser.port, Recorder(), browser.timeout)
    twin.cookies, twin.signed_in = dict(browser.cookies), True
    with contextlib.suppress(Failed):
        twin.request("GET", path, "warm-up")


# --- the run -----------------------------------------------------------------------------------


def new_world(port: int, password: str, info: dict, stop: threading.Event) -> dict:
    """What the virtual people share: the server, the accounts and places `seed` reported, the
    stop signal, and the end of the day (`deadline`, set when measuring starts)."""
    return {
        "port": port,
        "password": password,
        "accounts": info["accounts"],
        "places": info["places"],
        "stop": stop,
        "left_out": set(),
        "signed_in": [],
        "deadline": float("inf"),
    }


def cast(counts: dict[str, int], world: dict, recorder: Recorder, options) -> list[Person]:
    """One virtual person per account, `counts` of each role, all recording into `recorder`."""
    people: list[Person] = []
    for role, count in counts.items():
        for n in range(count):
            account = world["accounts"][role][n]
            people.append(PEOPLE[role](account, world, recorder, options, seed=len(people)))
    return people


def arrive(people: list[Person], stop: threading.Event, over: float) -> list[threading.Thread]:
    """Start everyone's day in a thread of their own, arrivals spread over `over` seconds."""
    threads = []
    for index, person in enumerate(people):
        delay = over * index / max(1, len(people))
        thread = threading.Thread(
            target=lambda p=person, d=delay: (stop.wait(d), p.run()), daemon=True
        )
        thread.start()
        threads.append(thread)
    return threads


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


def run(args) -> dict:
    counts = role_counts(args.users)
    password = secrets.token_urlsafe(16)
    var_dir = Path(args.var_dir or tempfile.mkdtemp(prefix="silajar-load-"))
    var_dir.mkdir(parents=True, exist_ok=True)
    port = args.port or free_port()
    env = server_env(args, var_dir, port)
    info = prepare(args, env, counts, password)
    recorder = Recorder()
    stop = threading.Event()
    world = new_world(port, password, info, stop)
    server = Server(args, env, port)
    zero = time.monotonic()
    sampler = MemorySampler(server.gunicorn.pid, args.sample_every, stop, zero)
    try:
        server.wait_ready()
        sampler.start()
        world["left_out"] = set(probe_optional(world, args))
        warm_up_workers(world, args, args.workers * args.threads)
        people = cast(counts, world, recorder, args)
        warmup = args.warmup if args.warmup is not None else min(60.0, max(5.0, args.duration / 10))
        print(
            f"· {len(people)} people ({', '.join(f'{v} {k}' for k, v in counts.items())}) "
            f"for {warmup:.0f} s warm-up (at least until all have signed in) + {args.duration} s "
            f"on http://127.0.0.1:{port} (gunicorn -w {args.workers} --threads {args.threads})"
        )
        warmup_started = time.monotonic()
        threads = arrive(people, stop, warmup / 2)  # over the first half of the warm-up
        stop.wait(warmup)
        while len(world["signed_in"]) < len(people) and not stop.wait(1):
            pass  # the morning's sign-ins (a slow password hash each) are not the day's work
        warmup = time.monotonic() - warmup_started
        run_start = time.monotonic() - zero
        deadline = world["deadline"] = time.monotonic() + args.duration
        recorder.measuring = True
        while time.monotonic() < deadline and not stop.is_set():
            stop.wait(min(30.0, max(0.1, deadline - time.monotonic())))
            done = sum(recorder.counts.values())
            print(
                f"  {time.monotonic() - zero - run_start:5.0f} s: {done:,} requests, "
                f"{sum(recorder.errors.values())} errors, "
                f"{sum(recorder.conflicts.values())} conflicts, "
                f"RSS {sampler.samples[-1]['kib'] / 1024:,.0f} MiB",
                flush=True,
            )
        recorder.measuring = False
        run_end = time.monotonic() - zero
        stop.set()  # no more thinking: everyone finishes the task at hand
        for thread in threads:
            thread.join(timeout=args.request_timeout + 5)
        sampler.join()
    finally:
        stop.set()
        server.stop()
    memory = memory_report(sampler.samples, run_start, run_end, args.max_growth)
    kinds = recorder.kinds()
    return {
        "config": {
            "users": args.users,
            "roles": counts,
            "duration_s": args.duration,
            "warmup_s": warmup,
            "think_s": list(args.think),
            "workers": args.workers,
            "threads": args.threads,
            "database": "sqlite" if is_sqlite(args.database_url) else args.database_url,
            "tickets": info["tickets"],
            "consumer": args.consumer,
        },
        "left_out": sorted(world["left_out"]),
        "scenarios": {
            role: [name for name, _w in PEOPLE[role].tasks if name not in world["left_out"]]
            for role in counts
        },
        "totals": {
            "requests": sum(recorder.counts.values()),
            "errors": sum(recorder.errors.values()),
            "conflicts": sum(recorder.conflicts.values()),
            "requests_per_s": round(
                sum(k["measured"] for k in kinds.values()) / max(1.0, run_end - run_start), 1
            ),
        },
        "kinds": kinds,
        "tasks": {role: dict(sorted(c.items())) for role, c in recorder.tasks.items()},
        "error_samples": recorder.error_samples,
        "memory": memory,
        "var_dir": str(var_dir),
    }


def summary(result: dict) -> str:
    config, totals, memory = result["config"], result["totals"], result["memory"]
    lines = [
        "",
        f"{config['users']} users × {config['duration_s']} s "
        f"(+{config['warmup_s']:.0f} s warm-up), think {config['think_s'][0]}–"
        f"{config['think_s'][1]} s, {config['database']}, {config['tickets']:,} tickets, "
        f"gunicorn -w {config['workers']} --threads {config['threads']}",
        f"{'kind':<32}{'requests':>9}{'errors':>7}{'409s':>6}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'max ms':>9}",
    ]
    for kind, k in result["kinds"].items():

        def ms(value):
            return f"{value:>9.0f}" if value is not None else f"{'–':>9}"

        lines.append(
            f"{kind:<32}{k['requests']:>9,}{k['errors']:>7}{k['conflicts']:>6}"
            f"{ms(k['p50_ms'])}{ms(k['p95_ms'])}{ms(k['p99_ms'])}{ms(k['max_ms'])}"
        )
    lines += [
        f"{'total':<32}{totals['requests']:>9,}{totals['errors']:>7}{totals['conflicts']:>6}"
        f"   ({totals['requests_per_s']} requests/s measured)",
        f"gunicorn RSS (master + workers): first {memory['mib_first']} MiB, run start "
        f"{memory['mib_run_start']}, middle {memory['mib_middle']}, end {memory['mib_end']} MiB; "
        f"growth over the last 2/3 {memory['growth_last_two_thirds']:+.1%} "
        f"(slope {memory['slope_mib_per_min']:+.2f} MiB/min) → "
        f"{'flat' if memory['flat'] else 'NOT FLAT'}"
        + ("" if memory["process_sets"] == 1 else "; a worker was replaced during the run!"),
    ]
    if result["left_out"]:
        lines.append(f"left out (not in this build): {', '.join(result['left_out'])}")
    for sample in result["error_samples"][:10]:
        lines.append(f"ERROR {sample['kind']}: {sample['error'][:200]}")
    return "\n".join(lines)


def default_database() -> str:
    """Never DATABASE_URL itself (the scratch database is dropped): its server, name + _load."""
    if os.environ.get("LOAD_DATABASE_URL"):
        return os.environ["LOAD_DATABASE_URL"]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        parts = urlsplit(url)
        return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_load"))
    return DEFAULT_DATABASE


def think_range(text: str) -> tuple[float, float]:
    low, _, high = text.partition(",")
    return float(low), float(high or low)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_seed":
        seed_command(
            json.loads(sys.argv[2]), os.environ["LOAD_PASSWORD"], sys.argv[3] == "--top-up"
        )
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=default_database(),
        help="a scratch PostgreSQL database (dropped and re-created!), or `sqlite` for the "
        "embedded SQLite in --var-dir (default: $LOAD_DATABASE_URL, else DATABASE_URL's server "
        f"with the database name + `_load`, else {DEFAULT_DATABASE})",
    )
    parser.add_argument("--reuse", action="store_true", help="keep the database if it exists")
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    parser.add_argument("--var-dir", help="SILAJAR_VAR_DIR of the server (default: a temp dir)")
    parser.add_argument("--tickets", type=int, default=20000, help="generate_data --tickets N")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=600, help="measured seconds")
    parser.add_argument("--warmup", type=float, help="seconds before measuring (default 10%%)")
    parser.add_argument("--think", type=think_range, default=(1.0, 3.0), help="min,max seconds")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn -w")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn --threads")
    parser.add_argument("--port", type=int, help="default: a free port")
    parser.add_argument(
        "--static",
        choices=["compressed", "plain"],
        default="compressed",
        help="compressed: as in production (slow collectstatic); plain: hashed only",
    )
    parser.add_argument("--static-root", help="default: a shared folder in the temp dir")
    parser.add_argument("--no-consumer", dest="consumer", action="store_false",
                        help="do not run the Huey consumer beside gunicorn")  # fmt: skip
    parser.add_argument("--sample-every", type=float, default=5.0, help="RSS sampling seconds")
    parser.add_argument(
        "--max-growth", type=float, default=0.10, help="largest RSS growth (last 2/3) still flat"
    )
    parser.add_argument("--request-timeout", type=float, default=120.0)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    temporary = not args.var_dir
    result = run(args)
    print(summary(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    failed = result["totals"]["errors"] > 0 or not result["memory"]["flat"]
    if args.drop and not is_sqlite(args.database_url):
        drop_postgres_database(args.database_url)
    if failed:
        print(f"server log: {result['var_dir']}/gunicorn.log", file=sys.stderr)
    elif temporary or (args.drop and is_sqlite(args.database_url)):
        shutil.rmtree(result["var_dir"], ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
