"""The answer to the agency after the survey: the numbered reply letter listing what it must
provide (then its confirmation that it is ready), or the rejection."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from silajar.accounts.models import User
from silajar.core.letters import letter_number_next
from silajar.installations.models import InstallationRequest
from silajar.installations.services.inputs import reason_given
from silajar.installations.services.steps import fire
from silajar.installations.workflows import INSTALLATION_FLOW

REPLY_LETTER_SERIES = "reply"


def _reply_letter(actor: User) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "reply_letter_number": letter_number_next(REPLY_LETTER_SERIES, day=today),
        "reply_letter_date": today,
        "reply_letter_signer": actor,
    }


@transaction.atomic
def installation_issue_reply_letter(
    *, installation: InstallationRequest, actor: User, version: int | None = None
) -> InstallationRequest:
    """The section head issues the reply letter listing what the agency must provide; it gets
    the next official letter number."""
    INSTALLATION_FLOW.check(installation, "issue_reply_letter", actor)  # before taking a number
    return fire(
        installation=installation,
        action="issue_reply_letter",
        actor=actor,
        version=version,
        changes=_reply_letter(actor),
        event="reply_letter",
    )


@transaction.atomic
def installation_reject(
    *, installation: InstallationRequest, actor: User, reason: str, version: int | None = None
) -> InstallationRequest:
    """No slot or place: the request ends with a reply letter stating why."""
    reason = reason_given(reason=reason)
    INSTALLATION_FLOW.check(installation, "reject", actor)
    return fire(
        installation=installation,
        action="reject",
        actor=actor,
        version=version,
        changes={"rejection_reason": reason, **_reply_letter(actor)},
        note=reason,
        event="rejected",
    )


@transaction.atomic
def installation_confirm_equipment(
    *, installation: InstallationRequest, actor: User, note: str = "", version: int | None = None
) -> InstallationRequest:
    """The agency says the equipment listed in the reply letter is ready."""
    return fire(
        installation=installation,
        action="confirm_equipment",
        actor=actor,
        version=version,
        changes={"equipment_confirmed_at": timezone.now()},
        note=(note or "").strip(),
        event="equipment_ready",
    )
