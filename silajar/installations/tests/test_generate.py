"""The bulk generator makes valid, numbered requests in every state, each with its history."""

import pytest
from django.core.management import CommandError, call_command

from silajar.accounts.roles import Role
from silajar.core.models import AuditEvent
from silajar.installations.choices import RequestState as S
from silajar.installations.models import InstallationRequest
from silajar.organizations.tests.factories import LocationFactory


def test_generates_requests_in_every_state_with_history(make_user, agency, other_agency):
    make_user(Role.TECHNICIAN)
    make_user(Role.SECTION_HEAD)
    LocationFactory(organization=agency)
    call_command("generate_installations", requests=400, batch=150, days=30)
    installations = InstallationRequest.objects.all()
    assert installations.count() == 400
    assert set(installations.values_list("state", flat=True)) == set(S.values)
    numbers = list(installations.values_list("number", flat=True))
    assert len(set(numbers)) == 400
    assert AuditEvent.objects.filter(action="installation.created").count() == 400
    for installation in installations.filter(state=S.COMPLETED)[:20]:
        installation.full_clean()  # every generated row is a valid record


def test_needs_the_demo_staff(db):
    with pytest.raises(CommandError):
        call_command("generate_installations", requests=5)
