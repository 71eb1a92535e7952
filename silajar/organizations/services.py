"""Writes of agencies and places, each with its audit event: `ORGANIZATIONS.create(actor=,
data=)`, `ORGANIZATIONS.update(actor=, obj=, data=, expected_version=)` (a conflict if someone
saved it meanwhile), and the same of `LOCATIONS` (`data` names the place's agency)."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils.translation import gettext as _

from silajar.core.editing import EditableList
from silajar.core.errors import DomainError
from silajar.organizations.models import Location, Organization

# an agency's own details, which whoever sees the agency reads (the API too)
ORGANIZATION_DETAILS = (
    "name",
    "short_name",
    "kind",
    "address",
    "phone",
    "email",
    "head_name",
    "head_title",
    "head_nip",
)
# what the agencies' pages edit: the details, how critical the agency's network is (not in the
# API) and whether it is active
ORGANIZATION_FIELDS = (*ORGANIZATION_DETAILS, "criticality", "is_active")
LOCATION_FIELDS = ("building", "floor", "room", "address", "latitude", "longitude", "is_active")


# The pages check who may change which agency or place (organizations/access.py).
ORGANIZATIONS = EditableList(
    model=Organization, action="organization", create_fields=ORGANIZATION_FIELDS
)
LOCATIONS = EditableList(
    model=Location,
    action="location",
    create_fields=("organization", *LOCATION_FIELDS),  # a place stays with its agency
    edit_fields=LOCATION_FIELDS,
)


@transaction.atomic
def organization_upsert_by_short_name(
    *, actor: AbstractUser, data: Mapping[str, Any]
) -> tuple[Organization, bool]:
    """Create the agency named by `short_name`, or update it: used by imports and demo data."""
    existing = Organization.objects.filter(short_name__iexact=data["short_name"]).first()
    if existing is None:
        return ORGANIZATIONS.create(actor=actor, data=data), True
    return ORGANIZATIONS.update(actor=actor, obj=existing, data=data), False


def check_place(*, organization: Organization, location: Location | None) -> None:
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
