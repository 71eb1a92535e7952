"""SOP 1 (network installation) as a state machine: who may do what, from which state.

submitted ─forward→ forwarded ─assign_survey→ survey_assigned ─record_survey→ surveyed
surveyed ─start_installation (adequate)→ installing
surveyed ─issue_reply_letter (not adequate)→ awaiting_equipment ─confirm_equipment→
    equipment_ready ─start_installation→ installing
surveyed ─reject (not adequate)→ rejected
installing ─complete_installation→ installed ─sign_off→ completed
any open state ─cancel→ cancelled
"""

from django.utils.translation import gettext_lazy as _

from silajar.accounts.roles import Role
from silajar.core.workflow import Action, Workflow
from silajar.installations.choices import OPEN_STATES
from silajar.installations.choices import RequestState as S


def is_assigned_technician(user, installation) -> bool:
    return installation.technician_id is not None and installation.technician_id == user.pk


def is_requesting_agency(user, installation) -> bool:
    """An agency-side user (operator or user) of the agency that sent the letter."""
    return user.is_agency_user and user.organization_id == installation.organization_id


def is_requesting_operator(user, installation) -> bool:
    return is_requesting_agency(user, installation) and user.has_role(Role.OPD_OPERATOR)


def survey_adequate(installation, user):
    """Straight from the survey only when it found everything adequate."""
    if installation.state == S.SURVEYED and installation.adequate is not True:
        return _("The survey found the location not adequate; issue a reply letter instead.")
    return None


def survey_not_adequate(installation, user):
    if installation.adequate is not False:
        return _("The survey found the location adequate; start the installation instead.")
    return None


def slot_available(installation, user):
    if installation.slot_available is not True:
        return _("There is no slot or place: reject the request with a reply letter.")
    return None


INSTALLATION_FLOW = Workflow(
    name="installation",
    states=dict(S.choices),
    record="installation",
    services="silajar.installations.services",
    forms="silajar.installations.forms",
    serializers="silajar.installations.serializers",
    actions=[
        Action(
            "forward",
            {S.SUBMITTED},
            S.FORWARDED,
            (Role.UPDE_HEAD,),
            _("Forward"),
            form="NoteForm",
            body="InstallationNoteSerializer",
            summary="Head of UPDE: forward the letter, with a disposition note",
        ),
        Action(
            "assign_survey",
            {S.FORWARDED, S.SURVEY_ASSIGNED},
            S.SURVEY_ASSIGNED,
            (Role.SECTION_HEAD,),
            _("Assign a survey"),
            form="AssignSurveyForm",
            body="AssignSurveySerializer",
            summary="Section head: order a technician's survey",
        ),
        Action(
            "record_survey",
            {S.SURVEY_ASSIGNED},
            S.SURVEYED,
            (is_assigned_technician,),
            _("Record the survey"),
            form="SurveyForm",
            body="RecordSurveySerializer",
            summary=(
                "Technician: record the survey (JSON, or multipart with "
                "`photos` and `items` as JSON)"
            ),
        ),
        Action(
            "issue_reply_letter",
            {S.SURVEYED},
            S.AWAITING_EQUIPMENT,
            (Role.SECTION_HEAD,),
            _("Issue the reply letter"),
            guards=(survey_not_adequate, slot_available),
            form="ReplyLetterForm",
            body="InstallationVersionSerializer",
            summary=(
                "Section head: issue the reply letter (the answer carries `reply_letter_number`)"
            ),
        ),
        Action(
            "reject",
            {S.SURVEYED},
            S.REJECTED,
            (Role.SECTION_HEAD,),
            _("Reject (no slot or place)"),
            guards=(survey_not_adequate,),
            form="ReasonForm",
            body="InstallationReasonSerializer",
            summary="Section head: reject (no slot or place), with the reason",
            style="outline-danger",
        ),
        Action(
            "confirm_equipment",
            {S.AWAITING_EQUIPMENT},
            S.EQUIPMENT_READY,
            (is_requesting_agency,),
            _("Equipment is ready"),
            body="InstallationNoteSerializer",
            summary="The agency: the equipment asked for is ready",
            style="success",
            one_click=True,
        ),
        Action(
            "start_installation",
            {S.SURVEYED, S.EQUIPMENT_READY},
            S.INSTALLING,
            (is_assigned_technician, Role.SECTION_HEAD),
            _("Start the installation"),
            guards=(survey_adequate,),
            body="InstallationVersionSerializer",
            summary="Start the installation",
            one_click=True,
        ),
        Action(
            "complete_installation",
            {S.INSTALLING},
            S.INSTALLED,
            (is_assigned_technician,),
            _("Complete the installation"),
            form="CompleteForm",
            body="CompleteInstallationSerializer",
            summary="Technician: record the connection test and complete the installation",
            style="success",
        ),
        Action(
            "sign_off",
            {S.INSTALLED},
            S.COMPLETED,
            (is_requesting_agency, is_assigned_technician),
            _("Sign the installation form"),
            form="SignOffForm",
            body="InstallationSignOffSerializer",
            summary=(
                "Sign the installation form: a drawn signature or "
                "(multipart) the signed form's scan"
            ),
            style="success",
        ),
        Action(
            "cancel",
            OPEN_STATES,
            S.CANCELLED,
            (is_requesting_operator, Role.UPDE_HEAD, Role.SECTION_HEAD),
            _("Cancel"),
            form="ReasonForm",
            body="InstallationReasonSerializer",
            summary="Cancel the request, with a reason",
            style="outline-danger",
        ),
    ],
)
