"""Links (circuits): `LINKS.create(actor=, data=)` and `LINKS.update(actor=, obj=, data=,
expected_version=)`, kept by the network administrator and the PPTK. A link stays with the
provider it was created for; its contract must be one of that provider's."""

from django.utils.translation import gettext as _

from silajar.core.errors import DomainError
from silajar.inventory.choices import DeviceKind
from silajar.providers.choices import LinkStatus
from silajar.providers.models import Link
from silajar.providers.services.rules import KEEPERS

LINK_EDIT_FIELDS = (
    "contract",
    "circuit_id",
    "kind",
    "bandwidth_down_mbps",
    "bandwidth_up_mbps",
    "organization",
    "location",
    "ont",
    "monthly_fee",
    "status",
    "active_from",
    "active_until",
)
LINK_FIELDS = ("provider", *LINK_EDIT_FIELDS)


def check_link(link: Link) -> None:
    """A link's contract is its provider's, its place its agency's, its dates in order, and a
    link in service says since when (DomainError naming the input)."""
    errors: dict[str, list[str]] = {}
    link.circuit_id = (link.circuit_id or "").strip()
    contract = link.contract
    if contract is not None and contract.provider_id != link.provider_id:
        errors["contract"] = [_("Choose a contract of the link's provider.")]
    location = link.location
    if location is not None and location.organization_id != link.organization_id:
        errors["location"] = [_("Choose a location of the agency.")]
    ont = link.ont
    if ont is not None and (
        ont.kind != DeviceKind.PROVIDER_ONT or ont.location_id != link.location_id
    ):
        errors["ont"] = [_("Choose a provider's ONT or modem at the link's place.")]
    if link.active_from and link.active_until and link.active_until < link.active_from:
        errors["active_until"] = [_("The link cannot end before it starts.")]
    if link.status != LinkStatus.PLANNED and link.active_from is None:
        errors["active_from"] = [_("Say since when the link is in service.")]
    if link.circuit_id:
        taken = Link.objects.filter(provider_id=link.provider_id, circuit_id=link.circuit_id)
        if taken.exclude(pk=link.pk).exists():
            errors["circuit_id"] = [_("The provider already has a link with this circuit ID.")]
    if errors:
        raise DomainError(_("Check the link's details."), fields=errors)


LINKS = KEEPERS.declare(
    Link,
    action="link",
    create_fields=LINK_FIELDS,
    edit_fields=LINK_EDIT_FIELDS,
    check=check_link,
)
