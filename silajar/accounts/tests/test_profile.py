"""One's own profile: the page shows it, a save changes name, phone and position (audited), and
a stale form does not overwrite a newer save."""

import pytest

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PROFILE_URL = "/accounts/profile/"


@pytest.fixture
def rina(make_user):
    return make_user(Role.OPD_USER, full_name="Rina Wati", phone="0561-111", position="Staf")


def test_saving_ones_profile_changes_it_and_audits_it(client_as, rina):
    client = client_as(rina)

    response = client.post(
        PROFILE_URL,
        {
            "full_name": "Rina Wati, S.T.",
            "phone": "0812-5555-0101",
            "position": "Pranata Komputer",
            "version": rina.version,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    stored = User.objects.get(pk=rina.pk)
    assert (stored.full_name, stored.phone, stored.position) == (
        "Rina Wati, S.T.",
        "0812-5555-0101",
        "Pranata Komputer",
    )
    assert stored.version == rina.version + 1
    event = AuditEvent.objects.get(action="account.updated", object_id=str(rina.pk))
    assert event.actor == rina
    assert event.changes["phone"] == ["0561-111", "0812-5555-0101"]


def test_a_stale_profile_form_is_refused_and_saves_nothing(client_as, rina):
    client = client_as(rina)
    stale = rina.version
    User.objects.filter(pk=rina.pk).update(version=stale + 1)

    response = client.post(
        PROFILE_URL,
        {"full_name": "Lama", "phone": "0561-222", "position": "Lama", "version": stale},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert User.objects.get(pk=rina.pk).full_name == "Rina Wati"
