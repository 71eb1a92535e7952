"""Fill the desk with large volumes of realistic complaints, for benchmarks and load tests.

    python manage.py generate_data --tickets 1000000 [--batch 5000] [--days 730]

Tickets are spread over the past `--days` working days in order, numbered from the gapless
yearly sequence (a block of numbers is reserved once per batch), and each gets the audit events
of its history (created, triage, dispatch, start, resolve, sign-off, …) so the service-level
clocks can be rebuilt from it; the stored clocks are computed from that same history. On
PostgreSQL rows go in with COPY; elsewhere with plain multi-row inserts. Needs the agencies,
categories and staff of `seed_demo`."""

from __future__ import annotations

import json
import random
import time as clock
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.models import AuditEvent, Holiday, NumberSequence
from silajar.core.sequences import format_number
from silajar.core.working_calendar import office_calendar
from silajar.organizations.models import Criticality, Location, Organization
from silajar.tickets.choices import OPEN_STATES, PRIORITY_RANK, SlaStatus
from silajar.tickets.demo import (
    CATEGORY_WEIGHTS,
    DESCRIPTIONS,
    DIAGNOSES,
    REASONS_CANCEL,
    UNITS,
    person_name,
    phone_number,
)
from silajar.tickets.models import Category, SlaTarget, Ticket
from silajar.tickets.services import NUMBER_PREFIX, NUMBER_WIDTH, suggest_priority
from silajar.tickets.sla import Snapshot, compute_sla

TICKET_COLUMNS = [f.column for f in Ticket._meta.concrete_fields]
EVENT_COLUMNS = [f.column for f in AuditEvent._meta.concrete_fields if f.column != "id"]
CHANNELS = (["phone"] * 38 + ["whatsapp"] * 28 + ["email"] * 8 + ["web"] * 14
            + ["walk_in"] * 7 + ["monitoring"] * 5)  # fmt: skip
SCOPES = ["single_device", "whole_location", "unknown"]
WORK_START, WORK_MINUTES = 7 * 60 + 30, 8 * 60 + 30  # 07:30, until 16:00


@dataclass
class Context:
    now: datetime
    organizations: list
    locations: dict
    categories: list  # [(id, code, always_open)]
    category_weights: list
    technicians: list  # [(id, name)]
    helpdesk: tuple  # (id, name)
    admin: tuple
    targets: dict  # (category_id | None, priority) → (response, resolution)
    calendars: dict
    content_type_id: int
    days: list  # working days, oldest first
    rng: random.Random
    priorities: dict  # (scope, agency criticality) → suggested priority
    stats: dict = field(default_factory=lambda: {"tickets": 0, "events": 0})


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
        ctx = self.context(days, seed)
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

    def context(self, days: int, seed: int) -> Context:
        organizations = list(
            Organization.objects.filter(is_active=True).values_list("pk", flat=True)
        )
        short_names = dict(Organization.objects.values_list("pk", "short_name"))
        if not organizations:
            raise CommandError("No agencies yet: run `manage.py seed_demo` first.")
        criticality = dict(Organization.objects.values_list("pk", "criticality"))
        locations: dict = {}
        for pk, org in Location.objects.values_list("pk", "organization_id"):
            locations.setdefault(org, []).append(pk)
        categories = [
            (c.pk, c.code, c.always_open)
            for c in Category.objects.filter(is_active=True)
            if c.code in DESCRIPTIONS
        ]
        if not categories:
            raise CommandError("No ticket categories: run the migrations first.")

        def staff(role):
            return [
                (u.pk, u.full_name or u.username)
                for u in User.objects.filter(is_active=True, groups__name=role).order_by("pk")
            ]

        technicians, helpdesk, admin = (
            staff(Role.TECHNICIAN),
            staff(Role.HELPDESK),
            staff(Role.NETWORK_ADMIN),
        )
        if not (technicians and helpdesk and admin):
            raise CommandError("Needs a technician, a helpdesk and a network admin: seed_demo.")
        targets = {
            (t.category_id, t.priority): (t.response_minutes, t.resolution_minutes)
            for t in SlaTarget.objects.all()
        }
        now = timezone.now()
        holidays = set(Holiday.objects.values_list("date", flat=True))
        today = timezone.localdate(now)
        work_days = [
            today - timedelta(days=n)
            for n in range(days, -1, -1)
            if (today - timedelta(days=n)).isoweekday() <= 5
            and (today - timedelta(days=n)) not in holidays
        ]
        return Context(
            now=now,
            organizations=[(pk, criticality[pk], short_names[pk]) for pk in organizations],
            locations=locations,
            categories=categories,
            category_weights=[CATEGORY_WEIGHTS.get(code, 5) for _pk, code, _a in categories],
            technicians=technicians,
            helpdesk=helpdesk[0],
            admin=admin[0],
            targets=targets,
            calendars={flag: office_calendar(always_open=flag) for flag in (False, True)},
            content_type_id=ContentType.objects.get_for_model(Ticket).pk,
            days=work_days,
            rng=random.Random(seed),  # noqa: S311 — demo data, not secrets
            priorities={
                (scope, level): suggest_priority(
                    scope=scope, organization=SimpleNamespace(criticality=level)
                )
                for scope in SCOPES
                for level in Criticality.values
            },
        )


