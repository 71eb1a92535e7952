"""Every change of an installation request: one function per action, one transaction, one audit
event. Pages, the API, commands and tasks call these; nothing else sets a request's state."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from ipaddress import ip_address as parse_ip
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.accounts.services import active_technician
from silajar.core.audit import audit_record, diff, snapshot
from silajar.core.calendar import end_of_working_day, working_days_due
from silajar.core.editing import versioned_update
from silajar.core.errors import ActionForbidden, DomainError
from silajar.core.letters import letter_number_next
from silajar.core.sequences import format_number, sequence_next
from silajar.core.signatures import SCAN_KINDS, checked_sign_off
from silajar.core.uploads import KIND_JPEG, KIND_PNG, CheckedFile, check_upload, store_file
from silajar.core.workflow import call_action_service
from silajar.core.working_calendar import office_calendar
from silajar.installations import tasks
from silajar.installations.choices import (
    DEFAULT_STEP_DAYS,
    FINAL_STATES,
    OPEN_STATES,
    ProvidedBy,
    RequestState,
)
from silajar.installations.models import InstallationRequest, StepTarget, SurveyItem, SurveyPhoto
from silajar.installations.workflows import INSTALLATION_FLOW
from silajar.organizations.models import Location, Organization
from silajar.organizations.services import check_place

NUMBER_PREFIX = "PJ"
NUMBER_WIDTH = 4
REPLY_LETTER_SERIES = "reply"
# who may register a paper letter on an agency's behalf
REGISTRARS = (Role.UPDE_HEAD, Role.HELPDESK, Role.SECTION_HEAD)
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
MAX_ITEMS = 100
MAX_PHOTOS = 12
PHOTO_KINDS = (KIND_JPEG, KIND_PNG)


def _required(errors: dict, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            errors[name] = [_("This field is required.")]


def _as_date(value: date | str | None, field: str, errors: dict) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    parsed = parse_date(str(value)) if isinstance(value, str) else None
    if parsed is None:
        errors[field] = [_("Enter a valid date (YYYY-MM-DD).")]
    return parsed


def _nip(value: str | None, errors: dict) -> str:
    nip = (value or "").strip()
    if nip and (not nip.isdigit() or len(nip) != 18):
        errors["signatory_nip"] = [_("A NIP has 18 digits.")]
    return nip


def _raise(errors: dict, message: str) -> None:
    if errors:
        raise DomainError(message, fields=errors)


def can_file_for(actor: User, organization: Organization) -> bool:
    """Agency operators file for their own agency; the office registers paper letters."""
    if actor.is_agency_user:
        return actor.has_role(Role.OPD_OPERATOR) and actor.organization_id == organization.pk
    return actor.is_superuser or actor.has_role(*REGISTRARS)


# --- the service level of each step --------------------------------------------------------


def step_days(state: str) -> int | None:
    """Working days the step `state` may take: the stored target, else the SOP's default."""
    if state not in OPEN_STATES:
        return None
    stored = StepTarget.objects.filter(state=state).values_list("working_days", flat=True).first()
    return stored or DEFAULT_STEP_DAYS.get(state)


def step_fields(state: str, now: datetime, *, due_date: date | None = None) -> dict[str, Any]:
    """The step clock of a request entering `state` at `now` (a given due date wins)."""
    if state in FINAL_STATES:
        return {"step_started_at": None, "step_due_at": None, "step_overdue": False}
    calendar = office_calendar()
    due = None
    if due_date is not None:
        due = end_of_working_day(calendar, due_date) or timezone.make_aware(
            datetime.combine(due_date, datetime.max.time())
        )
    else:
        days = step_days(state)
        due = working_days_due(calendar, now, days) if days else None
    return {"step_started_at": now, "step_due_at": due, "step_overdue": False}


