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

Exit status 1 when there was any error or memory was not flat. The parts are in bench/loadkit/;
see bench/README.md ("Load")."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import drop_postgres_database, is_sqlite  # noqa: E402
from loadkit.day import arrive, cast, new_world, probe_optional, warm_up_workers  # noqa: E402
from loadkit.memory import MemorySampler, memory_report  # noqa: E402
from loadkit.person import think_range  # noqa: E402
from loadkit.preparation import prepare, role_counts  # noqa: E402
from loadkit.recording import Recorder  # noqa: E402
from loadkit.roles import PEOPLE  # noqa: E402
from loadkit.server import Server, free_port, server_env  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/silajar_load"


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


def main() -> None:
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
