"""The database restarts in the middle of a working day: errors while it is away, which clear by
themselves once it is back, and no damage to the data.

Starts a private, throwaway PostgreSQL cluster (initdb in a temporary folder, a free port from
55432 on; never the shared server), prepares the desk there as bench/load.py does (migrate,
seed_demo, generate_data, the load accounts and the morning's work), starts gunicorn with DEBUG
off, and lets --users people work for --duration seconds. At --restart-at seconds the cluster is
stopped (`pg_ctl stop -m fast`, or `-m immediate`: a crash, recovered from the WAL on start),
left down for --down seconds and started again; gunicorn is left alone. Every request is timed
and a prober reads a desk page and the API every half second, keeping the bodies of the error
pages. The drill passes when

  (a) there was no error before the restart, and none in requests started --grace seconds or
      more after the database was back (Django's health-checked connections reconnect by
      themselves), the same gunicorn workers answered throughout, and the cluster really
      restarted (its postmaster start time changed);
  (b) the data is whole afterwards: every ticket and installation request has its "created"
      audit event, no audit event names a missing one, the yearly numbers have no gap and match
      core_numbersequence, versions are >= 1, each state has the fields it implies, and
      pg_amcheck finds no corrupt table or index;
  (c) the error pages answered meanwhile are 500/503 and show no traceback and no SQL.

    .venv/bin/python bench/db_restart.py --users 10 --duration 90 --restart-at 30 --down 5

Exit status 1 when the drill fails. See bench/README.md ("Database restart drill")."""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # noqa: E402

DATABASE_NAME = "silajar_restart"
FIRST_PORT = 55432
# what an error page must not show: a traceback, the driver's messages, SQL
LEAKS = (
    "Traceback",
    'File "',
    "site-packages",
    "OperationalError",
    "InterfaceError",
    "psycopg",
    "connection to server",
    "INSERT INTO",
    'SELECT "',
    "UPDATE ",
)
PROBE_PATHS = ("/tickets/", "/api/v1/tickets/?state=open")


# --- a private PostgreSQL cluster --------------------------------------------------------------


