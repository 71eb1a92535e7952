"""The survey: the section head assigns it, the technician records it (slot, equipment and
materials, photos) and may add photos."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from silajar.accounts.models import User
from silajar.accounts.services import active_technician
from silajar.core.audit import audit_record
from silajar.core.calendar import working_days_due
from silajar.core.editing import audited_update
from silajar.core.errors import ActionForbidden, DomainError
from silajar.core.letters import letter_number_next
from silajar.core.uploads import KIND_JPEG, KIND_PNG, CheckedFile, check_upload, file_row
from silajar.core.working_calendar import office_calendar
from silajar.installations import selectors
from silajar.installations.choices import ProvidedBy, RequestState
from silajar.installations.models import InstallationRequest, SurveyItem, SurveyPhoto
from silajar.installations.services.inputs import as_bool, as_date, raise_errors
from silajar.installations.services.steps import fire, ports_reference
from silajar.inventory import services as inventory
from silajar.inventory.models import Device, Port

MAX_ITEMS = 100
MAX_PHOTOS = 12
CAPTION_MAX = 200
SURVEY_REPORT_SERIES = "survey_report"
PHOTO_KINDS = (KIND_JPEG, KIND_PNG)


@transaction.atomic
def installation_assign_survey(
    *,
    installation: InstallationRequest,
    actor: User,
    technician: User | int,
    due_date: date | str | None = None,
    version: int | None = None,
) -> InstallationRequest:
    """The section head orders a technician to survey the location by `due_date` (default:
    the survey step's target in working days)."""
    tech = active_technician(user_id=technician)
    errors: dict[str, list] = {}
    due = as_date(value=due_date, field="due_date", errors=errors)
    if due and due < timezone.localdate():
        errors["due_date"] = [_("The due date cannot be in the past.")]
    raise_errors(errors=errors, message=_("Check the survey assignment."))
    now = timezone.now()
    if due is None:
        days = selectors.step_days(RequestState.SURVEY_ASSIGNED) or 1
        due = timezone.localtime(working_days_due(office_calendar(), now, days)).date()
    return fire(
        installation=installation,
        action="assign_survey",
        actor=actor,
        version=version,
        changes={"technician": tech, "survey_due_date": due},
        event="survey_assigned",
        due_date=due,
    )


def _clean_items(items: Sequence[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
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
            quantity = int(item.get("quantity", 0))
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
    raise_errors(errors=errors, message=_("Check the equipment and materials."))
    return cleaned


def _checked_photo(upload) -> CheckedFile:
    try:
        return check_upload(upload, allowed=PHOTO_KINDS)
    except DomainError as error:
        raise DomainError(error.message, fields={"photos": [error.message]}) from None


def _store_photos(
    installation: InstallationRequest, actor: User, photos: Iterable[CheckedFile]
) -> list[SurveyPhoto]:
    """Store checked photos (inside the survey's transaction); their rows, not saved yet."""
    return [
        file_row(SurveyPhoto, checked, request=installation, uploaded_by=actor)
        for checked in photos
    ]


def installation_record_survey(
    *,
    installation: InstallationRequest,
    actor: User,
    slot_available: bool | str,
    adequate: bool | str,
    items: Sequence[Mapping[str, Any]] | None = None,
    notes: str = "",
    photos: Iterable = (),
    captions: Sequence[str] = (),
    version: int | None = None,
) -> InstallationRequest:
    """The technician records the survey: slot/place, equipment and materials, photos (with
    `captions`, what each shows, in the photos' order), and whether everything is in place to
    install. The first record gives the survey report (berita acara) its official number."""
    errors: dict[str, list] = {}
    slot = as_bool(value=slot_available, field="slot_available", errors=errors)
    enough = as_bool(value=adequate, field="adequate", errors=errors)
    raise_errors(errors=errors, message=_("Answer the survey's questions."))
    if enough and not slot:
        raise DomainError(
            _("Without a slot or place the location cannot be adequate."),
            fields={"adequate": [_("Not possible without a slot or place.")]},
        )
    rows = _clean_items(items)
    if slot and not enough and not rows:
        raise DomainError(
            _("List the equipment and materials still needed."),
            fields={"items": [_("At least one item.")]},
        )
    photos = list(photos or ())
    if installation.photos.count() + len(photos) > MAX_PHOTOS:
        raise DomainError(
            _("At most %(count)d photos per survey.") % {"count": MAX_PHOTOS},
            fields={"photos": [_("Too many photos.")]},
        )
    checked_photos = [_checked_photo(upload) for upload in photos]
    texts = [_caption(text) for text in captions or ()]
    with transaction.atomic():
        new_photos = _store_photos(installation, actor, checked_photos)
        for photo, text in zip(new_photos, texts, strict=False):
            photo.caption = text
        now = timezone.now()
        fields: dict[str, Any] = {
            "slot_available": slot,
            "adequate": enough,
            "survey_notes": (notes or "").strip(),
            "surveyed_at": now,
        }
        if not installation.survey_report_number:
            fields["survey_report_number"] = letter_number_next(
                SURVEY_REPORT_SERIES,
                day=timezone.localdate(now),
                pattern=settings.SILAJAR_SURVEY_REPORT_PATTERN,
            )
        updated = fire(
            installation=installation,
            action="record_survey",
            actor=actor,
            version=version,
            changes=fields,
            note=_("%(count)d items, %(photos)d photos")
            % {"count": len(rows), "photos": len(new_photos)},
            event="surveyed",
        )
        SurveyItem.objects.filter(request=updated).delete()
        SurveyItem.objects.bulk_create(SurveyItem(request=updated, **row) for row in rows)
        SurveyPhoto.objects.bulk_create(new_photos)
    return updated


def _caption(text: str | None) -> str:
    """A photo's caption, trimmed to the column (a phone keyboard may add a long paste)."""
    return " ".join((text or "").split())[:CAPTION_MAX]


def survey_photo_add(
    *, installation: InstallationRequest, actor: User, upload, caption: str = ""
) -> SurveyPhoto:
    """Add a survey photo with its caption (what it shows), by the assigned technician, while
    surveying or just after."""
    if not (
        installation.technician_id == actor.pk
        and installation.state in (RequestState.SURVEY_ASSIGNED, RequestState.SURVEYED)
    ):
        raise ActionForbidden(_("Only the assigned technician adds survey photos."))
    if installation.photos.count() >= MAX_PHOTOS:
        raise DomainError(
            _("At most %(count)d photos per survey.") % {"count": MAX_PHOTOS},
            fields={"file": [_("Too many photos.")]},
        )
    try:
        checked = check_upload(upload, allowed=PHOTO_KINDS)
    except DomainError as error:
        raise DomainError(error.message, fields={"file": [error.message]}) from None
    with transaction.atomic():
        photo = file_row(
            SurveyPhoto, checked, request=installation, uploaded_by=actor, caption=_caption(caption)
        )
        photo.save()
        audit_record(
            actor=actor, action="installation.photo", obj=installation, note=photo.original_name
        )
    return photo


RESERVE_REFUSAL = gettext_lazy("Only the assigned technician reserves ports, while surveying.")


def may_reserve_ports(*, installation: InstallationRequest, user: User) -> bool:
    """The assigned technician, while surveying."""
    return (
        installation.technician_id == user.pk and installation.state == RequestState.SURVEY_ASSIGNED
    )


@transaction.atomic
def installation_reserve_ports(
    *,
    installation: InstallationRequest,
    actor: User,
    ports: Sequence[int | str],
    device: Device | None = None,
) -> list[Port]:
    """The assigned technician, while surveying, reserves the free ports of the request's place
    the work will use (the ports it held and no longer names are released) and may name the
    device or outlet concerned. Two surveys never hold one port: the inventory refuses the
    second (Conflict)."""
    if not may_reserve_ports(installation=installation, user=actor):
        raise ActionForbidden(str(RESERVE_REFUSAL))
    if installation.location_id is None:
        raise DomainError(
            _("The request names no location: set it before reserving ports."),
            fields={"ports": [_("No location.")]},
        )
    reserved = inventory.ports_reserve(
        actor=actor,
        reference=ports_reference(installation=installation),
        ports=ports,
        location_id=installation.location_id,
    )
    if device is not None and device.pk != installation.device_id:
        inventory.check_device(
            device=device,
            organization_id=installation.organization_id,
            location_id=installation.location_id,
        )
        audited_update(
            obj=installation, actor=actor, data={"device": device}, action="installation.device"
        )
    return reserved
