"""The installation: started, completed with the connection test, signed off by the agency."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from ipaddress import ip_address as parse_ip

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silajar.accounts.models import User
from silajar.core.errors import DomainError
from silajar.core.signatures import checked_sign_off
from silajar.core.uploads import store_file
from silajar.installations.models import InstallationRequest
from silajar.installations.services.inputs import as_bool, raise_errors
from silajar.installations.services.steps import fire
from silajar.installations.workflows import INSTALLATION_FLOW


@transaction.atomic
def installation_start_installation(
    *, installation: InstallationRequest, actor: User, version: int | None = None
) -> InstallationRequest:
    return fire(
        installation=installation,
        action="start_installation",
        actor=actor,
        version=version,
        changes={"installation_started_at": timezone.now()},
        event="installing",
    )


@transaction.atomic
def installation_complete_installation(
    *,
    installation: InstallationRequest,
    actor: User,
    link_up: bool | str,
    ip_address: str,
    measured_mbps: Decimal | float | str,
    notes: str = "",
    version: int | None = None,
) -> InstallationRequest:
    """The technician records the connection test; only a working connection completes."""
    errors: dict[str, list] = {}
    up = as_bool(value=link_up, field="link_up", errors=errors)
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
    raise_errors(errors=errors, message=_("Record the connection test."))
    if not up:
        raise DomainError(
            _("The link is down: the installation is complete only when the connection works."),
            fields={"link_up": [_("The connection test must pass.")]},
        )
    return fire(
        installation=installation,
        action="complete_installation",
        actor=actor,
        version=version,
        changes={
            "link_up": True,
            "ip_address": address,
            "measured_mbps": speed,
            "installation_notes": (notes or "").strip(),
            "installed_at": timezone.now(),
        },
        event="installed",
    )


def installation_sign_off(
    *,
    installation: InstallationRequest,
    actor: User,
    signer_name: str,
    signature: str = "",
    signed_form=None,
    version: int | None = None,
) -> InstallationRequest:
    """The agency user signs the installation form: drawn on screen or the scan of the paper."""
    INSTALLATION_FLOW.check(installation, "sign_off", actor)  # refuse before storing anything
    field, checked = checked_sign_off(
        signer_name=signer_name, signature=signature, signed_form=signed_form
    )
    with transaction.atomic():
        stored = store_file(InstallationRequest, field, checked)
        return fire(
            installation=installation,
            action="sign_off",
            actor=actor,
            version=version,
            changes={
                "signer_name": signer_name.strip(),
                field: stored,
                "signed_at": timezone.now(),
            },
            event="completed",
        )
