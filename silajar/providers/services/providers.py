"""Providers and their accounts: `PROVIDERS.create(actor=, data=)` and
`PROVIDERS.update(actor=, obj=, data=, expected_version=)` (an editable list kept by the
network administrator and the PPTK), `provider_account_attach` / `provider_account_detach`.

`contacts` and `escalation` are checked and normalised before a provider is saved: each NOC
contact has a name and at least one way to reach it; the escalation matrix runs from level 1
up, one level after the other, each with a contact and the minutes (at least 1) the level
before may stay silent."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from silajar.accounts.roles import Role
from silajar.core.audit import audit_record
from silajar.core.editing import locked
from silajar.core.errors import DomainError
from silajar.providers.models import Provider, ProviderAccount
from silajar.providers.services.rules import KEEPERS

CONTACT_KEYS = ("name", "phone", "email", "whatsapp")
PROVIDER_FIELDS = ("name", "short_name", "contacts", "escalation", "is_active")


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value))


def clean_contacts(value: Any) -> list[dict[str, str]]:
    """The NOC contacts as stored: a list of {"name", "phone", "email", "whatsapp"}."""
    if not isinstance(value, list):
        raise DomainError(
            _("Give the contacts as a list."), fields={"contacts": [_("Not a list.")]}
        )
    errors: dict[str, list[str]] = {}
    cleaned = []
    for index, item in enumerate(value):
        where = f"contacts[{index}]"
        if not isinstance(item, dict):
            errors[where] = [_("Each contact has a name and a phone, e-mail or WhatsApp.")]
            continue
        contact = {key: _text(item.get(key)) for key in CONTACT_KEYS}
        if not contact["name"]:
            errors[f"{where}.name"] = [_("This field is required.")]
        if not (contact["phone"] or contact["email"] or contact["whatsapp"]):
            errors[f"{where}.phone"] = [_("Give a phone number, an e-mail or a WhatsApp number.")]
        if contact["email"]:
            try:
                validate_email(contact["email"])
            except ValidationError:
                errors[f"{where}.email"] = [_("Enter a valid e-mail address.")]
        cleaned.append(contact)
    if errors:
        raise DomainError(_("Check the NOC contacts."), fields=errors)
    return cleaned


def _whole(value: Any) -> int | None:
    """A whole number given as a number or as digits, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = _text(value)
    return int(text) if text.isascii() and text.isdigit() else None


def clean_escalation(value: Any) -> list[dict[str, Any]]:
    """The escalation matrix as stored: [{"level": 1, "contact", "after_minutes"}, …], the
    levels 1, 2, … in order."""
    if not isinstance(value, list):
        raise DomainError(
            _("Give the escalation matrix as a list."), fields={"escalation": [_("Not a list.")]}
        )
    errors: dict[str, list[str]] = {}
    cleaned = []
    for index, item in enumerate(value):
        where = f"escalation[{index}]"
        if not isinstance(item, dict):
            errors[where] = [_("Each level has a level number, a contact and minutes.")]
            continue
        level = _whole(item.get("level"))
        if level != index + 1:
            errors[f"{where}.level"] = [
                _("The levels run 1, 2, 3 … in order: this one must be %(n)d.") % {"n": index + 1}
            ]
        contact = _text(item.get("contact"))
        if not contact:
            errors[f"{where}.contact"] = [_("This field is required.")]
        minutes = _whole(item.get("after_minutes"))
        if minutes is None or minutes < 1:
            errors[f"{where}.after_minutes"] = [_("A whole number of minutes, at least 1.")]
        cleaned.append({"level": index + 1, "contact": contact, "after_minutes": minutes})
    if errors:
        raise DomainError(_("Check the escalation matrix."), fields=errors)
    return cleaned


def check_provider(provider: Provider) -> None:
    """Normalise and check the provider's contacts and escalation matrix (DomainError)."""
    provider.name = _text(provider.name)
    provider.short_name = _text(provider.short_name)
    provider.contacts = clean_contacts(provider.contacts)
    provider.escalation = clean_escalation(provider.escalation)


PROVIDERS = KEEPERS.declare(
    Provider, action="provider", create_fields=PROVIDER_FIELDS, check=check_provider
)


@transaction.atomic
def provider_account_attach(*, actor, provider: Provider, user) -> ProviderAccount:
    """Make `user` (an active account of role `provider`, not yet any provider's) an account
    of `provider`: it then sees the provider's links, outages, incidents and contracts."""
    KEEPERS.require(actor)
    user = locked(user)
    if not user.is_active or not user.has_role(Role.PROVIDER) or user.is_internal_staff:
        raise DomainError(
            _("Only an active account of role provider can be attached to a provider."),
            fields={"user": [_("Choose an account of role provider.")]},
        )
    if ProviderAccount.objects.filter(user=user).exists():
        raise DomainError(
            _("This account already belongs to a provider."),
            fields={"user": [_("Already a provider's account.")]},
        )
    account = ProviderAccount.objects.create(provider=provider, user=user)
    audit_record(
        actor=actor,
        action="provider.account_attached",
        obj=provider,
        changes={"accounts": [None, user.get_full_name() or user.get_username()]},
    )
    return account


@transaction.atomic
def provider_account_detach(*, actor, account: ProviderAccount) -> None:
    """Take an account away from its provider (it then sees none of the internet side)."""
    KEEPERS.require(actor)
    account = (
        ProviderAccount.objects.select_for_update()
        .select_related("user", "provider")
        .get(pk=account.pk)
    )
    user = account.user
    audit_record(
        actor=actor,
        action="provider.account_detached",
        obj=account.provider,
        changes={"accounts": [user.get_full_name() or user.get_username(), None]},
    )
    account.delete()
