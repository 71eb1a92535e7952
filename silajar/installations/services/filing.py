"""Filing a request: the agency's letter registered, corrected until it is forwarded, forwarded
by the head of UPDE; and cancelling it at any open step."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silajar.accounts.models import User
from silajar.core.audit import audit_record, diff, snapshot
from silajar.core.editing import audited_update
from silajar.core.errors import ActionForbidden, DomainError
from silajar.core.jobs import enqueue
from silajar.core.sequences import next_number
from silajar.core.signatures import SCAN_KINDS
from silajar.core.uploads import check_upload, store_file
from silajar.installations import access
from silajar.installations.choices import RequestState
from silajar.installations.models import InstallationRequest
from silajar.installations.services.inputs import (
    as_date,
    checked_nip,
    raise_errors,
    reason_given,
    required,
)
from silajar.installations.services.steps import fire, step_fields
from silajar.organizations.models import Location, Organization
from silajar.organizations.services import check_place

NUMBER_PREFIX = "PJ"
NUMBER_WIDTH = 4
EDITABLE_FIELDS = (
    "letter_number",
    "letter_date",
    "subject",
    "signatory_name",
    "signatory_title",
    "signatory_nip",
    "description",
    "location",
    "location_detail",
    "network_points",
    "access_points",
    "desired_date",
)


def installation_create(
    *,
    actor: User,
    organization: Organization,
    letter_number: str,
    letter_date: date | str | None,
    subject: str,
    signatory_name: str,
    signatory_title: str,
    letter_file,
    description: str,
    signatory_nip: str = "",
    location: Location | None = None,
    location_detail: str = "",
    network_points: int = 0,
    access_points: int = 0,
    desired_date: date | str | None = None,
) -> InstallationRequest:
    """File an agency's signed, stamped letter asking for network installation."""
    if not access.can_file_for(actor, organization):
        raise ActionForbidden(
            _("You can file installation requests for your own agency only.")
            if actor.is_agency_user
            else _("Your role cannot file installation requests.")
        )
    check_place(organization=organization, location=location)
    errors: dict[str, list] = {}
    required(
        errors=errors,
        values={
            "letter_number": letter_number,
            "subject": subject,
            "signatory_name": signatory_name,
            "signatory_title": signatory_title,
            "description": description,
        },
    )
    letter_day = as_date(value=letter_date, field="letter_date", errors=errors)
    if letter_day is None and "letter_date" not in errors:
        errors["letter_date"] = [_("This field is required.")]
    if letter_day and letter_day > timezone.localdate():
        errors["letter_date"] = [_("The letter date cannot be in the future.")]
    wanted = as_date(value=desired_date, field="desired_date", errors=errors)
    nip = checked_nip(value=signatory_nip, errors=errors)
    if letter_file is None:
        errors["letter_file"] = [_("Upload the scan of the signed and stamped letter.")]
    if errors or letter_day is None:  # a missing date is one of the errors
        raise DomainError(_("Complete the request letter's details."), fields=errors)
    try:
        # the signed, stamped letter is the request itself: kept exactly as scanned
        checked = check_upload(letter_file, allowed=SCAN_KINDS, keep_original=True)
    except DomainError as error:
        raise DomainError(error.message, fields={"letter_file": [error.message]}) from None
    # the letter is stored in the request's transaction: if that does not commit (up to the
    # commit itself), the stored letter is removed again
    with transaction.atomic():
        stored = store_file(InstallationRequest, "letter_file", checked)
        now = timezone.now()
        installation = InstallationRequest.objects.create(
            number=next_number(key="installation", prefix=NUMBER_PREFIX, width=NUMBER_WIDTH),
            organization=organization,
            created_by=actor,
            letter_number=letter_number.strip(),
            letter_date=letter_day,
            subject=subject.strip(),
            signatory_name=signatory_name.strip(),
            signatory_title=signatory_title.strip(),
            signatory_nip=nip,
            letter_file=stored,
            letter_file_name=checked.original_name,
            letter_content_type=checked.content_type,
            description=description.strip(),
            location=location,
            location_detail=(location_detail or "").strip(),
            network_points=int(network_points or 0),
            access_points=int(access_points or 0),
            desired_date=wanted,
            **step_fields(state=RequestState.SUBMITTED, now=now),
        )
        fields = ["state", "organization", "letter_number", "subject", "location"]
        audit_record(
            actor=actor,
            action="installation.created",
            obj=installation,
            changes=diff(dict.fromkeys(fields), snapshot(installation, fields)),
        )
        transaction.on_commit(
            lambda: enqueue(
                "installations.announce", "submitted", installation.pk, installation.version
            )
        )
    return installation


@transaction.atomic
def installation_update(
    *,
    actor: User,
    installation: InstallationRequest,
    data: Mapping[str, Any],
    expected_version: int | None,
) -> InstallationRequest:
    """Correct the letter's details while the request still waits to be forwarded."""
    if not access.can_file_for(actor, installation.organization):
        raise ActionForbidden(_("Your role cannot edit this request."))
    if installation.state != RequestState.SUBMITTED:
        raise DomainError(_("The request can be edited only until it is forwarded."))
    data = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    if "location" in data:
        check_place(organization=installation.organization, location=data["location"])
    errors: dict[str, list] = {}
    required(
        errors=errors, values={k: v for k, v in data.items() if k in ("letter_number", "subject")}
    )
    for field in ("letter_date", "desired_date"):
        if field in data:
            data[field] = as_date(value=data[field], field=field, errors=errors)
    if data.get("letter_date") and data["letter_date"] > timezone.localdate():
        errors["letter_date"] = [_("The letter date cannot be in the future.")]
    if "signatory_nip" in data:
        data["signatory_nip"] = checked_nip(value=data["signatory_nip"], errors=errors)
    raise_errors(errors=errors, message=_("Complete the request letter's details."))
    return audited_update(
        obj=installation,
        actor=actor,
        data=data,
        expected_version=expected_version,
        action="installation.updated",
    )


@transaction.atomic
def installation_forward(
    *, installation: InstallationRequest, actor: User, note: str = "", version: int | None = None
) -> InstallationRequest:
    """The head of UPDE receives the letter and forwards it to the Systems section."""
    return fire(
        installation=installation,
        action="forward",
        actor=actor,
        version=version,
        changes={"disposition_note": (note or "").strip(), "forwarded_at": timezone.now()},
        note=(note or "").strip(),
        event="forwarded",
    )


@transaction.atomic
def installation_cancel(
    *, installation: InstallationRequest, actor: User, reason: str, version: int | None = None
) -> InstallationRequest:
    reason = reason_given(reason=reason)
    return fire(
        installation=installation,
        action="cancel",
        actor=actor,
        version=version,
        changes={"cancel_reason": reason},
        note=reason,
        event="cancelled",
    )
