"""What generated tickets are drawn from: the agencies, places, categories, staff and service
targets of `seed_demo`, the working days they are spread over, and the mix of channels."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import CommandError
from django.utils import timezone

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.models import Holiday
from silajar.core.working_calendar import office_calendar
from silajar.organizations.models import Criticality, Location, Organization
from silajar.tickets.demo.vocabulary import CATEGORY_WEIGHTS, DESCRIPTIONS
from silajar.tickets.models import Category, SlaTarget, Ticket
from silajar.tickets.services.filing import suggest_priority

CHANNELS = (["phone"] * 38 + ["whatsapp"] * 28 + ["email"] * 8 + ["web"] * 14
            + ["walk_in"] * 7 + ["monitoring"] * 5)  # fmt: skip
SCOPES = ["single_device", "whole_location", "unknown"]


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


def build_context(days: int, seed: int) -> Context:
    """Read everything the generator draws from once. Raises CommandError when the agencies,
    categories or staff of `seed_demo` are missing."""
    organizations = list(Organization.objects.filter(is_active=True).values_list("pk", flat=True))
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