def _moment(ctx: Context, k: int, total: int) -> datetime:
    """The k-th of `total` tickets, in order: spread evenly over the working days, in office
    hours (the last ones end before now)."""
    position = k * len(ctx.days) / total
    day = ctx.days[min(int(position), len(ctx.days) - 1)]
    minutes = WORK_START + (position % 1) * WORK_MINUTES
    moment = timezone.make_aware(datetime.combine(day, time()) + timedelta(minutes=minutes))
    return min(moment, ctx.now - timedelta(minutes=(total - k) % 300 + 1))


class _Clock:
    def __init__(self, start, now, rng):
        self.t, self.now, self.rng = start, now, rng

    def step(self, low: int, high: int) -> bool:
        self.t = self.t + timedelta(minutes=self.rng.randrange(low, high))
        return self.t < self.now


def _final_state(rng: random.Random, age_days: float) -> str:
    if age_days > 7:
        weights = (0, 0.2, 0.3, 0.3, 2, 75, 14, 0.2, 8)
    elif age_days > 1:
        weights = (2, 5, 8, 8, 12, 45, 10, 4, 6)
    else:
        weights = (15, 15, 20, 15, 8, 15, 7, 3, 2)
    return rng.choices(
        ("new", "triage", "dispatched", "in_progress", "resolved", "closed", "first_line",
         "waiting_provider", "cancelled"),
        weights,
    )[0]  # fmt: skip


