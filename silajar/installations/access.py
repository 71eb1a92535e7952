"""Who sees which installation requests: Diskominfo staff see all; an agency's users see their
agency's; providers see none."""

from silajar.core.access import AgencyScopedPolicy, register
from silajar.installations.models import InstallationRequest, SurveyPhoto


@register(InstallationRequest)
class InstallationRequestPolicy(AgencyScopedPolicy):
    pass


@register(SurveyPhoto)
class SurveyPhotoPolicy(AgencyScopedPolicy):
    """A photo is visible with its request."""

    agency_field = "request__organization_id"
