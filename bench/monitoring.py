"""The monitor at 1,000 targets on 127.0.0.1 (issue 12): listening ports, closed ports and ports
that accept and never answer (HTTP targets timing out), probed by one in-process monitor
(`monitoring.engine.Engine`, as `manage.py monitor` runs it) on a scratch database, with the
servers in a child process so that this process's CPU time is the monitor's alone. Measured:

* **steady state**, over `--cycles` intervals once every target's state is known: the
  monitor's CPU time per cycle (process time: the event loop and the database thread) and as a
  share of one core, its memory (RSS now and at its peak), the database statements it wrote per
  cycle (INSERT/UPDATE/DELETE, counted on the database thread's connection);
* **outages**: `--outages` listening ports of provider-side targets are closed at one known
  instant; for each, the recorded start (the first failed probe) and the confirmation, measured
  from that instant (goal: detected within two intervals, with the default 3 failures to down
  thanks to the retry interval), and the writes it took.

    .venv/bin/python bench/monitoring.py                      # 1,000 targets, 60 s interval
    .venv/bin/python bench/monitoring.py --interval 10
    .venv/bin/python bench/monitoring.py --targets 200 --interval 5 --cycles 2   # quick

Not part of the test suite. See bench/README.md."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, default=1000)
    parser.add_argument("--interval", type=int, default=60, help="seconds between probes")
    parser.add_argument("--cycles", type=int, default=3, help="intervals measured at rest")
    parser.add_argument("--outages", type=int, default=50, help="listening ports then closed")
    parser.add_argument("--failures-to-down", type=int, default=3)
    parser.add_argument(
        "--retry", type=int, default=None, help="retry interval (s); default: a sixth of it"
    )
    parser.add_argument("--timeout", type=float, default=5.0, help="the probes' timeout (s)")
    parser.add_argument("--database-url", default="sqlite", help="sqlite (scratch) or postgres")
    parser.add_argument(
        "--var-dir", default=str(Path(tempfile.gettempdir()) / "silajar-bench-monitoring")
    )
    parser.add_argument("--json", help="write the figures here too")
    parser.add_argument("--serve", help=argparse.SUPPRESS)  # the child: "listening,silent"
    return parser.parse_args()


# --- the servers (the child process) -------------------------------------------------------------


async def _serve(listening: int, silent: int) -> None:
    """Open the ports, print them as JSON, then on each line of stdin ("stop N") close the
    first N listening ports and print the instant (time.time()) they were closed."""

    async def close_at_once(reader, writer):
        writer.close()

    async def never_answer(reader, writer):
        await reader.read()  # until the monitor gives up and closes
        writer.close()

    up = [await asyncio.start_server(close_at_once, "127.0.0.1", 0) for _ in range(listening)]
    mute = [await asyncio.start_server(never_answer, "127.0.0.1", 0) for _ in range(silent)]
    ports = {
        "listening": [s.sockets[0].getsockname()[1] for s in up],
        "silent": [s.sockets[0].getsockname()[1] for s in mute],
    }
    print(json.dumps(ports), flush=True)
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        count = int(line.split()[1])
        for server in up[:count]:
            server.close()
        print(json.dumps({"stopped_at": time.time()}), flush=True)
    for server in up + mute:
        server.close()


def _free_ports(count: int) -> list[int]:
    """Ports nothing listens on (bound and released: refused when probed)."""
    sockets = []
    for _ in range(count):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sockets.append(sock)
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


# --- the measurement -----------------------------------------------------------------------------


def _rss_kib() -> tuple[int, int]:
    """(RSS now, peak RSS) of this process, in KiB."""
    status = Path("/proc/self/status").read_text()
    values = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return int(values["VmRSS"].split()[0]), int(values["VmHWM"].split()[0])


def main() -> None:
    args = ARGS
    listening = args.targets * 6 // 10
    closed = args.targets * 2 // 10
    silent = args.targets - listening - closed
    outages = min(args.outages, listening)
    child = subprocess.Popen(  # noqa: S603 — this script, as the servers' process
        [sys.executable, __file__, "--serve", f"{listening},{silent}"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    ports = json.loads(child.stdout.readline())
    closed_ports = _free_ports(closed)
    link_ids = _world(ports, closed_ports, outages)
    print(
        f"{args.targets} targets ({listening} listening, {closed} closed, {silent} never "
        f"answering over HTTP), interval {args.interval} s, timeout {args.timeout:g} s, "
        f"{args.failures_to_down} failures to down, retry interval "
        f"{args.retry or max(1, args.interval // 6)} s",
        flush=True,
    )
    try:
        figures = asyncio.run(_measure(args, child, listening, closed + silent, outages))
    finally:
        child.stdin.close()
        child.wait(timeout=30)
    figures["links"] = len(link_ids)
    _report(figures)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2, default=str))


def _world(ports: dict, closed_ports: list[int], outages: int) -> list[int]:
    """The targets: the first `outages` listening ones stand for a provider's CPE, each of its
    own link (their outages go through the providers' services); the others are our side's."""
    from silajar.monitoring.models import Target
    from silajar.organizations.models import Location, Organization
    from silajar.providers.models import Link, Provider

    agency = Organization.objects.create(
        name="Dinas Uji Beban", short_name="DUB", kind="dinas", address="Pontianak"
    )
    place = Location.objects.create(
        organization=agency, building="Gedung Uji", floor="1", room="Server"
    )
    provider = Provider.objects.create(name="PT Penyedia Uji Beban", short_name="PUB")
    links = Link.objects.bulk_create(
        Link(
            provider=provider,
            circuit_id=f"BENCH-{n:05d}",
            kind="dedicated",
            bandwidth_down_mbps=100,
            bandwidth_up_mbps=100,
            organization=agency,
            status="active",
        )
        for n in range(outages)
    )
    common = {
        "interval_seconds": ARGS.interval,
        "timeout_seconds": str(ARGS.timeout),
        "failures_to_down": ARGS.failures_to_down,
        "retry_interval_seconds": ARGS.retry,
        "successes_to_up": 2,
    }
    targets = []
    for n, port in enumerate(ports["listening"]):
        side = {"role": "provider", "link": links[n]} if n < outages else {"role": "lan"}
        targets.append(
            Target(
                name=f"listening {port}",
                kind="tcp",
                host="127.0.0.1",
                port=port,
                location=place,
                **side,
                **common,
            )
        )
    for port in closed_ports:
        targets.append(
            Target(
                name=f"closed {port}",
                kind="tcp",
                host="127.0.0.1",
                port=port,
                role="lan",
                location=place,
                **common,
            )
        )
    for port in ports["silent"]:
        targets.append(
            Target(
                name=f"silent {port}",
                kind="http",
                url=f"http://127.0.0.1:{port}/",
                role="lan",
                location=place,
                **common,
            )
        )
    Target.objects.bulk_create(targets, batch_size=500)
    return [link.pk for link in links]


class Statements:
    """The statements of the monitor's database thread, by kind."""

    def __init__(self) -> None:
        self.writes = 0
        self.reads = 0
        self.rows_written = 0

    def __call__(self, execute, sql, params, many, context):
        verb = sql.lstrip().split(None, 1)[0].upper()
        if verb in ("INSERT", "UPDATE", "DELETE"):
            self.writes += 1
        elif verb == "SELECT":
            self.reads += 1
        return execute(sql, params, many, context)


async def _measure(args, child, listening: int, failing: int, outages: int) -> dict:
    from django.db import connection

    from silajar.monitoring.engine import Engine
    from silajar.monitoring.models import Target, TargetDowntime

    statements = Statements()

    class Counted(Engine):
        def thread_started(self) -> None:
            connection.execute_wrappers.append(statements)

    engine = Counted()
    running = asyncio.create_task(engine.run())
    began = time.monotonic()

    def known() -> tuple[int, int]:
        rows = Target.objects.values_list("state", flat=True)
        states = list(rows)
        return states.count("up"), states.count("down")

    # 1. warm-up: every state known (listening up, closed and silent down)
    while True:
        await asyncio.sleep(1)
        up, down = await engine.db(known)
        if up == listening and down == failing:
            break
        if time.monotonic() - began > 6 * args.interval + 60:
            raise SystemExit(f"states not settled: {up} up, {down} down")
    warm = time.monotonic() - began
    print(f"warm-up: every state known after {warm:.1f} s", flush=True)
    # 2. rest: whole cycles
    cpu0, wall0, writes0, reads0 = (
        time.process_time(),
        time.monotonic(),
        statements.writes,
        statements.reads,
    )
    probes0 = engine.probes_made
    await asyncio.sleep(args.cycles * args.interval)
    cpu = time.process_time() - cpu0
    wall = time.monotonic() - wall0
    rest = {
        "cycles": args.cycles,
        "cpu_seconds_per_cycle": cpu / args.cycles,
        "cpu_share_of_one_core": cpu / wall,
        "writes_per_cycle": (statements.writes - writes0) / args.cycles,
        "reads_per_cycle": (statements.reads - reads0) / args.cycles,
        "probes_per_cycle": (engine.probes_made - probes0) / args.cycles,
        "rss_kib": _rss_kib()[0],
        "peak_rss_kib": _rss_kib()[1],
        "warm_up_seconds": warm,
    }
    # 3. outages: close the CPEs' ports at one instant
    writes0 = statements.writes
    child.stdin.write(f"stop {outages}\n")
    child.stdin.flush()
    stopped = json.loads(
        await asyncio.get_running_loop().run_in_executor(None, child.stdout.readline)
    )["stopped_at"]

    def confirmed() -> list[tuple[float, float]]:
        rows = TargetDowntime.objects.filter(target__role="provider").values_list(
            "started_at", "confirmed_at"
        )
        return [(s.timestamp(), c.timestamp()) for s, c in rows]

    deadline = time.monotonic() + 4 * args.interval + 2 * args.timeout + 10
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        found = await engine.db(confirmed)
        if len(found) >= outages:
            break
    engine.stop()
    await running
    starts = sorted(s - stopped for s, _c in found)
    detections = sorted(c - stopped for _s, c in found)
    return {
        "targets": args.targets,
        "interval": args.interval,
        "rest": rest,
        "outages": {
            "closed": outages,
            "detected": len(found),
            "start_after_stop_max_s": max(starts, default=None),
            "start_after_stop_min_s": min(starts, default=None),
            "confirmed_after_stop_max_s": max(detections, default=None),
            "confirmed_after_stop_median_s": detections[len(detections) // 2]
            if detections
            else None,
            "within_two_intervals": sum(1 for d in detections if d <= 2 * args.interval),
            "writes": statements.writes - writes0,
        },
        "max_rss_kib_getrusage": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def _report(f: dict) -> None:
    rest, out = f["rest"], f["outages"]
    interval = f["interval"]
    print(f"\n{f['targets']} targets at a {interval} s interval")
    print(f"  probes per cycle            {rest['probes_per_cycle']:.0f}")
    print(
        f"  CPU per cycle               {rest['cpu_seconds_per_cycle']:.3f} s "
        f"({100 * rest['cpu_share_of_one_core']:.2f} % of one core)"
    )
    print(
        f"  memory                      RSS {rest['rss_kib'] / 1024:.1f} MiB, peak "
        f"{rest['peak_rss_kib'] / 1024:.1f} MiB"
    )
    print(
        f"  DB writes per cycle at rest {rest['writes_per_cycle']:.1f} "
        f"(reads {rest['reads_per_cycle']:.1f})"
    )
    print(
        f"  outages                     {out['detected']}/{out['closed']} detected; recorded "
        f"start {out['start_after_stop_min_s']:.2f}–{out['start_after_stop_max_s']:.2f} s after "
        f"the stop; confirmed after median {out['confirmed_after_stop_median_s']:.2f} s, max "
        f"{out['confirmed_after_stop_max_s']:.2f} s; {out['within_two_intervals']} within two "
        f"intervals ({2 * interval} s); {out['writes']} writes"
    )


ARGS = _arguments()
if ARGS.serve:
    listening_count, silent_count = (int(n) for n in ARGS.serve.split(","))
    asyncio.run(_serve(listening_count, silent_count))
    sys.exit(0)

VAR = Path(ARGS.var_dir)
if ARGS.database_url == "sqlite":
    shutil.rmtree(VAR, ignore_errors=True)
    VAR.mkdir(parents=True)
    os.environ["DATABASE_URL"] = ""
else:
    sys.path.insert(0, str(REPO / "bench"))
    from common import recreate_postgres_database

    recreate_postgres_database(ARGS.database_url)
    os.environ["DATABASE_URL"] = ARGS.database_url
os.environ["SILAJAR_VAR_DIR"] = str(VAR)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "silajar.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("EMAIL_URL", "consolemail://")
os.environ.setdefault("LOG_LEVEL", "WARNING")
sys.path.insert(0, str(REPO))

import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402

if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    main()
