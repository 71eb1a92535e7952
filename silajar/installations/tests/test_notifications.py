"""Who hears about each hand-over of an installation request: after the commit, through the
worker (immediate in tests), the right people, once."""

import pytest
from django.core import mail

from silajar.accounts.roles import Role
from silajar.installations import tasks
from silajar.installations.choices import RequestState as S
from silajar.installations.tests.factories import INADEQUATE_PATH, Cast, act, file_request, walk_to
from silajar.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(agency, make_user):
    return Cast(
        agency,
        opd_operator=make_user(Role.OPD_OPERATOR, email="operator@example.org"),
        opd_user=make_user(Role.OPD_USER, email="staf@example.org"),
        upde_head=make_user(Role.UPDE_HEAD, email="kupde@example.org"),
        section_head=make_user(Role.SECTION_HEAD, email="kasi@example.org"),
        technician=make_user(Role.TECHNICIAN, email="teknisi@example.org"),
        helpdesk=make_user(Role.HELPDESK, email="desk@example.org"),
    )


@pytest.fixture
def bystanders(make_user, other_agency):
    """People who must never hear about the demo agency's request."""
    return [
        make_user(Role.OPD_OPERATOR, organization=other_agency),
        make_user(Role.TECHNICIAN),
        make_user(Role.SECTION_HEAD, is_active=False),
    ]


def told(capture, run) -> tuple:
    """Run `run` with its commit callbacks executed; who got which new notification kinds."""
    before = set(Notification.objects.values_list("pk", flat=True))
    with capture(execute=True):
        result = run()
    new = Notification.objects.exclude(pk__in=before).select_related("recipient")
    heard: dict[str, set[str]] = {}
    for note in new:
        heard.setdefault(note.kind, set()).add(note.recipient.username)
    return result, heard


def names(cast, *roles) -> set[str]:
    return {cast[role].username for role in roles}


def test_each_hand_over_tells_the_next_people_once(
    cast, bystanders, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    installation, heard = told(capture, lambda: file_request(cast))
    assert heard == {"installation.submitted": names(cast, Role.UPDE_HEAD)}
    expected = {
        "forward": ("installation.forwarded", (Role.SECTION_HEAD,)),
        "assign_survey": ("installation.survey_assigned", (Role.TECHNICIAN,)),
        "record_survey": ("installation.surveyed", (Role.SECTION_HEAD,)),
        "issue_reply_letter": ("installation.reply_letter", (Role.OPD_OPERATOR,)),
        "confirm_equipment": (
            "installation.equipment_ready",
            (Role.TECHNICIAN, Role.SECTION_HEAD),
        ),
        "start_installation": ("installation.installing", (Role.OPD_OPERATOR,)),
        "complete_installation": (
            "installation.installed",
            (Role.OPD_OPERATOR, Role.OPD_USER),
        ),
        "sign_off": ("installation.completed", (Role.TECHNICIAN, Role.SECTION_HEAD)),
    }
    for action, role, inputs in INADEQUATE_PATH:
        installation, heard = told(
            capture, lambda q=installation, a=action, r=role, i=inputs: act(q, cast, a, r, i)
        )
        kind, roles = expected[action]
        assert heard == {kind: names(cast, *roles)}, action
        # a retried announcement of the same change adds nothing
        before = Notification.objects.count(), len(mail.outbox)
        tasks.announce(kind.removeprefix("installation."), installation.pk, installation.version)
        assert (Notification.objects.count(), len(mail.outbox)) == before, action
    # ... also when it runs late, after the request moved on (the key names the change)
    first = Notification.objects.filter(kind="installation.forwarded").first()
    before = Notification.objects.count()
    tasks.announce("forwarded", installation.pk, int(first.dedupe_key.rsplit(":v", 1)[1]))
    assert Notification.objects.count() == before
    assert installation.state == S.COMPLETED
    for person in bystanders:
        assert not Notification.objects.filter(recipient=person).exists()
    assert not Notification.objects.filter(recipient=cast[Role.HELPDESK]).exists()


def test_notifications_carry_the_number_and_a_link_and_mail_leaves(
    cast, django_capture_on_commit_callbacks
):
    installation, _ = told(django_capture_on_commit_callbacks, lambda: file_request(cast))
    note = Notification.objects.get(recipient=cast[Role.UPDE_HEAD])
    assert installation.number in note.title and note.url == f"/installations/{installation.pk}/"
    assert installation.subject in note.body
    assert [m.to for m in mail.outbox] == [["kupde@example.org"]]
    assert installation.number in mail.outbox[0].subject


def test_rejection_and_cancel_tell_the_agency(cast, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    surveyed = walk_to(S.SURVEYED, cast, adequate=False)
    reason = {"reason": "Tidak ada slot."}
    _, heard = told(capture, lambda: act(surveyed, cast, "reject", "section_head", reason))
    assert heard == {"installation.rejected": names(cast, Role.OPD_OPERATOR)}
    assigned = walk_to(S.SURVEY_ASSIGNED, cast)
    _, heard = told(
        capture, lambda: act(assigned, cast, "cancel", "upde_head", {"reason": "Batal."})
    )
    assert heard == {"installation.cancelled": names(cast, Role.OPD_OPERATOR, Role.TECHNICIAN)}


def test_a_reassigned_survey_tells_the_new_technician(
    cast, make_user, django_capture_on_commit_callbacks
):
    installation = walk_to(S.SURVEY_ASSIGNED, cast)
    other = make_user(Role.TECHNICIAN)
    _, heard = told(
        django_capture_on_commit_callbacks,
        lambda: act(installation, cast, "assign_survey", "section_head", {"technician": other}),
    )
    assert heard == {"installation.survey_assigned": {other.username}}


def test_a_paper_letter_registered_by_the_office_tells_the_agency_operators(
    cast, django_capture_on_commit_callbacks
):
    """The filer (here the helpdesk) and the agency's operators hear of the reply letter."""
    installation = file_request(cast, actor=cast[Role.HELPDESK])
    for action, role, inputs in INADEQUATE_PATH[:3]:
        installation = act(installation, cast, action, role, inputs)
    _, heard = told(
        django_capture_on_commit_callbacks,
        lambda: act(installation, cast, "issue_reply_letter", "section_head", {}),
    )
    assert heard == {"installation.reply_letter": names(cast, Role.OPD_OPERATOR, Role.HELPDESK)}
