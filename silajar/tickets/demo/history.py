"""Demo complaints: a few hundred tickets over the past months, in every state.

Each ticket is walked through the real services (so its audit trail, timestamps and service-level
clocks are what the desk would have recorded) with the clock set to the moment each step
happened. Announcements are held back (no mail storm for past events); the clocks are then
brought up to date and escalation levels set as the scan would have set them."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from unittest import mock

from django.db import transaction
from django.utils import timezone

from silajar.accounts import services as account_services
from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.calendar import add_working_minutes
from silajar.core.demo import clock_at, demo_nip, demo_signature, tiny_png
from silajar.core.jobs import held
from silajar.core.working_calendar import office_calendar
from silajar.organizations.models import Location, Organization
from silajar.tickets import selectors, services
from silajar.tickets.choices import OPEN_STATES, Channel, Scope, TicketState
from silajar.tickets.demo.vocabulary import (
    CATEGORY_WEIGHTS,
    DESCRIPTIONS,
    DIAGNOSES,
    REASONS_CANCEL,
    ROOMS,
    UNITS,
    person_name,
    phone_number,
)
from silajar.tickets.models import Category, Ticket
from silajar.tickets.services import clocks
from silajar.tickets.sla_service import escalation_level

DEMO_TICKETS = 320
DEMO_DAYS = 120
DEMO_SEED = 2026

EXTRA_TECHNICIANS = [
    ("teknisi2", "Rudi Hartanto", "Teknisi Jaringan"),
    ("teknisi3", "Yusuf Maulana", "Teknisi Jaringan"),
]

# the state each demo ticket ends in, with weights; recent tickets are the open ones
FINAL_STATES = [
    (TicketState.CLOSED, 40),
    ("first_line", 14),
    (TicketState.RESOLVED, 8),
    (TicketState.IN_PROGRESS, 7),
    (TicketState.DISPATCHED, 7),
    (TicketState.TRIAGE, 6),
    (TicketState.NEW, 5),
    (TicketState.WAITING_PROVIDER, 5),
    (TicketState.CANCELLED, 5),
    ("reopened", 3),
]


def _working_moment(rng: random.Random, day) -> datetime:
    """Mostly office hours on a weekday; some reports come at night (monitoring, WhatsApp)."""
    if rng.random() < 0.9:
        minutes = rng.randrange(7 * 60 + 35, 15 * 60 + 45)
    else:
        minutes = rng.randrange(0, 24 * 60)
    return timezone.make_aware(datetime.combine(day, time()) + timedelta(minutes=minutes))


def _staff(password: str) -> dict:
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    for username, full_name, position in EXTRA_TECHNICIANS:
        if not User.objects.filter(username=username).exists():
            account_services.user_create(
                actor=admin,
                roles=[Role.TECHNICIAN.value],
                send_invitation=False,
                password=password,
                username=username,
                email=f"{username}@example.org",
                full_name=full_name,
                position=position,
                nip=demo_nip(full_name),  # made up but well formed
                rank="II/c",
                organization=User.objects.get(username=Role.TECHNICIAN.value).organization,
            )
            account_services.user_signature_set(
                user=User.objects.get(username=username), signature=demo_signature(full_name)
            )
    by_name = {u.username: u for u in User.objects.filter(is_active=True)}
    return {
        "helpdesk": by_name[Role.HELPDESK.value],
        "admin": by_name[Role.NETWORK_ADMIN.value],
        "section_head": by_name[Role.SECTION_HEAD.value],
        "reporter": by_name[Role.OPD_USER.value],
        "technicians": [by_name[Role.TECHNICIAN.value]]
        + [by_name[u] for u, _n, _p in EXTRA_TECHNICIANS],
    }


def demo_tickets_exist() -> bool:
    return Ticket.objects.filter(created_by__username=Role.HELPDESK.value).exists()


def seed_tickets(
    *,
    password: str,
    count: int = DEMO_TICKETS,
    days: int = DEMO_DAYS,
    seed: int = DEMO_SEED,
    now: datetime | None = None,
) -> int:
    """Add `count` demo tickets over the past `days` days. Idempotent: once demo tickets exist,
    adds nothing. Returns how many were added. Needs the demo accounts and agencies."""
    if demo_tickets_exist():
        return 0
    rng = random.Random(seed)  # noqa: S311 — demo data, not secrets
    now = now or timezone.now()
    with transaction.atomic():
        staff = _staff(password)
    categories = {c.code: c for c in Category.objects.filter(is_active=True)}
    codes = [c for c in CATEGORY_WEIGHTS if c in categories]
    weights = [CATEGORY_WEIGHTS[c] for c in codes]
    organizations = list(Organization.objects.filter(is_active=True).order_by("pk"))
    locations: dict[int, list[Location]] = {}
    for place in Location.objects.filter(organization__in=organizations):
        locations.setdefault(place.organization_id, []).append(place)
    steps = {s: selectors.checklist_for(s) for s in (Scope.SINGLE_DEVICE, Scope.WHOLE_LOCATION)}
    signature = tiny_png()
    calendar = office_calendar()
    today = timezone.localdate(now)

    plans = []
    for _ in range(count):
        age = int(rng.triangular(0, days, 0))  # more recent tickets than old ones
        day = today - timedelta(days=age)
        while day.isoweekday() > 5 and rng.random() < 0.85:
            day -= timedelta(days=1)
        created = _working_moment(rng, day)
        if created >= now:
            created = now - timedelta(minutes=rng.randrange(20, 600))
        plans.append(created)
    plans.sort()

    added = 0
    # no announcements for events of the past; the clock follows each step
    # the holiday table does not change meanwhile: build each calendar once
    calendars = {flag: office_calendar(always_open=flag) for flag in (False, True)}
    with (
        held("tickets.announce"),
        mock.patch.object(
            clocks, "office_calendar", lambda always_open=False: calendars[always_open]
        ),
        clock_at() as moment,
    ):
        for created in plans:
            with transaction.atomic():
                _walk(rng, created, now, moment, staff, categories, codes, weights,
                      organizations, locations, steps, signature, calendar)  # fmt: skip
            added += 1
    with transaction.atomic():
        _bring_clocks_up_to_date(now)
    return added


def _walk(rng, created, now, moment, staff, categories, codes, weights, organizations,
          locations, steps, signature, calendar) -> Ticket:  # fmt: skip
    helpdesk, admin = staff["helpdesk"], staff["admin"]
    code = rng.choices(codes, weights)[0]
    final = rng.choices([s for s, _w in FINAL_STATES], [w for _s, w in FINAL_STATES])[0]
    if code == "internet" and final in (TicketState.NEW, TicketState.TRIAGE) and rng.random() < 0.5:
        final = TicketState.WAITING_PROVIDER
    if final == TicketState.WAITING_PROVIDER:
        code = "internet"
    # old tickets are mostly finished
    age_days = (now - created).days
    if age_days > 4 and final in OPEN_STATES and rng.random() < 0.9:
        final = TicketState.CLOSED
    reporter_account = None
    channel = rng.choices(
        [Channel.PHONE, Channel.WHATSAPP, Channel.EMAIL, Channel.WEB, Channel.WALK_IN,
         Channel.MONITORING],
        [38, 28, 8, 14, 7, 5],
    )[0]  # fmt: skip
    if channel == Channel.WEB:
        reporter_account = staff["reporter"]
        organization = next(o for o in organizations if o.pk == reporter_account.organization_id)
        actor = reporter_account
    else:
        organization = rng.choice(organizations)
        actor = admin if channel == Channel.MONITORING else helpdesk
    scope = rng.choice([Scope.SINGLE_DEVICE, Scope.WHOLE_LOCATION, Scope.UNKNOWN])
    t = created
    moment[0] = t
    ticket = services.ticket_create(
        actor=actor,
        channel=channel,
        organization=organization,
        location=rng.choice(locations.get(organization.pk) or [None]),
        location_detail=rng.choice(ROOMS),
        description=rng.choice(DESCRIPTIONS[code]),
        reporter_name="" if reporter_account else person_name(rng),
        reporter_phone="" if reporter_account else phone_number(rng),
        reporter_unit=rng.choice(UNITS),
        scope=scope,
        category=categories[code],
    )

    def at(minutes_low: int, minutes_high: int) -> bool:
        """Move the clock on by some working minutes; False when that moment is still in the
        future (the ticket stops there)."""
        nonlocal t
        t = add_working_minutes(calendar, t, rng.randrange(minutes_low, minutes_high))
        moment[0] = t
        return t < now

    if final == TicketState.NEW or not at(1, 25):
        return ticket
    if final == TicketState.CANCELLED and rng.random() < 0.5:
        services.ticket_cancel(ticket=ticket, actor=helpdesk, reason=rng.choice(REASONS_CANCEL))
        return ticket
    services.ticket_triage(ticket=ticket, actor=helpdesk if actor != admin else admin)
    if rng.random() < 0.15:
        services.ticket_update(
            actor=helpdesk,
            ticket=ticket,
            data={"priority": rng.choice(["high", "critical", "low"])},
            expected_version=None,
        )
    walked = steps.get(ticket.scope) or steps[Scope.SINGLE_DEVICE]
    if walked and channel != Channel.MONITORING:
        fixed = final == "first_line"
        answers = [
            {"step": s.pk, "outcome": "fixed" if fixed and i == len(walked) - 1 else "not_fixed"}
            for i, s in enumerate(walked)
        ]
        services.ticket_record_checklist(ticket=ticket, actor=helpdesk, answers=answers)
    if final == "first_line":
        services.ticket_resolve_first_line(
            ticket=ticket, actor=helpdesk, note="Koneksi normal kembali setelah langkah di atas."
        )
        return ticket
    if final == TicketState.TRIAGE:
        return ticket
    if final == TicketState.CANCELLED:
        services.ticket_cancel(ticket=ticket, actor=helpdesk, reason=rng.choice(REASONS_CANCEL))
        return ticket
    if code == "internet" and (final == TicketState.WAITING_PROVIDER or rng.random() < 0.5):
        services.ticket_escalate_to_provider(
            ticket=ticket, actor=admin, reference=f"INC-{rng.randrange(100000, 999999)}"
        )
        if final == TicketState.WAITING_PROVIDER or not at(60, 900):
            return ticket
        services.ticket_return_from_provider(
            ticket=ticket, actor=admin, note="Provider melaporkan link sudah pulih."
        )
    if not at(5, 60):
        return ticket
    technician = rng.choice(staff["technicians"])
    services.ticket_dispatch(ticket=ticket, actor=helpdesk, technician=technician)
    if final == TicketState.DISPATCHED or not at(15, 180):
        return ticket
    services.ticket_start(ticket=ticket, actor=technician)
    if rng.random() < 0.12:
        services.ticket_pause(ticket=ticket, actor=technician)
        services.comment_add(
            ticket=ticket, actor=technician, body="Menunggu ruangan dibuka oleh pelapor."
        )
        if not at(30, 600):
            return ticket
        services.ticket_resume(ticket=ticket, actor=technician)
    if final == TicketState.IN_PROGRESS or not at(20, 150):
        return ticket
    diagnosis, action, parts = DIAGNOSES[code]
    services.ticket_resolve(
        ticket=ticket, actor=technician, diagnosis=diagnosis, action_taken=action, parts_used=parts
    )
    if final == TicketState.RESOLVED or not at(1, 60):
        return ticket
    services.ticket_sign_off(
        ticket=ticket, actor=technician, signer_name=ticket.reporter_name, signature=signature
    )
    if final == "reopened" and at(180, 1500):
        reopener = reporter_account or helpdesk
        services.ticket_reopen(ticket=ticket, actor=reopener, reason="Gangguan muncul lagi.")
        if at(10, 120):
            services.ticket_dispatch(ticket=ticket, actor=helpdesk, technician=technician)
        return ticket
    if reporter_account and rng.random() < 0.6 and at(30, 1200):
        services.ticket_rate(
            ticket=ticket,
            actor=reporter_account,
            rating=rng.choices([5, 4, 3, 2], [50, 30, 15, 5])[0],
            comment=rng.choice(["Cepat dan ramah.", "Terima kasih.", "", "Agak lama datang."]),
        )
    return ticket


def _bring_clocks_up_to_date(now: datetime) -> None:
    """The clocks of open tickets as of `now`, with the escalation level the scan would have
    reached (set silently: those escalations are history, not news)."""
    calendars: dict = {}
    open_tickets = Ticket.objects.filter(state__in=OPEN_STATES).select_related("category")
    for ticket in open_tickets:
        services.ticket_sla_refresh(ticket=ticket, now=now, calendars=calendars)
        level = escalation_level(ticket)
        if level:
            Ticket.objects.filter(pk=ticket.pk).update(sla_escalation_level=level)
