from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from silajar.accounts.roles import Role
from silajar.core.errors import ActionForbidden, Conflict, DomainError
from silajar.core.letters import check_pattern, format_letter_number, letter_number_next
from silajar.core.models import AuditEvent, NumberSequence
from silajar.core.tests.files import media_files, png_bytes, signature_data_url, upload_file
from silajar.installations import services
from silajar.installations.choices import RequestState as S
from silajar.installations.models import InstallationRequest
from silajar.installations.tests.factories import Cast, act, file_request, walk_to


@pytest.fixture
def cast(agency):
    return Cast(agency)


@pytest.mark.parametrize("state", [s for s in S.values])
def test_walk_to_every_state(cast, state):
    installation = walk_to(state, cast)
    assert installation.state == state
    assert installation.number.startswith("PJ-")
    actions = set(
        AuditEvent.objects.filter(object_id=str(installation.pk)).values_list("action", flat=True)
    )
    assert "installation.created" in actions


def test_inadequate_branch_gets_reply_letter_number(cast):
    installation = walk_to(S.AWAITING_EQUIPMENT, cast)
    assert installation.reply_letter_number.startswith("555/1/DISKOMINFO-B/")
    assert installation.items.count() == 2
    assert installation.step_due_at is not None


# --- filing the letter -----------------------------------------------------------------------


def test_agency_operator_files_for_own_agency_only(cast, other_agency):
    with pytest.raises(ActionForbidden):
        file_request(cast, organization=other_agency)


@pytest.mark.parametrize("role", [Role.OPD_USER, Role.TECHNICIAN, Role.PROVIDER, Role.PPTK])
def test_roles_that_do_not_file_letters_are_refused(cast, role):
    with pytest.raises(ActionForbidden):
        file_request(cast, actor=cast[role])


def test_the_office_registers_a_paper_letter_for_any_agency(cast, other_agency):
    installation = file_request(cast, actor=cast[Role.UPDE_HEAD], organization=other_agency)
    assert installation.organization == other_agency
    assert installation.state == S.SUBMITTED


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"letter_date": date(2099, 1, 1)}, "letter_date"),
        ({"letter_date": "30-11-2026"}, "letter_date"),
        ({"signatory_nip": "12345"}, "signatory_nip"),
        ({"subject": "  "}, "subject"),
        ({"letter_file": None}, "letter_file"),
        ({"letter_file": upload_file(b"MZ\x90\x00 not a pdf", "surat.pdf")}, "letter_file"),
        ({"letter_file": upload_file(b"", "kosong.pdf")}, "letter_file"),
    ],
)
def test_bad_letters_are_refused_on_the_field_and_nothing_is_kept(cast, overrides, field):
    before = media_files()
    with pytest.raises(DomainError) as refused:
        file_request(cast, **overrides)
    assert field in refused.value.fields
    assert not InstallationRequest.objects.exists()
    assert media_files() == before


def test_numbers_are_yearly_and_gapless(cast):
    numbers = [file_request(cast).number for _ in range(3)]
    year = timezone.localdate().year
    assert numbers == [f"PJ-{year}-0001", f"PJ-{year}-0002", f"PJ-{year}-0003"]


# --- survey, letters, installation -----------------------------------------------------------


def test_adequate_needs_a_slot(cast):
    installation = walk_to(S.SURVEY_ASSIGNED, cast)
    with pytest.raises(DomainError) as refused:
        act(
            installation,
            cast,
            "record_survey",
            Role.TECHNICIAN,
            {"slot_available": False, "adequate": True},
        )
    assert "adequate" in refused.value.fields


def test_not_adequate_with_a_slot_lists_the_needs(cast):
    installation = walk_to(S.SURVEY_ASSIGNED, cast)
    with pytest.raises(DomainError) as refused:
        act(
            installation,
            cast,
            "record_survey",
            Role.TECHNICIAN,
            {"slot_available": True, "adequate": False, "items": []},
        )
    assert "items" in refused.value.fields


def test_bad_item_rows_are_named(cast):
    installation = walk_to(S.SURVEY_ASSIGNED, cast)
    items = [
        {"name": "Switch", "quantity": 1, "provided_by": "agency"},
        {"name": "", "quantity": 0, "provided_by": "elsewhere"},
    ]
    with pytest.raises(DomainError) as refused:
        act(
            installation,
            cast,
            "record_survey",
            Role.TECHNICIAN,
            {"slot_available": True, "adequate": False, "items": items},
        )
    assert list(refused.value.fields) == ["items[2]"]
    assert len(refused.value.fields["items[2]"]) == 3


def test_survey_photos_are_checked_and_kept_with_the_survey(cast):
    installation = walk_to(S.SURVEY_ASSIGNED, cast)
    before = media_files()
    with pytest.raises(DomainError):
        act(
            installation,
            cast,
            "record_survey",
            Role.TECHNICIAN,
            {
                "slot_available": True,
                "adequate": True,
                "photos": [
                    upload_file(png_bytes(), "a.png"),
                    upload_file(b"\x89PNG\r\n\x1a\nxx", "b.png"),
                ],
            },
        )
    assert media_files() == before
    installation.refresh_from_db()
    assert installation.state == S.SURVEY_ASSIGNED and not installation.photos.exists()
    act(
        installation,
        cast,
        "record_survey",
        Role.TECHNICIAN,
        {"slot_available": True, "adequate": True, "photos": [upload_file(png_bytes(), "a.png")]},
    )
    assert installation.photos.get().original_name == "a.png"


