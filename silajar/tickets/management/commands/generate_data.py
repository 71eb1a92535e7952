"""Fill the desk with large volumes of realistic complaints, for benchmarks and load tests.

    python manage.py generate_data --tickets 1000000 [--batch 5000] [--days 730]

Tickets are spread over the past `--days` working days in order, numbered from the gapless
yearly sequence (a block of numbers is reserved once per batch), and each gets the audit events
of its history (created, triage, dispatch, start, resolve, sign-off, …) so the service-level
clocks can be rebuilt from it; the stored clocks are computed from that same history. On
PostgreSQL rows go in with COPY; elsewhere with plain multi-row inserts. Needs the agencies,
categories and staff of `seed_demo`. The generation itself is `silajar/tickets/generate/`."""

from __future__ import annotations

import time as clock

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from silajar.tickets.generate.batches import write_batch
from silajar.tickets.generate.context import build_context


class Progress:
    """A plain text progress bar on stderr."""

    def __init__(self, total: int, stream, enabled: bool = True, width: int = 30):
        self.total, self.stream, self.enabled, self.width = total, stream, enabled, width
        self.started = clock.monotonic()

    def show(self, done: int) -> None:
        if not self.enabled:
            return
        share = done / self.total if self.total else 1
        filled = int(share * self.width)
        elapsed = clock.monotonic() - self.started
        rate = done / elapsed if elapsed else 0
        eta = (self.total - done) / rate if rate else 0
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {share:6.1%} "
            f"{done:,}/{self.total:,} tickets  {rate:,.0f}/s  ETA {eta:,.0f} s   ",
            style_func=lambda text: text,  # plain, not the red of error messages
            ending="",
        )
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("")


class Command(BaseCommand):
    help = "Generate N realistic tickets with their audit history (bulk, for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--tickets", type=int, required=True, help="how many tickets")
        parser.add_argument("--batch", type=int, default=5000, help="tickets per transaction")
        parser.add_argument("--days", type=int, default=730, help="spread over the past N days")
        parser.add_argument("--seed", type=int, default=1, help="random seed")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, tickets: int, batch: int, days: int, seed: int, **options):
        if tickets <= 0 or batch <= 0:
            raise CommandError("--tickets and --batch must be positive.")
        ctx = build_context(days, seed)
        progress = Progress(tickets, self.stderr, enabled=not options["no_progress"])
        started = clock.monotonic()
        done = 0
        while done < tickets:
            size = min(batch, tickets - done)
            with transaction.atomic():
                write_batch(ctx, done, size, tickets)
            done += size
            progress.show(done)
        progress.finish()
        seconds = clock.monotonic() - started
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE tickets_ticket; ANALYZE core_auditevent")
        self.stdout.write(
            self.style.SUCCESS(
                f"{ctx.stats['tickets']:,} tickets and {ctx.stats['events']:,} audit events "
                f"in {seconds:.1f} s ({ctx.stats['tickets'] / seconds:,.0f} tickets/s)."
            )
        )
