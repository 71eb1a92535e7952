"""Who sees which tickets: Diskominfo staff see all; an agency's users see their agency's;
providers see none yet (the internet-disruption procedure links tickets to their contracts).

A ticket's comments and files follow its ticket, and the internal ones (notes and files of the
office's own work) are for Diskominfo staff only."""

from silajar.core.access import AgencyScopedPolicy, register
from silajar.tickets.models import Attachment, Comment, Ticket


@register(Ticket)
class TicketPolicy(AgencyScopedPolicy):
    pass


def sees_internal_notes(user) -> bool:
    """Internal comments and attachments are for Diskominfo staff only."""
    return user.is_internal_staff


class _TicketNotePolicy(AgencyScopedPolicy):
    """The comments or files of the tickets the user sees; internal ones for staff only."""

    agency_field = "ticket__organization_id"

    def scope(self, user, queryset, action):
        queryset = super().scope(user, queryset, action)
        return queryset if sees_internal_notes(user) else queryset.filter(is_internal=False)


@register(Comment)
class CommentPolicy(_TicketNotePolicy):
    pass


@register(Attachment)
class AttachmentPolicy(_TicketNotePolicy):
    pass