def build_ticket(ctx: Context, pk: int, number: str, created: datetime):
    """One ticket row (values in TICKET_COLUMNS order) and its audit event rows."""
    rng = ctx.rng
    org, criticality, short_name = rng.choice(ctx.organizations)
    category_id, code, always_open = rng.choices(ctx.categories, ctx.category_weights)[0]
    channel = rng.choice(CHANNELS)
    scope = rng.choice(SCOPES)
    priority = ctx.priorities[scope, criticality]
    final = _final_state(rng, (ctx.now - created).total_seconds() / 86400)
    if final == "waiting_provider":
        code_internet = next((c for c in ctx.categories if c[1] == "internet"), None)
        if code_internet:
            category_id, code, always_open = code_internet
    helpdesk, admin = ctx.helpdesk, ctx.admin
    creator = admin if channel == "monitoring" else helpdesk
    row = {
        "id": pk,
        "created_at": created,
        "updated_at": created,
        "version": 1,
        "number": number,
        "state": "new",
        "channel": channel,
        "reporter_id": None,
        "reporter_name": person_name(rng),
        "reporter_phone": phone_number(rng),
        "reporter_unit": rng.choice(UNITS),
        "organization_id": org,
        "organization_short_name": short_name,
        "location_id": rng.choice(ctx.locations.get(org) or [None]),
        "description": rng.choice(DESCRIPTIONS[code]),
        "scope": scope,
        "fault_domain": "internet" if code == "internet" else "unknown",
        "category_id": category_id,
        "priority": priority,
        "priority_rank": PRIORITY_RANK[priority],
        "assigned_to_id": None,
        "created_by_id": creator[0],
        "checklist": "[]",
        "first_contact_resolution": False,
        "resolution_note": "",
        "diagnosis": "",
        "action_taken": "",
        "parts_used": "",
        "signer_name": "",
        "signature": "",
        "signed_form": "",
        "signed_at": None,
        "cancel_reason": "",
        "provider_reference": "",
        "pause_reason": "",
        "triaged_at": None,
        "resolved_at": None,
        "closed_at": None,
        "sla_response_due_at": None,
        "sla_resolution_due_at": None,
        "sla_status": SlaStatus.ON_TRACK,
        "sla_response_breached": False,
        "sla_resolution_breached": False,
        "sla_escalation_level": 0,
        "rating": None,
        "rating_comment": "",
    }
    events = []
    history = [Snapshot(created, "new", priority, category_id)]

    def event(at, actor, action, changes, note=""):
        events.append(
            (at, actor[0], actor[1], action, ctx.content_type_id, str(pk), number,
             json.dumps(changes), note, None)
        )  # fmt: skip

    event(
        created,
        creator,
        "ticket.created",
        {
            "state": [None, "new"],
            "channel": [None, channel],
            "organization": [None, org],
            "location": [None, row["location_id"]],
            "scope": [None, scope],
            "category": [None, category_id],
            "priority": [None, priority],
            "pause_reason": [None, ""],
        },
    )

    def move(at, actor, action, state, note="", **changes):
        delta = {"state": [row["state"], state]} if state != row["state"] else {}
        for name, value in changes.items():
            plain = value.isoformat() if isinstance(value, datetime) else value
            delta[name.removesuffix("_id") if name.endswith("_id") else name] = [
                row[name].isoformat() if isinstance(row[name], datetime) else row[name],
                plain,
            ]
            row[name] = value
        row["state"], row["version"], row["updated_at"] = state, row["version"] + 1, at
        event(at, actor, f"ticket.{action}", delta, note)
        history.append(Snapshot(at, state, priority, category_id))

    c = _Clock(created, ctx.now, rng)
    if final != "new" and c.step(2, 40):
        if final == "cancelled" and rng.random() < 0.4:
            move(c.t, helpdesk, "cancel", "cancelled", cancel_reason=rng.choice(REASONS_CANCEL))
        else:
            move(c.t, creator, "triage", "triage", triaged_at=c.t)
            if final == "first_line":
                c.t += timedelta(minutes=rng.randrange(2, 15))
                move(
                    c.t,
                    helpdesk,
                    "resolve_first_line",
                    "closed",
                    resolution_note="Koneksi normal kembali setelah reset perangkat.",
                    first_contact_resolution=True,
                    resolved_at=c.t,
                    closed_at=c.t,
                )
            elif final == "cancelled":
                move(c.t, helpdesk, "cancel", "cancelled", cancel_reason=rng.choice(REASONS_CANCEL))
            elif final == "waiting_provider":
                move(
                    c.t,
                    admin,
                    "escalate_to_provider",
                    "waiting_provider",
                    provider_reference=f"INC-{rng.randrange(100000, 999999)}",
                )
            elif final != "triage" and c.step(5, 90):
                tech = rng.choice(ctx.technicians)
                move(c.t, helpdesk, "dispatch", "dispatched", assigned_to_id=tech[0])
                if final != "dispatched" and c.step(15, 240):
                    move(c.t, tech, "start", "in_progress")
                    if final != "in_progress" and c.step(20, 180):
                        diagnosis, action, parts = DIAGNOSES[code]
                        move(
                            c.t,
                            tech,
                            "resolve",
                            "resolved",
                            diagnosis=diagnosis,
                            action_taken=action,
                            parts_used=parts,
                            resolved_at=c.t,
                        )
                        if final == "closed" and c.step(1, 60):
                            move(
                                c.t,
                                tech,
                                "sign_off",
                                "closed",
                                signer_name=row["reporter_name"],
                                signed_at=c.t,
                                closed_at=c.t,
                            )
    targets = ctx.targets.get((category_id, priority)) or ctx.targets.get((None, priority))
    if targets:
        result = compute_sla(
            history=history,
            calendar=ctx.calendars[always_open],
            targets=lambda _snapshot: targets,  # one priority and category all along
            now=ctx.now,
        )
        breached = result.response.breached or result.resolution.breached
        row["sla_response_due_at"] = result.response.due_at
        row["sla_resolution_due_at"] = result.resolution.due_at
        row["sla_status"] = result.status
        row["sla_response_breached"] = result.response.breached
        row["sla_resolution_breached"] = result.resolution.breached
        if row["state"] in OPEN_STATES:
            row["sla_escalation_level"] = 2 if breached else 1 if result.status == "at_risk" else 0
    return [row[c] for c in TICKET_COLUMNS], events


