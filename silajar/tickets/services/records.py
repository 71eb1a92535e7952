"""What is added to a ticket beside its state: comments, attachments, the rating, and the
self-help that solved a problem before any ticket."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from silajar.accounts.models import User
from silajar.core.audit import audit_record, diff, snapshot
from silajar.core.errors import ActionForbidden, DomainError, require_text
from silajar.core.jobs import enqueue
from silajar.core.uploads import KIND_JPEG, KIND_PDF, KIND_PNG, check_upload, file_row
from silajar.tickets.choices import (
    TicketState,
)
from silajar.tickets.models import (
    Attachment,
    Comment,
    Deflection,
    Ticket,
)

ATTACHMENT_KINDS = (KIND_PDF, KIND_JPEG, KIND_PNG)


@transaction.atomic
def comment_add(*, ticket: Ticket, actor: User, body: str, internal: bool = False) -> Comment:
    require_text(body, field="body", message=_("Write a comment."))
    if internal and not actor.is_internal_staff:
        raise ActionForbidden(_("Only Diskominfo staff can write internal notes."))
    comment = Comment.objects.create(
        ticket=ticket, author=actor, body=body.strip(), is_internal=internal
    )
    audit_record(
        actor=actor,
        action="ticket.comment_internal" if internal else "ticket.comment",
        obj=ticket,
        note=body.strip()[:500],
    )
    if not internal:
        transaction.on_commit(lambda: enqueue("tickets.announce", "commented", comment.pk))
    return comment


def attachment_add(*, ticket: Ticket, actor: User, upload, internal: bool = False) -> Attachment:
    """Attach a photo or document (PDF, JPEG, PNG, checked by content, at most 10 MB).

    The file is stored in the row's transaction: if that does not commit, it is removed."""
    if internal and not actor.is_internal_staff:
        raise ActionForbidden(_("Only Diskominfo staff can add internal files."))
    checked = check_upload(upload, allowed=ATTACHMENT_KINDS)
    with transaction.atomic():
        attachment = file_row(
            Attachment, checked, ticket=ticket, uploaded_by=actor, is_internal=internal
        )
        attachment.save()
        audit_record(
            actor=actor,
            action="ticket.attachment_internal" if internal else "ticket.attachment_added",
            obj=ticket,
            note=checked.original_name,
        )
    return attachment


@transaction.atomic
def ticket_rate(*, ticket: Ticket, actor: User, rating: int, comment: str = "") -> Ticket:
    """The reporting agency rates the service after closing (1–5)."""
    if ticket.state != TicketState.CLOSED:
        raise DomainError(_("A ticket can be rated once it is closed."))
    if not (
        actor.pk == ticket.reporter_id
        or (actor.is_agency_user and actor.organization_id == ticket.organization_id)
    ):
        raise ActionForbidden(_("Only the reporting agency can rate the service."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise DomainError(_("Give a rating from 1 to 5."), fields={"rating": [_("1 to 5.")]})
    current = Ticket.objects.select_for_update().get(pk=ticket.pk)
    before = snapshot(current, ["rating", "rating_comment"])
    current.rating, current.rating_comment = rating, comment.strip()
    current.save(update_fields=["rating", "rating_comment", "updated_at"])
    audit_record(
        actor=actor,
        action="ticket.rated",
        obj=current,
        changes=diff(before, snapshot(current, ["rating", "rating_comment"])),
    )
    return current


@transaction.atomic
def deflection_record(*, actor: User, scope: str, steps: list[int]) -> Deflection:
    """An agency user solved the problem with the self-help steps: counted, no ticket."""
    deflection = Deflection.objects.create(
        user=actor, organization_id=actor.organization_id, scope=scope, steps=steps
    )
    audit_record(actor=actor, action="ticket.self_help_solved", obj=deflection)
    return deflection
