"""Checks of the inputs every step's service shares: required fields, dates, a NIP, yes/no
answers, a reason; each collects its error under the field's name."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from silajar.core.errors import DomainError, require_text


def required(*, errors: dict, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            errors[name] = [_("This field is required.")]


def as_date(*, value: date | str | None, field: str, errors: dict) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    parsed = parse_date(str(value)) if isinstance(value, str) else None
    if parsed is None:
        errors[field] = [_("Enter a valid date (YYYY-MM-DD).")]
    return parsed


def checked_nip(*, value: str | None, errors: dict) -> str:
    nip = (value or "").strip()
    if nip and (not nip.isdigit() or len(nip) != 18):
        errors["signatory_nip"] = [_("A NIP has 18 digits.")]
    return nip


def raise_errors(*, errors: dict, message: str) -> None:
    if errors:
        raise DomainError(message, fields=errors)


def as_bool(*, value: Any, field: str, errors: dict) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in ("true", "1", "yes", "on", "ya"):
        return True
    if text in ("false", "0", "no", "off", "tidak"):
        return False
    errors[field] = [_("Answer yes or no.")]
    return None


def reason_given(*, reason: str, field: str = "reason") -> str:
    require_text(reason, field=field, message=_("Give the reason."))
    return reason.strip()
