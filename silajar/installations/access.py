"""Who sees which installation requests: Diskominfo staff see all; an agency's users see their
agency's; providers see none."""

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.access import AgencyScopedPolicy, register
from silajar.installations.models import InstallationRequest, SurveyPhoto
from silajar.organizations.models import Organization

# who may register a paper letter on an agency's behalf
REGISTRARS = (Role.UPDE_HEAD, Role.HELPDESK, Role.SECTION_HEAD)


@register(InstallationRequest)
class InstallationRequestPolicy(AgencyScopedPolicy):
    pass


@register(SurveyPhoto)
class SurveyPhotoPolicy(AgencyScopedPolicy):
    """A photo is visible with its request."""

    agency_field = "request__organization_id"


def can_file_for(actor: User, organization: Organization) -> bool:
    """Agency operators file for their own agency; the office registers paper letters."""
    if actor.is_agency_user:
        return actor.has_role(Role.OPD_OPERATOR) and actor.organization_id == organization.pk
    return actor.is_superuser or actor.has_role(*REGISTRARS)


def may_set_step_targets(user) -> bool:
    """Administrators and the section head keep the steps' targets."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_administrator or user.has_role(Role.SECTION_HEAD))
    )
