"""Who sees which installation requests: Diskominfo staff see all; an agency's users see their
agency's; providers see none."""

from django.db.models import QuerySet

from silajar.core.access import Policy, register
from silajar.installations.models import InstallationRequest, SurveyPhoto


@register(InstallationRequest)
class InstallationRequestPolicy(Policy):
    def scope(self, user, queryset: QuerySet, action: str) -> QuerySet:
        if user.is_internal_staff:
            return queryset
        if user.is_agency_user and user.organization_id:
            return queryset.filter(organization_id=user.organization_id)
        return queryset.none()


@register(SurveyPhoto)
class SurveyPhotoPolicy(Policy):
    """A photo is visible with its request."""

    def scope(self, user, queryset: QuerySet, action: str) -> QuerySet:
        if user.is_internal_staff:
            return queryset
        if user.is_agency_user and user.organization_id:
            return queryset.filter(request__organization_id=user.organization_id)
        return queryset.none()