def test_reject_states_the_lack_of_a_slot_in_a_numbered_reply_letter(cast):
    installation = walk_to(S.REJECTED, cast)
    assert installation.reply_letter_number == f"555/1/DISKOMINFO-B/{timezone.localdate().year}"
    assert installation.rejection_reason
    assert installation.closed_at is not None and installation.step_due_at is None


def test_the_adequate_branch_cannot_take_the_reply_letter(cast):
    installation = walk_to(S.SURVEYED, cast, adequate=True)
    with pytest.raises(DomainError):
        act(installation, cast, "issue_reply_letter", Role.SECTION_HEAD, {})
    assert not NumberSequence.objects.filter(key="letter:reply").exists() or (
        NumberSequence.objects.get(key="letter:reply").last_value == 0
    )


def test_the_inadequate_branch_cannot_install_before_the_equipment(cast):
    installation = walk_to(S.SURVEYED, cast, adequate=False)
    with pytest.raises(DomainError):
        act(installation, cast, "start_installation", Role.TECHNICIAN, {})


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        ({"link_up": False, "ip_address": "10.0.0.2", "measured_mbps": "10"}, "link_up"),
        ({"link_up": True, "ip_address": "10.0.0.300", "measured_mbps": "10"}, "ip_address"),
        ({"link_up": True, "ip_address": "10.0.0.2", "measured_mbps": "-1"}, "measured_mbps"),
        ({"link_up": True, "ip_address": "10.0.0.2", "measured_mbps": "NaN"}, "measured_mbps"),
        ({"link_up": "maybe", "ip_address": "10.0.0.2", "measured_mbps": "1"}, "link_up"),
    ],
)
def test_only_a_working_connection_completes_the_installation(cast, inputs, field):
    installation = walk_to(S.INSTALLING, cast)
    with pytest.raises(DomainError) as refused:
        act(installation, cast, "complete_installation", Role.TECHNICIAN, inputs)
    assert field in refused.value.fields
    installation.refresh_from_db()
    assert installation.state == S.INSTALLING


def test_cancel_needs_a_reason(cast):
    installation = walk_to(S.FORWARDED, cast)
    with pytest.raises(DomainError):
        act(installation, cast, "cancel", Role.OPD_OPERATOR, {"reason": " "})
    installation = act(
        installation, cast, "cancel", Role.OPD_OPERATOR, {"reason": "Anggaran dialihkan."}
    )
    assert installation.state == S.CANCELLED and installation.cancel_reason == "Anggaran dialihkan."


def test_sign_off_refused_before_anything_is_stored(cast, other_agency_user):
    installation = walk_to(S.INSTALLED, cast)
    before = media_files()
    with pytest.raises(ActionForbidden):
        services.installation_sign_off(
            installation=installation,
            actor=other_agency_user,
            signer_name="X",
            signature=signature_data_url(),
        )
    assert media_files() == before


def test_editing_the_letter_only_until_forwarded(cast):
    installation = walk_to(S.SUBMITTED, cast)
    installation = services.installation_update(
        actor=cast[Role.OPD_OPERATOR],
        installation=installation,
        data={"subject": "Perihal baru"},
        expected_version=installation.version,
    )
    assert installation.subject == "Perihal baru"
    with pytest.raises(Conflict):
        services.installation_update(
            actor=cast[Role.OPD_OPERATOR],
            installation=installation,
            data={"subject": "Lagi"},
            expected_version=installation.version - 1,
        )
    installation = act(installation, cast, "forward", Role.UPDE_HEAD, {})
    with pytest.raises(DomainError):
        services.installation_update(
            actor=cast[Role.OPD_OPERATOR],
            installation=installation,
            data={"subject": "Terlambat"},
            expected_version=installation.version,
        )


# --- official letter numbers -----------------------------------------------------------------


def test_letter_number_patterns():
    day = date(2026, 3, 2)
    assert format_letter_number("555/{seq}/DISKOMINFO-B/{year}", seq=7, day=day) == (
        "555/7/DISKOMINFO-B/2026"
    )
    assert format_letter_number("{seq:03d}/{month_roman}/{year}", seq=7, day=day) == (
        "007/III/2026"
    )
    for bad in ("555/DISKOMINFO/{year}", "{seq}/{agency}"):
        with pytest.raises(ImproperlyConfigured):
            check_pattern(bad)


def test_letter_numbers_restart_each_year(db):
    with transaction.atomic():
        first = letter_number_next("reply", day=date(2026, 12, 31))
        second = letter_number_next("reply", day=date(2027, 1, 2))
        third = letter_number_next("reply", day=date(2027, 1, 3))
    assert (first, second, third) == (
        "555/1/DISKOMINFO-B/2026",
        "555/1/DISKOMINFO-B/2027",
        "555/2/DISKOMINFO-B/2027",
    )