def postgres_bin() -> Path:
    """The newest Debian PostgreSQL's programs, else the folder of `initdb` on the PATH."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb is None:
        raise SystemExit("PostgreSQL's initdb was not found (apt install postgresql)")
    return Path(initdb).parent


def free_port_from(first: int) -> int:
    for port in range(first, first + 200):
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as PostgreSQL does
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit(f"no free port in {first}–{first + 199}")


class Cluster:
    """A throwaway PostgreSQL cluster in a temporary folder, trust authentication, listening on
    127.0.0.1:`port` (and a Unix socket in the folder). As root, its programs run as the
    `postgres` user (initdb and postgres refuse root)."""

    def __init__(self, bin_dir: Path, port: int):
        self.bin, self.port = bin_dir, port
        self.root = Path(tempfile.mkdtemp(prefix="silajar-restart-pg-"))
        self.data, self.log = self.root / "data", self.root / "postgres.log"
        self.as_owner: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        self.running = False

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, program: str, *arguments: str) -> None:
        result = subprocess.run(  # noqa: S603 — PostgreSQL's own programs, fixed arguments
            [*self.as_owner, str(self.bin / program), *arguments],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise SystemExit(f"{program} {' '.join(arguments)} failed:\n{result.stderr}")

    def create(self) -> None:
        self._run(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        self._run(
            "pg_ctl", "start", "-D", str(self.data), "-o", options, "-l", str(self.log),
            "-w", "-t", "120",
        )  # fmt: skip
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "stop", "-D", str(self.data), "-m", mode, "-w", "-t", "120")
        self.running = False

    def started_at(self) -> str:
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            return str(connection.execute("SELECT pg_postmaster_start_time()").fetchone()[0])

    def remove(self) -> None:
        """Stop it if it runs, and delete the folder (its log is copied out first by the caller)."""
        if self.running:
            try:
                self.stop("fast")
            except SystemExit:
                self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


# --- recording ---------------------------------------------------------------------------------


class TimedRecorder(load.Recorder):
    """load.Recorder, plus when each request started and ended (seconds from `zero`, the start
    of the measured run; the warm-up's requests come before it)."""

    def __init__(self):
        super().__init__()
        self.zero = float("inf")
        self.events: list[dict] = []

    def add(self, kind: str, status: int, ms: float, error: str = "", conflict: bool = False):
        super().add(kind, status, ms, error=error, conflict=conflict)
        end = time.monotonic() - self.zero
        with self.lock:
            self.events.append(
                {
                    "start": end - ms / 1000,
                    "end": end,
                    "kind": kind,
                    "status": status,
                    "error": bool(error) and not conflict,
                    "conflict": conflict,
                }
            )


class Prober(threading.Thread):
    """Reads a desk page and the API list every `every` seconds as a signed-in helpdesk, and
    keeps the status of every answer and the body of the first error pages."""

    def __init__(self, port: int, cookies: dict, recorder: TimedRecorder, stop: threading.Event):
        super().__init__(daemon=True)
        self.port, self.cookies, self.recorder, self.stop = port, cookies, recorder, stop
        self.every = 0.5
        self.answers: list[dict] = []
        self.error_pages: list[dict] = []

    def run(self) -> None:
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "User-Agent": "silajar-restart-probe/1.0",
            "Accept-Language": "id",
            "Connection": "close",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        n = 0
        while not self.stop.wait(self.every):
            path = PROBE_PATHS[n % len(PROBE_PATHS)]
            n += 1
            started = time.monotonic() - self.recorder.zero
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                connection.request("GET", path, headers=headers)
                answer = connection.getresponse()
                status, body = answer.status, answer.read()
            except (OSError, http.client.HTTPException) as error:
                status, body = 0, repr(error).encode()
            finally:
                connection.close()
            self.answers.append({"start": started, "path": path, "status": status})
            if status >= 400 and len(self.error_pages) < 40:
                self.error_pages.append(
                    {
                        "t": round(started, 1),
                        "path": path,
                        "status": status,
                        "body": body.decode("utf-8", "replace"),
                    }
                )


def leaks(text: str) -> list[str]:
    return [leak for leak in LEAKS if leak in text]


# --- the data afterwards -------------------------------------------------------------------------


def query(text: str, **parts: str | sql.Composable) -> sql.Composed:
    """SQL `text` with its {placeholders} filled: names of tables (quoted as identifiers), or
    pieces of SQL."""
    return sql.SQL(text).format(
        **{
            name: part if isinstance(part, sql.Composable) else sql.Identifier(part)
            for name, part in parts.items()
        }
    )


def gapless(table: str, key: str) -> tuple[sql.Composed, list]:
    """Years whose numbers (PREFIX-YEAR-N) are not exactly 1..last of the sequence `key`."""
    text = """
        SELECT n.year, count(*) AS records, min(n.value) AS lowest, max(n.value) AS highest,
               s.last_value AS sequence
        FROM (SELECT split_part(number, '-', 2)::int AS year,
                     split_part(number, '-', 3)::int AS value FROM {table}) n
        LEFT JOIN core_numbersequence s ON s.key = %s AND s.year = n.year
        GROUP BY n.year, s.last_value
        HAVING count(*) <> max(n.value) OR min(n.value) <> 1
            OR s.last_value IS DISTINCT FROM max(n.value)
        UNION ALL
        SELECT s.year, 0, NULL, NULL, s.last_value FROM core_numbersequence s
        WHERE s.key = %s AND s.last_value > 0 AND NOT EXISTS (
            SELECT 1 FROM {table} WHERE split_part(number, '-', 2)::int = s.year)"""
    return query(text, table=table), [key, key]


def audit_checks(table: str, app: str, model: str, created: str) -> list[tuple]:
    kind = sql.SQL("(SELECT id FROM django_content_type WHERE app_label = %s AND model = %s)")
    return [
        (
            f"every {model} has its {created} audit event",
            query(
                "SELECT r.id, r.number FROM {table} r WHERE NOT EXISTS ("
                "SELECT 1 FROM core_auditevent a WHERE a.action = %s "
                "AND a.content_type_id = {kind} AND a.object_id = r.id::text)",
                table=table,
                kind=kind,
            ),
            [created, app, model],
        ),
        (
            f"no audit event names a missing {model}",
            query(
                "SELECT a.id, a.action, a.object_id FROM core_auditevent a "
                "WHERE a.content_type_id = {kind} AND NOT EXISTS ("
                "SELECT 1 FROM {table} r WHERE r.id::text = a.object_id)",
                table=table,
                kind=kind,
            ),
            [app, model],
        ),
        (
            f"{model} versions are >= 1",
            query("SELECT id, version FROM {table} WHERE version < 1", table=table),
            [],
        ),
    ]


def state_check(name: str, table: str, condition: str) -> tuple:
    """Rows of `table` in a state without the fields it implies: `condition` finds them."""
    statement = query(
        "SELECT id, state FROM {table} WHERE {condition}", table=table, condition=sql.SQL(condition)
    )
    return name, statement, []


TICKET = "tickets_ticket"
TICKET_CHECKS = [
    *audit_checks(TICKET, "tickets", "ticket", "ticket.created"),
    ("ticket numbers are gapless per year and match the sequence", *gapless(TICKET, "ticket")),
    state_check(
        "dispatched / in-progress tickets have a technician",
        TICKET,
        "state IN ('dispatched', 'in_progress') AND assigned_to_id IS NULL",
    ),
    state_check(
        "tickets past `new` were taken up (triaged_at)",
        TICKET,
        "state NOT IN ('new', 'cancelled') AND triaged_at IS NULL",
    ),
    state_check(
        "open tickets are neither resolved nor closed",
        TICKET,
        "state IN ('new', 'triage', 'dispatched', 'in_progress', 'waiting_provider') "
        "AND (resolved_at IS NOT NULL OR closed_at IS NOT NULL)",
    ),
    state_check(
        "resolved tickets have resolved_at and no closed_at",
        TICKET,
        "state = 'resolved' AND (resolved_at IS NULL OR closed_at IS NOT NULL)",
    ),
    state_check(
        "closed tickets have resolved_at and closed_at",
        TICKET,
        "state = 'closed' AND (resolved_at IS NULL OR closed_at IS NULL)",
    ),
    state_check(
        "cancelled tickets have a reason", TICKET, "state = 'cancelled' AND cancel_reason = ''"
    ),
    state_check(
        "tickets waiting for the provider have an internet fault",
        TICKET,
        "state = 'waiting_provider' AND fault_domain <> 'internet'",
    ),
]
REQUEST = "installations_installationrequest"
REQUEST_CHECKS = [
    *audit_checks(REQUEST, "installations", "installationrequest", "installation.created"),
    (
        "installation numbers are gapless per year and match the sequence",
        *gapless(REQUEST, "installation"),
    ),
    state_check(
        "installation requests past the survey assignment have a technician",
        REQUEST,
        "state IN ('survey_assigned', 'surveyed', 'awaiting_equipment', 'equipment_ready', "
        "'installing', 'installed', 'completed') AND technician_id IS NULL",
    ),
    state_check(
        "installation requests have closed_at exactly when final",
        REQUEST,
        "(state IN ('completed', 'rejected', 'cancelled')) <> (closed_at IS NOT NULL)",
    ),
    state_check(
        "installed / completed requests have installed_at; completed ones signed_at",
        REQUEST,
        "(state IN ('installed', 'completed') AND installed_at IS NULL) "
        "OR (state = 'completed' AND signed_at IS NULL)",
    ),
]


def consistency(database_url: str) -> list[dict]:
    """Every check: its name, how many rows break it, and a few of them; then the totals."""
    results = []
    with psycopg.connect(database_url, autocommit=True) as connection:
        checks = list(TICKET_CHECKS)
        if connection.execute("SELECT to_regclass(%s)", [REQUEST]).fetchone()[0]:
            checks += REQUEST_CHECKS
        for name, statement, params in checks:
            rows = connection.execute(statement, params).fetchall()
            examples = [[str(value) for value in row] for row in rows[:5]]
            results.append({"check": name, "broken": len(rows), "examples": examples})
        totals = connection.execute(
            query(
                "SELECT (SELECT count(*) FROM {tickets}), (SELECT count(*) FROM core_auditevent)",
                tickets=TICKET,
            )
        ).fetchone()
        requests = (
            connection.execute(query("SELECT count(*) FROM {table}", table=REQUEST)).fetchone()[0]
            if len(checks) > len(TICKET_CHECKS)
            else 0
        )
    results.append(
        {
            "check": "counted",
            "broken": 0,
            "tickets": totals[0],
            "audit_events": totals[1],
            "installation_requests": requests,
        }
    )
    return results


def amcheck(cluster: Cluster) -> dict:
    """pg_amcheck over the app's database: every table's pages and every B-tree index."""
    result = subprocess.run(  # noqa: S603 — PostgreSQL's own program
        [
            str(cluster.bin / "pg_amcheck"),
            "-h",
            "127.0.0.1",
            "-p",
            str(cluster.port),
            "-U",
            "postgres",
            "--install-missing",
            "--heapallindexed",
            "-d",
            DATABASE_NAME,
        ],  # fmt: skip
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    return {"ok": result.returncode == 0, "output": (result.stdout + result.stderr)[-2000:]}


# --- the drill -----------------------------------------------------------------------------------


def worker_pids(gunicorn_pid: int) -> list[int]:
    return sorted(load.process_tree_rss(gunicorn_pid))


def drill(args, cluster: Cluster) -> dict:
    counts = load.role_counts(args.users)
    password = secrets.token_urlsafe(16)
    var_dir = Path(args.var_dir)
    port = load.free_port()
    env = load.server_env(args, var_dir, port)
    info = load.prepare(args, env, counts, password)
    before = consistency(args.database_url)
    recorder = TimedRecorder()
    stop = threading.Event()
    world = load.new_world(port, password, info, stop)
    server = load.Server(args, env, port)
    outage: dict = {}
    try:
        server.wait_ready()
        world["left_out"] = set(load.probe_optional(world, args))
        watcher = load.Helpdesk(info["accounts"]["helpdesk"][0], world, load.Recorder(), args, 0)
        watcher.sign_in()
        prober = Prober(port, dict(watcher.browser.cookies), recorder, stop)
        people = load.cast(counts, world, recorder, args)
        print(
            f"· {len(people)} people for {args.warmup:.0f} s warm-up + {args.duration} s on "
            f"http://127.0.0.1:{port}; the database restarts at {args.restart_at:.0f} s "
            f"(stop -m {args.mode}, {args.down:.0f} s down)"
        )
        threads = load.arrive(people, stop, args.warmup / 2)
        stop.wait(args.warmup)
        while len(world["signed_in"]) < len(people) and not stop.wait(1):
            pass
        recorder.zero = time.monotonic()  # t = 0: the measured run starts
        world["deadline"] = recorder.zero + args.duration
        recorder.measuring = True
        prober.start()

        def now() -> float:
            return time.monotonic() - recorder.zero

        stop.wait(max(0.0, args.restart_at - now()))
        outage["postmaster_before"] = cluster.started_at()
        outage["workers_before"] = worker_pids(server.gunicorn.pid)
        outage["stop_at"] = now()
        cluster.stop(args.mode)
        outage["down_at"] = now()
        print(f"  {outage['down_at']:5.1f} s: database stopped (-m {args.mode})", flush=True)
        stop.wait(args.down)
        outage["start_at"] = now()
        cluster.start()
        outage["back_at"] = now()
        outage["postmaster_after"] = cluster.started_at()
        print(f"  {outage['back_at']:5.1f} s: database accepting connections again", flush=True)
        while now() < args.duration:
            stop.wait(min(15.0, args.duration - now()))
            measured = [e for e in recorder.events if e["end"] >= 0]
            errors = sum(1 for e in measured if e["error"])
            print(f"  {now():5.1f} s: {len(measured):,} requests, {errors} errors", flush=True)
        recorder.measuring = False
        outage["workers_after"] = worker_pids(server.gunicorn.pid)
        stop.set()
        for thread in [*threads, prober]:
            thread.join(timeout=args.request_timeout + 5)
    finally:
        stop.set()
        server.stop()
    after = consistency(args.database_url)
    return report(args, recorder, prober, outage, before, after, amcheck(cluster), var_dir)


def report(args, recorder, prober, outage, before, after, amcheck_result, var_dir) -> dict:
    events = [e for e in recorder.events if e["end"] >= 0]
    back, grace_end = outage["back_at"], outage["back_at"] + args.grace
    buckets = []
    for low in range(0, int(args.duration + args.bucket - 1), args.bucket):
        high = low + args.bucket
        inside = [e for e in events if low <= e["end"] < high]
        probes = [a for a in prober.answers if low <= a["start"] < high]
        buckets.append(
            {
                "from": low,
                "to": high,
                "requests": len(inside),
                "ok": sum(1 for e in inside if not e["error"]),
                "errors": sum(1 for e in inside if e["error"]),
                "conflicts": sum(1 for e in inside if e["conflict"]),
                "probe_ok": sum(1 for a in probes if 200 <= a["status"] < 300),
                "probe_errors": sum(1 for a in probes if not 200 <= a["status"] < 300),
                "database_down": low < outage["back_at"] and high > outage["stop_at"],
            }
        )
    failed = [e for e in events if e["error"]]
    early = [e for e in failed if e["end"] < outage["stop_at"]]
    late = [e for e in failed if e["start"] >= grace_end]
    during = [e for e in failed if e not in early and e not in late]
    after_errors = [e["end"] for e in failed if e["end"] >= back]
    first_ok = min(
        (e["end"] for e in events if not e["error"] and e["start"] >= back), default=None
    )
    probe_ok = min(
        (a["start"] for a in prober.answers if a["start"] >= back and a["status"] == 200),
        default=None,
    )
    pages = prober.error_pages
    page_leaks = []
    for page in pages:
        found = leaks(page["body"])
        if found or page["status"] not in (500, 503):
            page_leaks.append({"t": page["t"], "status": page["status"], "leaks": found})
    sample_leaks = [s for s in recorder.error_samples if leaks(s["error"])]
    checks = [c for c in after if c["check"] != "counted"]
    result = {
        "config": {
            "users": args.users,
            "duration_s": args.duration,
            "restart_at_s": args.restart_at,
            "down_s": args.down,
            "mode": args.mode,
            "grace_s": args.grace,
            "tickets": args.tickets,
            "workers": args.workers,
            "threads": args.threads,
        },
        "outage": {k: round(v, 2) if isinstance(v, float) else v for k, v in outage.items()},
        "timeline": buckets,
        "requests": len(events),
        "errors": {
            "before_restart": len(early),
            "outage_window": len(during),
            "after_grace": len(late),
            "outage_by_status": dict(Counter(str(e["status"]) for e in during)),
            "outage_by_kind": dict(Counter(e["kind"] for e in during).most_common(10)),
        },
        "recovery": {
            "first_success_after_back_s": round(first_ok - back, 2) if first_ok else None,
            # None: no request failed once the database was accepting connections again
            "last_error_after_back_s": round(max(after_errors) - back, 2) if after_errors else None,
            "probe_first_200_after_back_s": round(probe_ok - back, 2) if probe_ok else None,
            "successes_after_grace": sum(
                1 for e in events if not e["error"] and e["start"] >= grace_end
            ),
        },
        "error_pages": {
            "checked": len(pages),
            "statuses": dict(Counter(str(p["status"]) for p in pages)),
            "bad": page_leaks,
            # the first error page of each path, as the person saw it (trimmed)
            "examples": {
                path: next((p["body"][:600] for p in pages if p["path"] == path), None)
                for path in PROBE_PATHS
            },
            "samples_with_leaks": sample_leaks[:5],
        },
        "consistency_before": before,
        "consistency_after": after,
        "amcheck": amcheck_result,
        "var_dir": str(var_dir),
    }
    result["failures"] = failures(result, outage, checks)
    return result


def failures(result: dict, outage: dict, checks: list[dict]) -> list[str]:
    found = []
    errors, recovery, pages = result["errors"], result["recovery"], result["error_pages"]
    if errors["before_restart"]:
        found.append(f"{errors['before_restart']} errors before the restart")
    if errors["after_grace"]:
        found.append(
            f"{errors['after_grace']} errors more than the grace after the database was back"
        )
    if not recovery["successes_after_grace"]:
        found.append("no successful request after the database was back")
    if outage["postmaster_before"] == outage["postmaster_after"]:
        found.append("the database did not restart (same postmaster start time)")
    if outage["workers_before"] != outage["workers_after"]:
        found.append("gunicorn's workers changed during the run (a worker died)")
    found += [
        f"consistency before the load: {c['check']} — {c['broken']} broken"
        for c in result["consistency_before"]
        if c["broken"]
    ]
    found += [f"consistency: {c['check']} — {c['broken']} broken" for c in checks if c["broken"]]
    if not result["amcheck"]["ok"]:
        found.append("pg_amcheck reported corruption")
    if pages["bad"] or pages["samples_with_leaks"]:
        found.append("an error page was not a clean 500/503 (see error_pages)")
    return found


def summary(result: dict) -> str:
    config, outage, errors = result["config"], result["outage"], result["errors"]
    recovery, pages = result["recovery"], result["error_pages"]
    lines = [
        "",
        f"Database restart drill: {config['users']} users × {config['duration_s']} s, restart "
        f"at {config['restart_at_s']:.0f} s (stop -m {config['mode']}, "
        f"{config['down_s']:.0f} s down), "
        f"gunicorn -w {config['workers']} --threads {config['threads']}",
        f"{'t (s)':>9}{'requests':>10}{'ok':>6}{'errors':>8}{'409s':>6}{'probe ok/err':>14}",
    ]
    for b in result["timeline"]:
        lines.append(
            f"{b['from']:>4}–{b['to']:<4}{b['requests']:>10}{b['ok']:>6}{b['errors']:>8}"
            f"{b['conflicts']:>6}{b['probe_ok']:>8}/{b['probe_errors']:<5}"
            + ("  database down" if b["database_down"] else "")
        )
    after = {c["check"]: c for c in result["consistency_after"]}
    counted = after.pop("counted")
    before = [c for c in result["consistency_before"] if c["check"] != "counted"]
    lines += [
        f"database: stop at {outage['stop_at']:.1f} s, down at {outage['down_at']:.1f} s, start at "
        f"{outage['start_at']:.1f} s, accepting connections at {outage['back_at']:.1f} s "
        f"(away {outage['back_at'] - outage['stop_at']:.1f} s)",
        f"requests: {result['requests']:,}; errors: {errors['before_restart']} before the restart, "
        f"{errors['outage_window']} in the outage window (by status: "
        f"{', '.join(f'{k}: {v}' for k, v in errors['outage_by_status'].items()) or '–'}), "
        f"{errors['after_grace']} from {config['grace_s']:.0f} s after the database was back on",
        "recovery after the database was back: first success "
        f"+{recovery['first_success_after_back_s']} s, "
        + (
            f"last error +{recovery['last_error_after_back_s']} s, "
            if recovery["last_error_after_back_s"] is not None
            else "no error after it was back, "
        )
        + f"probe's first 200 +{recovery['probe_first_200_after_back_s']} s; gunicorn workers "
        + ("unchanged" if outage["workers_before"] == outage["workers_after"] else "CHANGED"),
        f"error pages read by the probe: {pages['checked']} "
        f"({', '.join(f'{k}: {v}' for k, v in pages['statuses'].items()) or '–'}), "
        + ("none shows a traceback or SQL" if not pages["bad"] else f"{len(pages['bad'])} BAD"),
        f"consistency before the load: {sum(1 for c in before if not c['broken'])}/{len(before)} "
        f"checks pass; after ({counted['tickets']:,} tickets, "
        f"{counted['installation_requests']:,} installation requests, "
        f"{counted['audit_events']:,} audit events): "
        f"{sum(1 for c in after.values() if not c['broken'])}/{len(after)} checks pass; "
        f"pg_amcheck: {'no corruption' if result['amcheck']['ok'] else 'CORRUPTION'}",
    ]
    for name, check in after.items():
        lines.append(f"  {'ok ' if not check['broken'] else 'BAD'} {name}")
    for failure in result["failures"]:
        lines.append(f"FAIL {failure}")
    lines.append("PASS" if not result["failures"] else "FAILED")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--duration", type=int, default=90, help="measured seconds")
    parser.add_argument("--restart-at", type=float, default=30.0, help="seconds into the run")
    parser.add_argument("--down", type=float, default=5.0, help="seconds the database stays down")
    parser.add_argument(
        "--mode",
        choices=["fast", "immediate"],
        default="fast",
        help="pg_ctl stop mode: fast (clean shutdown) or immediate (a crash: WAL recovery)",
    )
    parser.add_argument(
        "--grace", type=float, default=10.0, help="errors allowed until this long after it is back"
    )
    parser.add_argument("--tickets", type=int, default=2000, help="generate_data --tickets N")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds before measuring")
    parser.add_argument("--think", type=load.think_range, default=(1.0, 3.0), help="min,max s")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn -w")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn --threads")
    parser.add_argument("--no-consumer", dest="consumer", action="store_false",
                        help="do not run the Huey consumer beside gunicorn")  # fmt: skip
    parser.add_argument(
        "--static",
        choices=["compressed", "plain"],
        default="plain",
        help="static files as in load.py (default plain: the drill is not about them)",
    )
    parser.add_argument("--static-root", help="default: a shared folder in the temp dir")
    parser.add_argument("--var-dir", help="SILAJAR_VAR_DIR of the server (default: a temp dir)")
    parser.add_argument(
        "--port", type=int, help=f"the private cluster's port (default: {FIRST_PORT}+)"
    )
    parser.add_argument("--bucket", type=int, default=5, help="timeline bucket in seconds")
    parser.add_argument("--request-timeout", type=float, default=60.0)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    if not 0 < args.restart_at < args.duration:
        parser.error("--restart-at must fall inside the run")
    args.reuse = False  # what load.prepare reads: always a new database in the new cluster

    # SIGTERM/SIGHUP end the run like Ctrl-C: the cluster is stopped and removed on the way out
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda number, _frame: sys.exit(128 + number))
    temporary = not args.var_dir
    var_dir = Path(args.var_dir or tempfile.mkdtemp(prefix="silajar-restart-"))
    var_dir.mkdir(parents=True, exist_ok=True)
    args.var_dir = str(var_dir)
    cluster = Cluster(postgres_bin(), args.port or free_port_from(FIRST_PORT))
    result = None
    try:
        cluster.create()
        cluster.start()
        args.database_url = cluster.url(DATABASE_NAME)
        print(f"· private PostgreSQL cluster {cluster.data} on 127.0.0.1:{cluster.port}")
        result = drill(args, cluster)
    finally:
        if result is None or result["failures"]:  # keep the logs of a failed or stopped run
            with contextlib.suppress(OSError):
                shutil.copy(cluster.log, var_dir / "postgres.log")
            print(f"logs: {var_dir}/gunicorn.log, postgres.log", file=sys.stderr)
        elif temporary:
            shutil.rmtree(var_dir, ignore_errors=True)
        cluster.remove()
    print(summary(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    sys.exit(1 if result["failures"] else 0)


if __name__ == "__main__":
    main()
