"""Who sees which part of the network: Diskominfo staff see every device, port and cable; an
agency's users see those at their own agency's places (read only); providers see none. Only the
office's network people change the inventory (`may_manage_inventory`)."""

from django.db.models import QuerySet

from silajar.accounts.roles import Role
from silajar.core.access import Policy, register
from silajar.inventory.models import Cable, Device, ImportRun, Port

MANAGING_ROLES = (Role.TECHNICIAN, Role.NETWORK_ADMIN, Role.SECTION_HEAD)


def may_manage_inventory(user) -> bool:
    """Technicians, the network administrator and the section head keep the inventory."""
    return bool(user.is_authenticated and (user.is_superuser or user.has_role(*MANAGING_ROLES)))


class PlaceScopedPolicy(Policy):
    """Staff see all, an agency's users the rows at their agency's places (`agency_field`);
    only the inventory's keepers change anything."""

    agency_field = "location__organization_id"

    def scope(self, user, queryset: QuerySet, action: str) -> QuerySet:
        if action != "view":
            return queryset if may_manage_inventory(user) else queryset.none()
        if user.is_internal_staff:
            return queryset
        if user.is_agency_user and user.organization_id:
            return queryset.filter(**{self.agency_field: user.organization_id})
        return queryset.none()


@register(Device)
class DevicePolicy(PlaceScopedPolicy):
    pass


@register(Port)
class PortPolicy(PlaceScopedPolicy):
    agency_field = "device__location__organization_id"


@register(Cable)
class CablePolicy(PlaceScopedPolicy):
    agency_field = "ports__device__location__organization_id"

    def scope(self, user, queryset: QuerySet, action: str) -> QuerySet:
        scoped = super().scope(user, queryset, action)
        # through the ports a cable can match twice
        return scoped if scoped is queryset else scoped.distinct()


@register(ImportRun)
class ImportRunPolicy(Policy):
    """An import is seen by whoever started it."""

    def scope(self, user, queryset: QuerySet, action: str) -> QuerySet:
        return queryset.filter(created_by=user) if may_manage_inventory(user) else queryset.none()
