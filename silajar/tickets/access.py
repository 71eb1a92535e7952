"""Who sees which tickets: Diskominfo staff see all; an agency's users see their agency's;
providers see none yet (the internet-disruption procedure links tickets to their contracts)."""

from django.db.models import QuerySet

from silajar.core.access import Policy, register
from silajar.tickets.models import Ticket


@register(Ticket)
class TicketPolicy(Policy):
    def scope(self, user, queryset: QuerySet, action: str) -> QuerySet:
        if user.is_internal_staff:
            return queryset
        if user.is_agency_user and user.organization_id:
            return queryset.filter(organization_id=user.organization_id)
        return queryset.none()


def sees_internal_notes(user) -> bool:
    """Internal comments and attachments are for Diskominfo staff only."""
    return user.is_internal_staff
