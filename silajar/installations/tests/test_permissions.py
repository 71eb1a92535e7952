"""Every action of the installation procedure by every role, through the API.

The table is written out from the SOP (issue 4: who does what), not read from the workflow, so a
change of the workflow that breaks the SOP fails here. Each action is fired on a request walked
(through the real services) to the action's source state; a refused action changes nothing."""

import pytest

from silajar.accounts.roles import Role
from silajar.core.models import AuditEvent
from silajar.core.tests.files import media_files, signature_data_url
from silajar.installations.choices import RequestState as S
from silajar.installations.models import InstallationRequest
from silajar.installations.tests.factories import INADEQUATE_PATH, Cast, walk_to
from silajar.installations.tests.test_api import client_for, url
from silajar.installations.workflows import INSTALLATION_FLOW

pytestmark = pytest.mark.django_db

SUPERUSER = "superuser"
OTHER_OPERATOR = "other_agency_operator"
OTHER_USER = "other_agency_user"
OTHER_TECHNICIAN = "unassigned_technician"  # a technician, but not the one assigned
ACTORS = [*Role.values, SUPERUSER, OTHER_OPERATOR, OTHER_USER, OTHER_TECHNICIAN]
INVISIBLE = {Role.PROVIDER, Role.SYSTEM_ADMIN, OTHER_OPERATOR, OTHER_USER}  # not seen: 404
AGENCY = {Role.OPD_OPERATOR, Role.OPD_USER}
ASSIGNED = Role.TECHNICIAN  # the cast's technician is the one the survey is assigned to

SURVEY_ITEMS = INADEQUATE_PATH[2][2]["items"]

# (action, source state, adequate survey?, state after, who may fire it per the SOP, body)
TABLE = [
    ("forward", S.SUBMITTED, None, S.FORWARDED, {Role.UPDE_HEAD}, {"note": "Mohon disurvei."}),
    ("assign_survey", S.FORWARDED, None, S.SURVEY_ASSIGNED, {Role.SECTION_HEAD}, {}),
    (
        "record_survey",
        S.SURVEY_ASSIGNED,
        None,
        S.SURVEYED,
        {ASSIGNED},
        {"slot_available": True, "adequate": False, "items": SURVEY_ITEMS, "notes": "Kurang."},
    ),
    ("issue_reply_letter", S.SURVEYED, False, S.AWAITING_EQUIPMENT, {Role.SECTION_HEAD}, {}),
    ("reject", S.SURVEYED, False, S.REJECTED, {Role.SECTION_HEAD}, {"reason": "Tidak ada rak."}),
    ("confirm_equipment", S.AWAITING_EQUIPMENT, False, S.EQUIPMENT_READY, AGENCY, {}),
    ("start_installation", S.SURVEYED, True, S.INSTALLING, {ASSIGNED, Role.SECTION_HEAD}, {}),
    (
        "start_installation",
        S.EQUIPMENT_READY,
        False,
        S.INSTALLING,
        {ASSIGNED, Role.SECTION_HEAD},
        {},
    ),
    (
        "complete_installation",
        S.INSTALLING,
        True,
        S.INSTALLED,
        {ASSIGNED},
        {"link_up": True, "ip_address": "10.1.2.3", "measured_mbps": "94.20"},
    ),
    (
        "sign_off",
        S.INSTALLED,
        True,
        S.COMPLETED,
        {*AGENCY, ASSIGNED},
        {"signer_name": "Siti Aminah", "signature": "drawn"},
    ),
    (
        "cancel",
        S.SUBMITTED,
        None,
        S.CANCELLED,
        {Role.OPD_OPERATOR, Role.UPDE_HEAD, Role.SECTION_HEAD},
        {"reason": "Tidak jadi."},
    ),
    (
        "cancel",
        S.INSTALLING,
        True,
        S.CANCELLED,
        {Role.OPD_OPERATOR, Role.UPDE_HEAD, Role.SECTION_HEAD},
        {"reason": "Gedung direnovasi."},
    ),
]


def actor_for(key: str, cast: Cast, make_user, other_agency):
    if key == SUPERUSER:
        return make_user(is_superuser=True, is_staff=True)
    if key == OTHER_OPERATOR:
        return make_user(Role.OPD_OPERATOR, organization=other_agency)
    if key == OTHER_USER:
        return make_user(Role.OPD_USER, organization=other_agency)
    if key == OTHER_TECHNICIAN:
        return make_user(Role.TECHNICIAN)
    return cast[key]


def body_for(action: str, body: dict, cast: Cast) -> dict:
    body = dict(body)
    if action == "assign_survey":
        body["technician"] = cast[Role.TECHNICIAN].pk
    if body.get("signature") == "drawn":
        body["signature"] = signature_data_url()
    return body


def test_the_table_covers_every_action_and_role():
    assert {row[0] for row in TABLE} == set(INSTALLATION_FLOW.by_name)
    assert set(Role.values) <= set(ACTORS) and len(Role.values) == 12


@pytest.mark.parametrize("actor_key", ACTORS)
@pytest.mark.parametrize(
    ("action", "source", "adequate", "target", "allowed", "body"),
    TABLE,
    ids=[f"{row[0]}-from-{row[1]}" for row in TABLE],
)
def test_every_action_by_every_role(
    action, source, adequate, target, allowed, body, actor_key, agency, make_user, other_agency
):
    cast = Cast(agency)
    installation = walk_to(source, cast, adequate=adequate)
    assert installation.state == source
    actor = actor_for(actor_key, cast, make_user, other_agency)
    before = InstallationRequest.objects.get(pk=installation.pk)
    events = AuditEvent.objects.count()
    files = media_files()

    response = client_for(actor).post(
        url(installation, action),
        {**body_for(action, body, cast), "version": before.version},
        format="json",
    )
    after = InstallationRequest.objects.get(pk=installation.pk)

    if actor_key in INVISIBLE:
        assert response.status_code == 404, response.content
        assert response.json()["error"]["code"] == "not_found"
    elif actor_key in allowed:
        assert response.status_code == 200, response.content
        answer = response.json()
        assert answer["id"] == installation.pk
        assert answer["state"] == target == after.state
        assert answer["version"] == before.version + 1 == after.version
        assert isinstance(answer["available_actions"], list)
        assert AuditEvent.objects.filter(
            action=f"installation.{action}", object_id=str(installation.pk)
        ).exists()
        return
    else:
        assert response.status_code == 403, response.content
        error = response.json()["error"]
        assert error["code"] == "forbidden"
        assert error["message"]
    # a refused action changes nothing and leaves nothing behind
    assert (after.state, after.version, after.updated_at) == (
        before.state,
        before.version,
        before.updated_at,
    )
    assert AuditEvent.objects.count() == events
    assert media_files() == files
