"""Who sees which agencies and places."""

from django.db.models import QuerySet

from silajar.core.access import Policy, register
from silajar.organizations.models import Location, Organization

READ_ACTIONS = {"view"}


@register(Organization)
class OrganizationPolicy(Policy):
    def scope(self, user, queryset: QuerySet, action: str) -> QuerySet:
        if user.is_internal_staff:
            if action in READ_ACTIONS or user.has_perm(f"organizations.{action}_organization"):
                return queryset
            return queryset.none()
        if user.is_agency_user and user.organization_id and action in READ_ACTIONS:
            return queryset.filter(pk=user.organization_id)
        return queryset.none()


@register(Location)
class LocationPolicy(Policy):
    def scope(self, user, queryset: QuerySet, action: str) -> QuerySet:
        if user.is_internal_staff:
            if action in READ_ACTIONS or user.has_perm(f"organizations.{action}_location"):
                return queryset
            return queryset.none()
        if (
            user.is_agency_user
            and user.organization_id
            and (action in READ_ACTIONS or user.has_perm(f"organizations.{action}_location"))
        ):
            return queryset.filter(organization_id=user.organization_id)
        return queryset.none()
