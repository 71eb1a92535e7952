"""seed_demo: each app's demo, in the order of INSTALLED_APPS; the accounts to sign in with."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from silajar.accounts.models import User
from silajar.core.models import AuditEvent, Holiday
from silajar.demo.management.commands.seed_demo import DEMO_ACCOUNTS, demo_modules
from silajar.organizations.models import Location, Organization

pytestmark = pytest.mark.django_db


def seed_demo(*args: str) -> str:
    out = StringIO()
    # the procedures' demos are tested with them; here only what they report
    with mock.patch("silajar.installations.demo.seed_installations", return_value=0):
        call_command("seed_demo", "--force", "--tickets", "0", *args, stdout=out)
    return out.getvalue()


def test_every_app_demo_is_seeded_lower_layers_first(settings):
    apps = [module.__name__.removesuffix(".demo") for module in demo_modules()]
    assert apps == [
        "silajar.core",
        "silajar.organizations",
        "silajar.accounts",
        "silajar.inventory",
        "silajar.tickets",
        "silajar.installations",
        "silajar.providers",
        "silajar.contracts",
        "silajar.monitoring",
        "silajar.bandwidth",
    ]
    assert apps == sorted(apps, key=settings.INSTALLED_APPS.index)


def test_refused_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()


def test_lists_the_accounts_once_created_and_keeps_what_exists():
    first = seed_demo("--password", "Coba-Demo-2026")
    assert "Demo complaints: 0 added.\nDemo installation requests: 0 added.\n" in first
    assert f"Demo data ready ({len(DEMO_ACCOUNTS)} new accounts)" in first
    for username in DEMO_ACCOUNTS:
        assert f"  {username:<14} password: Coba-Demo-2026\n" in first
        assert User.objects.get(username=username).check_password("Coba-Demo-2026")
    assert User.objects.get(username="opd_user").organization.short_name == "DINKES"
    assert User.objects.get(username="helpdesk").organization.short_name == "DISKOMINFO"
    counts = [model.objects.count() for model in (User, Organization, Location, Holiday)]
    events = AuditEvent.objects.count()

    again = seed_demo()
    assert "Demo data ready (0 new accounts)" in again
    assert "  admin          password: (unchanged; set when first created)\n" in again
    assert [model.objects.count() for model in (User, Organization, Location, Holiday)] == counts
    assert AuditEvent.objects.count() == events
    assert User.objects.get(username="admin").check_password("Coba-Demo-2026")
