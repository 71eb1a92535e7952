"""Who sees which tickets: Diskominfo staff see all; an agency's users see their agency's;
providers see none yet (the internet-disruption procedure links tickets to their contracts)."""

from silajar.core.access import AgencyScopedPolicy, register
from silajar.tickets.models import Ticket


@register(Ticket)
class TicketPolicy(AgencyScopedPolicy):
    pass


def sees_internal_notes(user) -> bool:
    """Internal comments and attachments are for Diskominfo staff only."""
    return user.is_internal_staff
