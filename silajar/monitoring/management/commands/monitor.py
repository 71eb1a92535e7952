"""Probe the monitoring targets until stopped (docs/monitoring.md).

    python manage.py monitor                 # every target
    python manage.py monitor --shard 2/4     # the targets with id % 4 + 1 == 2
    python manage.py monitor --vantage outside   # on a host outside our network: the CPEs'
                                                 # public addresses (and --vantage inside here)

SIGTERM or SIGINT (Ctrl-C) stops it cleanly: the last samples are written and the run ends
(the time after it is then unmonitored until the next start)."""

import asyncio
import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from silajar.monitoring.choices import Vantage
from silajar.monitoring.engine import Engine
from silajar.monitoring.shards import parse_shard

log = logging.getLogger("silajar.monitoring")


class Command(BaseCommand):
    help = "Probe the monitoring targets (of one shard) until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--shard",
            default="1/1",
            help="i/n: probe only the targets whose id %% n + 1 == i (default 1/1: all)",
        )
        parser.add_argument(
            "--vantage",
            choices=Vantage.values,
            default="",
            help="probe only the targets probed from there (default: every target): a monitor "
            "outside our network takes the outside ones",
        )
        parser.add_argument(
            "--seconds",
            type=float,
            default=None,
            help="stop cleanly after this many seconds (default: run until stopped)",
        )

    def handle(self, *args, shard: str, seconds: float | None, vantage: str, **options):
        try:
            number, shards = parse_shard(shard)
        except ValueError as error:
            raise CommandError(str(error)) from None
        engine = Engine(shard=number, shards=shards, vantage=vantage)
        asyncio.run(self._run(engine, seconds))
        self.stdout.write(
            f"Monitor {number}/{shards} stopped after {engine.probes_made} probes of "
            f"{len(engine.targets)} targets."
        )

    async def _run(self, engine: Engine, seconds: float | None) -> None:
        loop = asyncio.get_running_loop()
        if threading.current_thread() is threading.main_thread():  # only it receives signals
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, engine.stop)
        log.info("monitor %s/%s starting", engine.shard, engine.shards)
        await engine.run(seconds=seconds)
