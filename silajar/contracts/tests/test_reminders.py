"""The worker's daily scan with a frozen clock: a contract ending in 90, 60 and 30 days reminds
the section head, the PPTK and the KPA once at each mark (a second scan on the same day, or the
days between marks, add nothing); the day after its period it expires (the system's event);
the calendar page lists the year's milestones."""

from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from silajar.accounts.roles import Role
from silajar.contracts.tasks import contracts_daily
from silajar.core.models import AuditEvent
from silajar.notifications.models import Notification
from silajar.providers.tests.factories import ContractFactory

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Pontianak")


def frozen(day: date):
    return mock.patch(
        "django.utils.timezone.now",
        return_value=datetime(day.year, day.month, day.day, 6, 15, tzinfo=WIB),
    )


def test_each_reminder_once_then_the_expiry(make_user):
    told = [make_user(Role.SECTION_HEAD), make_user(Role.PPTK), make_user(Role.KPA)]
    make_user(Role.HELPDESK)
    contract = ContractFactory(period_end=date(2026, 12, 31))
    end = contract.period_end
    seen = []
    day = end - timedelta(days=100)
    while day <= end + timedelta(days=1):
        with frozen(day):
            contracts_daily()
            contracts_daily()  # a second scan the same day adds nothing
        keys = set(Notification.objects.values_list("dedupe_key", flat=True))
        seen.append((day, len(keys)))
        day += timedelta(days=1)
    reminders = Notification.objects.filter(kind="contract.ending")
    assert reminders.count() == 9  # three marks × three people
    assert {n.recipient_id for n in reminders} == {u.pk for u in told}
    marks = sorted(
        {key.rsplit(":", 1)[1] for key in reminders.values_list("dedupe_key", flat=True)}
    )
    assert marks == ["30", "60", "90"]
    first = {count: d for d, count in reversed(seen)}
    # one key per mark (each recipient's notification carries it)
    assert first[1] == end - timedelta(days=90)
    assert first[2] == end - timedelta(days=60)
    assert first[3] == end - timedelta(days=30)
    contract.refresh_from_db()
    assert contract.state == "expired"
    assert (
        AuditEvent.objects.filter(action="contract.expired", object_id=str(contract.pk)).count()
        == 1
    )


def test_a_contract_found_late_gets_only_the_mark_it_is_at(make_user):
    make_user(Role.KPA)
    contract = ContractFactory(period_end=date(2026, 12, 31))
    with frozen(contract.period_end - timedelta(days=45)):
        contracts_daily()
    keys = list(Notification.objects.values_list("dedupe_key", flat=True))
    assert len(keys) == 1 and keys[0].endswith(":60")


def test_the_calendar_lists_the_years_milestones(make_user, client_as):
    contract = ContractFactory(period_end=date(2026, 12, 31))
    page = client_as(make_user(Role.KPA)).get("/contracts/calendar/?year=2026").content.decode()
    assert contract.number in page
    assert page.count('data-kind="reminder_') == 3
    assert client_as(make_user(Role.OPD_USER)).get("/contracts/calendar/").status_code == 403
