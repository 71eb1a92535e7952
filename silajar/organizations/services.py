"""Writes of agencies and places, each with its audit event."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils.translation import gettext as _

from silajar.core.editing import audited_create, versioned_update
from silajar.core.errors import DomainError
from silajar.organizations.models import Location, Organization

ORGANIZATION_FIELDS = (
    "name",
    "short_name",
    "kind",
    "address",
    "phone",
    "email",
    "head_name",
    "head_title",
    "head_nip",
    "criticality",
    "is_active",
)
LOCATION_FIELDS = ("building", "floor", "room", "address", "latitude", "longitude", "is_active")


def organization_create(*, actor: AbstractUser, data: Mapping[str, Any]) -> Organization:
    """Register an agency."""
    return audited_create(
        model=Organization,
        actor=actor,
        action="organization.created",
        data={k: v for k, v in data.items() if k in ORGANIZATION_FIELDS},
    )


def organization_update(
    *,
    actor: AbstractUser,
    organization: Organization,
    data: Mapping[str, Any],
    expected_version: int | None,
) -> Organization:
    """Change an agency's details; refused with a conflict if someone saved it meanwhile."""
    return versioned_update(
        obj=organization,
        actor=actor,
        action="organization.updated",
        expected_version=expected_version,
        data={k: v for k, v in data.items() if k in ORGANIZATION_FIELDS},
    )


def location_create(
    *, actor: AbstractUser, organization: Organization, data: Mapping[str, Any]
) -> Location:
    """Add a place (building, floor, room) to an agency."""
    fields = {k: v for k, v in data.items() if k in LOCATION_FIELDS}
    return audited_create(
        model=Location,
        actor=actor,
        action="location.created",
        data={"organization": organization, **fields},
    )


def location_update(
    *,
    actor: AbstractUser,
    location: Location,
    data: Mapping[str, Any],
    expected_version: int | None,
) -> Location:
    return versioned_update(
        obj=location,
        actor=actor,
        action="location.updated",
        expected_version=expected_version,
        data={k: v for k, v in data.items() if k in LOCATION_FIELDS},
    )


@transaction.atomic
def organization_upsert_by_short_name(
    *, actor: AbstractUser, data: Mapping[str, Any]
) -> tuple[Organization, bool]:
    """Create the agency named by `short_name`, or update it: used by imports and demo data."""
    existing = Organization.objects.filter(short_name__iexact=data["short_name"]).first()
    if existing is None:
        return organization_create(actor=actor, data=data), True
    return organization_update(
        actor=actor, organization=existing, data=data, expected_version=None
    ), False


def check_place(organization: Organization, location: Location | None) -> None:
    """A record of `organization` at `location`: the agency is active and the place is its own."""
    if not organization.is_active:
        raise DomainError(
            _("This agency is not active."), fields={"organization": [_("Not active.")]}
        )
    if location is not None and location.organization_id != organization.pk:
        raise DomainError(
            _("The location does not belong to the agency."),
            fields={"location": [_("Choose a location of the agency.")]},
        )