def may_set_step_targets(user) -> bool:
    """Administrators and the section head keep the steps' targets."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_administrator or user.has_role(Role.SECTION_HEAD))
    )


@transaction.atomic
def step_targets_set(*, actor: User, days: Mapping[str, int]) -> int:
    """Store the working days of the steps in `days`; one audit event per changed step.
    Returns how many changed."""
    if not may_set_step_targets(actor):
        raise ActionForbidden(
            _("Only administrators and the section head can change the steps' targets.")
        )
    errors = {
        state: [_("Between 1 and 365 working days.")]
        for state, value in days.items()
        if state in OPEN_STATES and not (isinstance(value, int) and 1 <= value <= 365)
    }
    errors.update({s: [_("Not a step of the procedure.")] for s in days if s not in OPEN_STATES})
    _raise(errors, _("Check the steps' targets."))
    changed = 0
    for state, value in days.items():
        target = StepTarget.objects.select_for_update().filter(state=state).first()
        before = target.working_days if target else DEFAULT_STEP_DAYS.get(state)
        if before == value:
            continue
        if target is None:
            target = StepTarget.objects.create(state=state, working_days=value)
        else:
            target.working_days = value
            target.save(update_fields=["working_days", "updated_at"])
        audit_record(
            actor=actor,
            action="installation.step_target",
            obj=target,
            changes={"working_days": [before, value]},
            note=str(RequestState(state).label),
        )
        changed += 1
    return changed


# --- creation and editing ------------------------------------------------------------------


def request_create(
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
    if not can_file_for(actor, organization):
        raise ActionForbidden(
            _("You can file installation requests for your own agency only.")
            if actor.is_agency_user
            else _("Your role cannot file installation requests.")
        )
    check_place(organization, location)
    errors: dict[str, list] = {}
    _required(
        errors,
        {
            "letter_number": letter_number,
            "subject": subject,
            "signatory_name": signatory_name,
            "signatory_title": signatory_title,
            "description": description,
        },
    )
    letter_day = _as_date(letter_date, "letter_date", errors)
    if letter_day is None and "letter_date" not in errors:
        errors["letter_date"] = [_("This field is required.")]
    if letter_day and letter_day > timezone.localdate():
        errors["letter_date"] = [_("The letter date cannot be in the future.")]
    wanted = _as_date(desired_date, "desired_date", errors)
    nip = _nip(signatory_nip, errors)
    if letter_file is None:
        errors["letter_file"] = [_("Upload the scan of the signed and stamped letter.")]
    _raise(errors, _("Complete the request letter's details."))
    try:
        checked = check_upload(letter_file, allowed=SCAN_KINDS)
    except DomainError as error:
        raise DomainError(error.message, fields={"letter_file": [error.message]}) from None
    # the letter is stored in the request's transaction: if that does not commit (up to the
    # commit itself), the stored letter is removed again
    with transaction.atomic():
        stored = store_file(InstallationRequest, "letter_file", checked)
        now = timezone.now()
        year = timezone.localtime(now).year
        number = format_number(
            NUMBER_PREFIX, year, sequence_next(key="installation", year=year), NUMBER_WIDTH
        )
        request = InstallationRequest.objects.create(
            number=number,
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
            **step_fields(RequestState.SUBMITTED, now),
        )
        fields = ["state", "organization", "letter_number", "subject", "location"]
        audit_record(
            actor=actor,
            action="installation.created",
            obj=request,
            changes=diff(dict.fromkeys(fields), snapshot(request, fields)),
        )
        transaction.on_commit(lambda: tasks.announce("submitted", request.pk, request.version))
    return request


@transaction.atomic
def request_update(
    *,
    actor: User,
    request: InstallationRequest,
    data: Mapping[str, Any],
    expected_version: int | None,
) -> InstallationRequest:
    """Correct the letter's details while the request still waits to be forwarded."""
    if not can_file_for(actor, request.organization):
        raise ActionForbidden(_("Your role cannot edit this request."))
    if request.state != RequestState.SUBMITTED:
        raise DomainError(_("The request can be edited only until it is forwarded."))
    data = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    if "location" in data:
        check_place(request.organization, data["location"])
    errors: dict[str, list] = {}
    _required(errors, {k: v for k, v in data.items() if k in ("letter_number", "subject")})
    for field in ("letter_date", "desired_date"):
        if field in data:
            data[field] = _as_date(data[field], field, errors)
    if data.get("letter_date") and data["letter_date"] > timezone.localdate():
        errors["letter_date"] = [_("The letter date cannot be in the future.")]
    if "signatory_nip" in data:
        data["signatory_nip"] = _nip(data["signatory_nip"], errors)
    _raise(errors, _("Complete the request letter's details."))
    return versioned_update(
        obj=request,
        actor=actor,
        data=data,
        expected_version=expected_version,
        action="installation.updated",
    )