def _reserve_numbers(year: int, count: int) -> int:
    """Take `count` numbers of `year` at once; returns the first. The row stays locked until
    the batch commits, so concurrent creation waits and numbers stay gapless."""
    sequence = NumberSequence.objects.select_for_update().filter(key="ticket", year=year).first()
    if sequence is None:
        sequence = NumberSequence.objects.create(key="ticket", year=year, last_value=0)
        sequence = NumberSequence.objects.select_for_update().get(pk=sequence.pk)
    first = sequence.last_value + 1
    sequence.last_value += count
    sequence.save(update_fields=["last_value"])
    return first


def _reserve_ids(count: int) -> list[int]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('tickets_ticket', 'id')) "
                "FROM generate_series(1, %s)",
                [count],
            )
            return [r[0] for r in cursor.fetchall()]
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM tickets_ticket")
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def write_batch(ctx: Context, offset: int, size: int, total: int) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # generated data: a crash loses at most the last batches, never corrupts them
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
    moments = [_moment(ctx, k, total) for k in range(offset, offset + size)]
    ids = _reserve_ids(size)
    numbers: list[str] = []
    by_year: dict[int, int] = {}
    for moment in moments:
        year = timezone.localtime(moment).year
        by_year[year] = by_year.get(year, 0) + 1
    next_value = {year: _reserve_numbers(year, count) for year, count in sorted(by_year.items())}
    for moment in moments:
        year = timezone.localtime(moment).year
        numbers.append(format_number(NUMBER_PREFIX, year, next_value[year], NUMBER_WIDTH))
        next_value[year] += 1
    tickets, events = [], []
    for pk, number, moment in zip(ids, numbers, moments, strict=True):
        row, rows = build_ticket(ctx, pk, number, moment)
        tickets.append(row)
        events.extend(rows)
    _insert("tickets_ticket", TICKET_COLUMNS, tickets)
    _insert("core_auditevent", EVENT_COLUMNS, events)
    ctx.stats["tickets"] += len(tickets)
    ctx.stats["events"] += len(events)


def _insert(table: str, columns: list[str], rows: list) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = ", ".join(columns)
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        adapt = connection.ops.adapt_datetimefield_value
        prepared = [[adapt(v) if isinstance(v, datetime) else v for v in row] for row in rows]
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            # table and column names come from the models, never from input
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",  # noqa: S608  # nosec B608 — names from the models, values bound
            prepared,
        )
