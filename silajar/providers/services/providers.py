"""Providers and their accounts: `PROVIDERS.create(actor=, data=)` and
`PROVIDERS.update(actor=, obj=, data=, expected_version=)` (an editable list kept by the
network administrator and the PPTK), `provider_account_attach` / `provider_account_detach`.

`contacts` and `escalation` are checked and normalised before a provider is saved: each NOC
contact has a name and at least one way to reach it; the escalation matrix runs from level 1
up, one level after the other, each with a contact and the minutes (at least 1) the level
before may stay silent."""

from __future__ import annotations

from collections.abc import Callable
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


def _cleaned_items(
    value: Any,
    *,
    field: str,
    not_a_list: str,
    not_an_item: str,
    check: str,
    clean: Callable[[dict[str, Any], int], tuple[dict[str, Any], dict[str, str]]],
) -> list[dict[str, Any]]:
    """`value` as a list of items, each a dict cleaned by `clean(item, index)` → (the item as
    stored, {key: error}). Refused (DomainError, message `check`) with every error named after
    the input: `field[index]` for an item that is no dict, `field[index].key` for its keys;
    `not_a_list` when `value` is no list at all."""
    if not isinstance(value, list):
        raise DomainError(not_a_list, fields={field: [_("Not a list.")]})
    errors: dict[str, list[str]] = {}
    cleaned = []
    for index, item in enumerate(value):
        where = f"{field}[{index}]"
        if not isinstance(item, dict):
            errors[where] = [not_an_item]
            continue
        row, row_errors = clean(item, index)
        errors.update({f"{where}.{key}": [error] for key, error in row_errors.items()})
        cleaned.append(row)
    if errors:
        raise DomainError(check, fields=errors)
    return cleaned


def _contact(item: dict[str, Any], index: int) -> tuple[dict[str, Any], dict[str, str]]:
    """One NOC contact as stored: a name and at least one way to reach it."""
    contact = {key: _text(item.get(key)) for key in CONTACT_KEYS}
    errors = {}
    if not contact["name"]:
        errors["name"] = _("This field is required.")
    if not (contact["phone"] or contact["email"] or contact["whatsapp"]):
        errors["phone"] = _("Give a phone number, an e-mail or a WhatsApp number.")
    if contact["email"]:
        try:
            validate_email(contact["email"])
        except ValidationError:
            errors["email"] = _("Enter a valid e-mail address.")
    return contact, errors


def clean_contacts(*, value: Any) -> list[dict[str, str]]:
    """The NOC contacts as stored: a list of {"name", "phone", "email", "whatsapp"}."""
    return _cleaned_items(
        value,
        field="contacts",
        not_a_list=_("Give the contacts as a list."),
        not_an_item=_("Each contact has a name and a phone, e-mail or WhatsApp."),
        check=_("Check the NOC contacts."),
        clean=_contact,
    )


def _whole(value: Any) -> int | None:
    """A whole number given as a number or as digits, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = _text(value)
    return int(text) if text.isascii() and text.isdigit() else None


def _level(item: dict[str, Any], index: int) -> tuple[dict[str, Any], dict[str, str]]:
    """One level of the matrix as stored: the level `index` + 1, a contact, minutes >= 1."""
    errors = {}
    if _whole(item.get("level")) != index + 1:
        errors["level"] = _("The levels run 1, 2, 3 … in order: this one must be %(n)d.") % {
            "n": index + 1
        }
    contact = _text(item.get("contact"))
    if not contact:
        errors["contact"] = _("This field is required.")
    minutes = _whole(item.get("after_minutes"))
    if minutes is None or minutes < 1:
        errors["after_minutes"] = _("A whole number of minutes, at least 1.")
    return {"level": index + 1, "contact": contact, "after_minutes": minutes}, errors


def clean_escalation(*, value: Any) -> list[dict[str, Any]]:
    """The escalation matrix as stored: [{"level": 1, "contact", "after_minutes"}, …], the
    levels 1, 2, … in order."""
    return _cleaned_items(
        value,
        field="escalation",
        not_a_list=_("Give the escalation matrix as a list."),
        not_an_item=_("Each level has a level number, a contact and minutes."),
        check=_("Check the escalation matrix."),
        clean=_level,
    )


def check_provider(provider: Provider) -> None:
    """Normalise and check the provider's contacts and escalation matrix (DomainError)."""
    provider.name = _text(provider.name)
    provider.short_name = _text(provider.short_name)
    provider.contacts = clean_contacts(value=provider.contacts)
    provider.escalation = clean_escalation(value=provider.escalation)


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