# --- workflow actions ----------------------------------------------------------------------


def _apply(
    request: InstallationRequest,
    action: str,
    actor: User,
    version: int | None,
    changes: Mapping[str, Any] | None = None,
    *,
    note: str = "",
    event: str = "",
    due_date: date | None = None,
) -> InstallationRequest:
    """Fire `action` through the engine; the step clock restarts with each new state."""
    spec = INSTALLATION_FLOW.action(action)
    now = timezone.now()
    changes = dict(changes or {})
    if spec.target is not None:
        changes.update(step_fields(spec.target, now, due_date=due_date))
        if spec.target in FINAL_STATES:
            changes["closed_at"] = now
    # after the commit `request` holds the new version (apply refreshes it): the notification key
    # names the change itself, so a retried or late task never notifies about it twice
    effects = [lambda: tasks.announce(event, request.pk, request.version)] if event else []
    return INSTALLATION_FLOW.apply(
        obj=request,
        action=action,
        actor=actor,
        version=version,
        changes=changes,
        note=note,
        on_commit=effects,
    )


def _reason(reason: str, field: str = "reason") -> str:
    if not (reason or "").strip():
        raise DomainError(_("Give the reason."), fields={field: [_("This field is required.")]})
    return reason.strip()


@transaction.atomic
def request_forward(
    *, request: InstallationRequest, actor: User, note: str = "", version: int | None = None
) -> InstallationRequest:
    """The head of UPDE receives the letter and forwards it to the Systems section."""
    return _apply(
        request,
        "forward",
        actor,
        version,
        {"disposition_note": (note or "").strip(), "forwarded_at": timezone.now()},
        note=(note or "").strip(),
        event="forwarded",
    )


@transaction.atomic
def request_assign_survey(
    *,
    request: InstallationRequest,
    actor: User,
    technician: User | int,
    due_date: date | str | None = None,
    version: int | None = None,
) -> InstallationRequest:
    """The section head orders a technician to survey the location by `due_date` (default:
    the survey step's target in working days)."""
    tech = active_technician(technician)
    errors: dict[str, list] = {}
    due = _as_date(due_date, "due_date", errors)
    if due and due < timezone.localdate():
        errors["due_date"] = [_("The due date cannot be in the past.")]
    _raise(errors, _("Check the survey assignment."))
    now = timezone.now()
    if due is None:
        days = step_days(RequestState.SURVEY_ASSIGNED) or 1
        due = timezone.localtime(working_days_due(office_calendar(), now, days)).date()
    return _apply(
        request,
        "assign_survey",
        actor,
        version,
        {"technician": tech, "survey_due_date": due},
        event="survey_assigned",
        due_date=due,
    )


