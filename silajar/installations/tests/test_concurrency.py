"""Many people acting on installation requests at once, on the real database (SQLite or
PostgreSQL): official letter numbers without gaps or twins, one winner per transition."""

import time
from collections import Counter

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.utils import timezone

from silajar.accounts.roles import Role, sync_role_groups
from silajar.core.letters import format_letter_number
from silajar.core.models import AuditEvent, NumberSequence
from silajar.core.tests.concurrency import run_together
from silajar.installations.choices import RequestState as S
from silajar.installations.models import InstallationRequest
from silajar.installations.services.letters import REPLY_LETTER_SERIES
from silajar.installations.tests.factories import Cast, walk_to
from silajar.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db(transaction=True)
LETTERS = 30
THREADS = 20


@pytest.fixture
def cast():
    """A transactional test may start after others emptied every table: put the role groups
    back, then one agency and its people."""
    sync_role_groups(Group.objects, Permission.objects)
    return Cast(OrganizationFactory())


def path(installation, action: str) -> str:
    return f"/api/v1/installation-requests/{installation.pk}/{action}/"


def letter_sequence() -> int:
    row = NumberSequence.objects.filter(
        key=f"letter:{REPLY_LETTER_SERIES}", year=timezone.localdate().year
    ).first()
    return row.last_value if row else 0


def test_thirty_reply_letters_at_once_get_thirty_gapless_numbers(cast):
    installations = [walk_to(S.SURVEYED, cast, adequate=False) for _ in range(LETTERS)]
    # two section heads sign letters at the same time
    heads = [cast[Role.SECTION_HEAD], Cast(cast.organization)[Role.SECTION_HEAD]]
    calls = [
        (heads[i % 2], path(installation, "issue_reply_letter"), {"version": installation.version})
        for i, installation in enumerate(installations)
    ]

    started = time.perf_counter()
    statuses = run_together(calls)
    elapsed = time.perf_counter() - started
    print(f"\n{LETTERS} concurrent reply letters on {connection.vendor}: {elapsed:.2f} s")

    assert statuses == Counter({200: LETTERS})
    today = timezone.localdate()
    expected = [
        format_letter_number(settings.SILAJAR_REPLY_LETTER_PATTERN, seq=n, day=today)
        for n in range(1, LETTERS + 1)
    ]
    issued = list(
        InstallationRequest.objects.filter(pk__in=[r.pk for r in installations]).values_list(
            "state", "reply_letter_number", "reply_letter_date"
        )
    )
    assert {state for state, _number, _day in issued} == {S.AWAITING_EQUIPMENT}
    assert {day for _state, _number, day in issued} == {today}
    assert sorted(number for _state, number, _day in issued) == sorted(expected)
    assert letter_sequence() == LETTERS
    assert AuditEvent.objects.filter(action="installation.issue_reply_letter").count() == LETTERS


def test_the_same_reply_letter_fired_at_once_one_wins_and_no_number_is_lost(cast):
    installation = walk_to(S.SURVEYED, cast, adequate=False)
    seen = installation.version
    heads = [cast[Role.SECTION_HEAD], Cast(cast.organization)[Role.SECTION_HEAD]]
    calls = [
        # half send the version they saw, half none: both must be refused once it moved
        (heads[i % 2], path(installation, "issue_reply_letter"), {"version": seen} if i % 2 else {})
        for i in range(THREADS)
    ]

    statuses = run_together(calls)

    assert statuses == Counter({200: 1, 409: THREADS - 1})
    installation.refresh_from_db()
    assert (installation.state, installation.version) == (S.AWAITING_EQUIPMENT, seen + 1)
    first = format_letter_number(
        settings.SILAJAR_REPLY_LETTER_PATTERN, seq=1, day=timezone.localdate()
    )
    assert installation.reply_letter_number == first
    assert letter_sequence() == 1  # the refused ones gave their number back
    assert AuditEvent.objects.filter(action="installation.issue_reply_letter").count() == 1


@pytest.mark.parametrize(
    ("source", "adequate", "action", "role", "body", "target"),
    [
        (S.SUBMITTED, None, "forward", Role.UPDE_HEAD, {"note": "Lanjut."}, S.FORWARDED),
        (S.SURVEYED, True, "start_installation", Role.TECHNICIAN, {}, S.INSTALLING),
        (S.AWAITING_EQUIPMENT, False, "confirm_equipment", Role.OPD_OPERATOR, {}, None),
        (
            S.INSTALLING,
            True,
            "complete_installation",
            Role.TECHNICIAN,
            {"link_up": True, "ip_address": "10.0.0.7", "measured_mbps": 88},
            S.INSTALLED,
        ),
    ],
    ids=["forward", "start_installation", "confirm_equipment", "complete_installation"],
)
def test_the_same_action_fired_at_once_one_wins(cast, source, adequate, action, role, body, target):
    installation = walk_to(source, cast, adequate=adequate)
    seen = installation.version
    actors = [cast[role]]
    if action == "confirm_equipment":
        actors.append(cast[Role.OPD_USER])  # the operator and the user both press the button
    calls = [
        (actors[i % len(actors)], path(installation, action), {**body, "version": seen})
        for i in range(THREADS)
    ]

    statuses = run_together(calls)

    assert statuses == Counter({200: 1, 409: THREADS - 1})
    installation.refresh_from_db()
    assert installation.state == (target or S.EQUIPMENT_READY)
    assert installation.version == seen + 1
    assert AuditEvent.objects.filter(action=f"installation.{action}").count() == 1


def test_competing_decisions_on_one_survey_only_one_lands(cast):
    """Reply letter, rejection and cancellation fired at once against the same version."""
    installation = walk_to(S.SURVEYED, cast, adequate=False)
    seen = installation.version
    head = cast[Role.SECTION_HEAD]
    choices = [
        (head, path(installation, "issue_reply_letter"), {}),
        (head, path(installation, "reject"), {"reason": "Tidak ada tempat."}),
        (cast[Role.UPDE_HEAD], path(installation, "cancel"), {"reason": "Ditarik."}),
        (cast[Role.OPD_OPERATOR], path(installation, "cancel"), {"reason": "Tidak jadi."}),
    ]
    calls = [
        (user, url, {**body, "version": seen})
        for user, url, body in (choices[i % len(choices)] for i in range(THREADS))
    ]

    statuses = run_together(calls)

    assert statuses == Counter({200: 1, 409: THREADS - 1})
    installation.refresh_from_db()
    assert installation.version == seen + 1
    assert installation.state in {S.AWAITING_EQUIPMENT, S.REJECTED, S.CANCELLED}
    transitions = AuditEvent.objects.filter(
        action__in=[
            "installation.issue_reply_letter",
            "installation.reject",
            "installation.cancel",
        ]
    )
    assert transitions.count() == 1
    # a letter number was kept only if a letter went out (issued or rejection)
    assert letter_sequence() == (1 if installation.reply_letter_number else 0)
