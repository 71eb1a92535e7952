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

Exit status 1 when the drill fails. The parts are in bench/restartkit/ (and bench/loadkit/ for the
day's work); see bench/README.md ("Database restart drill")."""

from __future__ import annotations

import argparse
import contextlib
import json
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadkit.day import arrive, cast, new_world, probe_optional  # noqa: E402
from loadkit.memory import process_tree_rss  # noqa: E402
from loadkit.person import think_range  # noqa: E402
from loadkit.preparation import prepare, role_counts  # noqa: E402
from loadkit.recording import Recorder  # noqa: E402
from loadkit.roles import Helpdesk  # noqa: E402
from loadkit.server import Server, free_port, server_env  # noqa: E402
from restartkit.cluster import (  # noqa: E402
    DATABASE_NAME,
    FIRST_PORT,
    Cluster,
    amcheck,
    free_port_from,
    postgres_bin,
)
from restartkit.consistency import consistency  # noqa: E402
from restartkit.probing import Prober, TimedRecorder  # noqa: E402
from restartkit.report import report, summary  # noqa: E402


def worker_pids(gunicorn_pid: int) -> list[int]:
    return sorted(process_tree_rss(gunicorn_pid))


def drill(args, cluster: Cluster) -> dict:
    counts = role_counts(args.users)
    password = secrets.token_urlsafe(16)
    var_dir = Path(args.var_dir)
    port = free_port()
    env = server_env(args, var_dir, port)
    info = prepare(args, env, counts, password)
    before = consistency(args.database_url)
    recorder = TimedRecorder()
    stop = threading.Event()
    world = new_world(port, password, info, stop)
    server = Server(args, env, port)
    outage: dict = {}
    try:
        server.wait_ready()
        world["left_out"] = set(probe_optional(world, args))
        watcher = Helpdesk(info["accounts"]["helpdesk"][0], world, Recorder(), args, 0)
        watcher.sign_in()
        prober = Prober(port, dict(watcher.browser.cookies), recorder, stop)
        people = cast(counts, world, recorder, args)
        print(
            f"· {len(people)} people for {args.warmup:.0f} s warm-up + {args.duration} s on "
            f"http://127.0.0.1:{port}; the database restarts at {args.restart_at:.0f} s "
            f"(stop -m {args.mode}, {args.down:.0f} s down)"
        )
        threads = arrive(people, stop, args.warmup / 2)
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
    parser.add_argument("--think", type=think_range, default=(1.0, 3.0), help="min,max s")
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
    args.reuse = False  # what prepare reads: always a new database in the new cluster

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