def clean_items(items: Sequence[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """Validate the survey's list of equipment and materials; errors name the row."""
    if items is None:
        return []
    if not isinstance(items, list | tuple):
        raise DomainError(_("The items must be a list."), fields={"items": [_("Not a list.")]})
    if len(items) > MAX_ITEMS:
        raise DomainError(
            _("At most %(count)d items.") % {"count": MAX_ITEMS},
            fields={"items": [_("Too many items.")]},
        )
    cleaned, errors = [], {}
    for index, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            errors[f"items[{index}]"] = [_("Each item needs a name, quantity and provider.")]
            continue
        name = str(item.get("name") or "").strip()
        specification = str(item.get("specification") or "").strip()
        provided_by = str(item.get("provided_by") or "")
        try:
            quantity = int(item.get("quantity"))
        except (TypeError, ValueError):
            quantity = 0
        row = []
        if not name or len(name) > 150:
            row.append(_("Name the item (at most 150 characters)."))
        if len(specification) > 255:
            row.append(_("The specification is at most 255 characters."))
        if not 1 <= quantity <= 100000:
            row.append(_("The quantity must be a whole number from 1."))
        if provided_by not in ProvidedBy.values:
            row.append(_("Say who provides it: Diskominfo stock or the agency."))
        if row:
            errors[f"items[{index}]"] = row
        cleaned.append(
            {
                "order": index,
                "name": name,
                "specification": specification,
                "quantity": quantity,
                "provided_by": provided_by,
            }
        )
    _raise(errors, _("Check the equipment and materials."))
    return cleaned


def _as_bool(value: Any, field: str, errors: dict) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in ("true", "1", "yes", "on", "ya"):
        return True
    if text in ("false", "0", "no", "off", "tidak"):
        return False
    errors[field] = [_("Answer yes or no.")]
    return None


def _checked_photo(upload) -> CheckedFile:
    try:
        return check_upload(upload, allowed=PHOTO_KINDS)
    except DomainError as error:
        raise DomainError(error.message, fields={"photos": [error.message]}) from None


def _store_photos(
    request: InstallationRequest, actor: User, photos: Iterable[CheckedFile]
) -> list[SurveyPhoto]:
    """Store checked photos (inside the survey's transaction); their rows, not saved yet."""
    return [
        SurveyPhoto(
            request=request,
            file=store_file(SurveyPhoto, "file", checked),
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=len(checked.content),
            uploaded_by=actor,
        )
        for checked in photos
    ]


def request_record_survey(
    *,
    request: InstallationRequest,
    actor: User,
    slot_available: bool | str,
    adequate: bool | str,
    items: Sequence[Mapping[str, Any]] | None = None,
    notes: str = "",
    photos: Iterable = (),
    version: int | None = None,
) -> InstallationRequest:
    """The technician records the survey: slot/place, equipment and materials, photos, and
    whether everything is in place to install."""
    errors: dict[str, list] = {}
    slot = _as_bool(slot_available, "slot_available", errors)
    enough = _as_bool(adequate, "adequate", errors)
    _raise(errors, _("Answer the survey's questions."))
    if enough and not slot:
        raise DomainError(
            _("Without a slot or place the location cannot be adequate."),
            fields={"adequate": [_("Not possible without a slot or place.")]},
        )
    rows = clean_items(items)
    if slot and not enough and not rows:
        raise DomainError(
            _("List the equipment and materials still needed."),
            fields={"items": [_("At least one item.")]},
        )
    photos = list(photos or ())
    if request.photos.count() + len(photos) > MAX_PHOTOS:
        raise DomainError(
            _("At most %(count)d photos per survey.") % {"count": MAX_PHOTOS},
            fields={"photos": [_("Too many photos.")]},
        )
    checked_photos = [_checked_photo(upload) for upload in photos]
    with transaction.atomic():
        new_photos = _store_photos(request, actor, checked_photos)
        updated = _apply(
            request,
            "record_survey",
            actor,
            version,
            {
                "slot_available": slot,
                "adequate": enough,
                "survey_notes": (notes or "").strip(),
                "surveyed_at": timezone.now(),
            },
            note=_("%(count)d items, %(photos)d photos")
            % {"count": len(rows), "photos": len(new_photos)},
            event="surveyed",
        )
        SurveyItem.objects.filter(request=updated).delete()
        SurveyItem.objects.bulk_create(SurveyItem(request=updated, **row) for row in rows)
        SurveyPhoto.objects.bulk_create(new_photos)
    return updated


def survey_photo_add(*, request: InstallationRequest, actor: User, upload) -> SurveyPhoto:
    """Add a survey photo (the assigned technician, while surveying or just after)."""
    if not (
        request.technician_id == actor.pk
        and request.state in (RequestState.SURVEY_ASSIGNED, RequestState.SURVEYED)
    ):
        raise ActionForbidden(_("Only the assigned technician adds survey photos."))
    if request.photos.count() >= MAX_PHOTOS:
        raise DomainError(
            _("At most %(count)d photos per survey.") % {"count": MAX_PHOTOS},
            fields={"file": [_("Too many photos.")]},
        )
    try:
        checked = check_upload(upload, allowed=PHOTO_KINDS)
    except DomainError as error:
        raise DomainError(error.message, fields={"file": [error.message]}) from None
    with transaction.atomic():
        stored = store_file(SurveyPhoto, "file", checked)
        photo = SurveyPhoto.objects.create(
            request=request,
            file=stored,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=len(checked.content),
            uploaded_by=actor,
        )
        audit_record(
            actor=actor, action="installation.photo", obj=request, note=photo.original_name
        )
    return photo


def _reply_letter(actor: User) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "reply_letter_number": letter_number_next(REPLY_LETTER_SERIES, day=today),
        "reply_letter_date": today,
        "reply_letter_signer": actor,
    }


@transaction.atomic
def request_issue_reply_letter(
    *, request: InstallationRequest, actor: User, version: int | None = None
) -> InstallationRequest:
    """The section head issues the reply letter listing what the agency must provide; it gets
    the next official letter number."""
    INSTALLATION_FLOW.check(request, "issue_reply_letter", actor)  # before taking a number
    return _apply(
        request,
        "issue_reply_letter",
        actor,
        version,
        _reply_letter(actor),
        event="reply_letter",
    )


@transaction.atomic
def request_reject(
    *, request: InstallationRequest, actor: User, reason: str, version: int | None = None
) -> InstallationRequest:
    """No slot or place: the request ends with a reply letter stating why."""
    reason = _reason(reason)
    INSTALLATION_FLOW.check(request, "reject", actor)
    return _apply(
        request,
        "reject",
        actor,
        version,
        {"rejection_reason": reason, **_reply_letter(actor)},
        note=reason,
        event="rejected",
    )


@transaction.atomic
def request_confirm_equipment(
    *, request: InstallationRequest, actor: User, note: str = "", version: int | None = None
) -> InstallationRequest:
    """The agency says the equipment listed in the reply letter is ready."""
    return _apply(
        request,
        "confirm_equipment",
        actor,
        version,
        {"equipment_confirmed_at": timezone.now()},
        note=(note or "").strip(),
        event="equipment_ready",
    )


@transaction.atomic
def request_start_installation(
    *, request: InstallationRequest, actor: User, version: int | None = None
) -> InstallationRequest:
    return _apply(
        request,
        "start_installation",
        actor,
        version,
        {"installation_started_at": timezone.now()},
        event="installing",
    )


@transaction.atomic
def request_complete_installation(
    *,
    request: InstallationRequest,
    actor: User,
    link_up: bool | str,
    ip_address: str,
    measured_mbps: Decimal | float | str,
    notes: str = "",
    version: int | None = None,
) -> InstallationRequest:
    """The technician records the connection test; only a working connection completes."""
    errors: dict[str, list] = {}
    up = _as_bool(link_up, "link_up", errors)
    address = str(ip_address or "").strip()
    try:
        address = str(parse_ip(address))
    except ValueError:
        errors["ip_address"] = [_("Enter the IP address the device obtained.")]
    try:
        speed = Decimal(str(measured_mbps)).quantize(Decimal("0.01"))
        if not speed.is_finite() or not 0 <= speed <= 100000:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["measured_mbps"] = [_("Enter the measured speed in Mbps (0–100000).")]
    _raise(errors, _("Record the connection test."))
    if not up:
        raise DomainError(
            _("The link is down: the installation is complete only when the connection works."),
            fields={"link_up": [_("The connection test must pass.")]},
        )
    return _apply(
        request,
        "complete_installation",
        actor,
        version,
        {
            "link_up": True,
            "ip_address": address,
            "measured_mbps": speed,
            "installation_notes": (notes or "").strip(),
            "installed_at": timezone.now(),
        },
        event="installed",
    )


def request_sign_off(
    *,
    request: InstallationRequest,
    actor: User,
    signer_name: str,
    signature: str = "",
    signed_form=None,
    version: int | None = None,
) -> InstallationRequest:
    """The agency user signs the installation form: drawn on screen or the scan of the paper."""
    INSTALLATION_FLOW.check(request, "sign_off", actor)  # refuse before storing anything
    field, checked = checked_sign_off(
        signer_name=signer_name, signature=signature, signed_form=signed_form
    )
    with transaction.atomic():
        stored = store_file(InstallationRequest, field, checked)
        return _apply(
            request,
            "sign_off",
            actor,
            version,
            {"signer_name": signer_name.strip(), field: stored, "signed_at": timezone.now()},
            event="completed",
        )


@transaction.atomic
def request_cancel(
    *, request: InstallationRequest, actor: User, reason: str, version: int | None = None
) -> InstallationRequest:
    reason = _reason(reason)
    return _apply(
        request,
        "cancel",
        actor,
        version,
        {"cancel_reason": reason},
        note=reason,
        event="cancelled",
    )


ACTION_SERVICES: dict[str, Callable[..., InstallationRequest]] = {
    "forward": request_forward,
    "assign_survey": request_assign_survey,
    "record_survey": request_record_survey,
    "issue_reply_letter": request_issue_reply_letter,
    "reject": request_reject,
    "confirm_equipment": request_confirm_equipment,
    "start_installation": request_start_installation,
    "complete_installation": request_complete_installation,
    "sign_off": request_sign_off,
    "cancel": request_cancel,
}


def request_act(
    *,
    request: InstallationRequest,
    action: str,
    actor: User,
    version: int | None = None,
    **inputs: Any,
) -> InstallationRequest:
    """Fire workflow `action` with the inputs its service takes (see call_action_service)."""
    return call_action_service(
        ACTION_SERVICES,
        record_arg="request",
        record=request,
        action=action,
        actor=actor,
        version=version,
        inputs=inputs,
    )


# --- overdue steps -------------------------------------------------------------------------


def overdue_scan(now: datetime | None = None) -> int:
    """Flag open requests whose current step passed its due time, audit it and tell the people
    concerned (once per step). Returns how many were flagged."""
    now = now or timezone.now()
    flagged = 0
    due = InstallationRequest.objects.filter(
        state__in=OPEN_STATES, step_overdue=False, step_due_at__lt=now
    ).values_list("pk", flat=True)
    for pk in list(due[:5000]):
        with transaction.atomic():
            request = (
                InstallationRequest.objects.select_for_update()
                .filter(pk=pk, step_overdue=False, step_due_at__lt=now)
                .first()
            )
            if request is None or request.state not in OPEN_STATES:
                continue
            request.step_overdue = True
            request.save(update_fields=["step_overdue", "updated_at"])
            audit_record(
                actor=None,
                action="installation.step_overdue",
                obj=request,
                changes={"step_overdue": [False, True]},
                note=request.get_state_display(),
            )
            transaction.on_commit(lambda pk=pk, v=request.version: tasks.announce("overdue", pk, v))
            flagged += 1
    return flagged
