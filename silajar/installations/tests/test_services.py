import pytest

from silajar.core.models import AuditEvent
from silajar.installations.choices import RequestState as S
from silajar.installations.testing import Cast, walk_to


@pytest.fixture
def cast(agency):
    return Cast(agency)


@pytest.mark.parametrize("state", [s for s in S.values])
def test_walk_to_every_state(cast, state):
    request = walk_to(state, cast)
    assert request.state == state
    assert request.number.startswith("PJ-")
    actions = set(
        AuditEvent.objects.filter(object_id=str(request.pk)).values_list("action", flat=True)
    )
    assert "installation.created" in actions


def test_inadequate_branch_gets_reply_letter_number(cast):
    request = walk_to(S.AWAITING_EQUIPMENT, cast)
    assert request.reply_letter_number.startswith("555/1/DISKOMINFO-B/")
    assert request.items.count() == 2
    assert request.step_due_at is not None
