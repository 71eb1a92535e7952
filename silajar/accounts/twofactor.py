"""Two-factor sign-in: authenticator apps (TOTP) and one-time recovery codes."""

import secrets

import pyotp
import segno
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from silajar.accounts.models import RecoveryCode, RolePolicy, TOTPDevice, User
from silajar.accounts.services import check_account_change
from silajar.core.audit import audit_record
from silajar.core.errors import DomainError
from silajar.core.memo import PerAccount

ISSUER = "SiLaJar Kalbar"
RECOVERY_CODE_COUNT = 10


@PerAccount
def two_factor_required(user: User) -> bool:
    """Whether one of the user's roles requires two-factor sign-in. Asked on every request, read
    once per account: a change of the account's roles or of a role's policy touches it."""
    return RolePolicy.objects.filter(role__in=user.role_codes, require_two_factor=True).exists()


def two_factor_enabled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def totp_begin(*, user: User) -> TOTPDevice:
    """Start enrolment, or continue one already started: the secret is active once confirmed."""
    if two_factor_enabled(user):
        raise DomainError(_("Two-factor sign-in is already turned on."))
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()}
    )
    return device


def provisioning_uri(device: TOTPDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.user.email or device.user.username, issuer_name=ISSUER
    )


def provisioning_qr_svg(device: TOTPDevice) -> str:
    return segno.make(provisioning_uri(device), error="m").svg_inline(scale=4)


def _verify_totp(device: TOTPDevice, code: str) -> bool:
    """Check a 6-digit code (one step of drift allowed) and burn its time step."""
    code = "".join(ch for ch in code or "" if ch.isdigit())
    if len(code) != 6:
        return False
    totp = pyotp.TOTP(device.secret)
    now = timezone.now()
    for drift in (-1, 0, 1):
        step = totp.timecode(now) + drift
        if step <= device.last_used_step:
            continue
        if secrets.compare_digest(totp.generate_otp(step), code):
            device.last_used_step = step
            device.save(update_fields=["last_used_step"])
            return True
    return False


@transaction.atomic
def totp_confirm(*, user: User, code: str) -> list[str]:
    """Finish enrolment with a first valid code; returns the new recovery codes (shown once)."""
    device = TOTPDevice.objects.select_for_update().filter(user=user).first()
    if device is None or device.confirmed_at is not None:
        raise DomainError(_("Start the set-up again."))
    if not _verify_totp(device, code):
        raise DomainError(
            _("The code is not valid. Check the time on your phone and try again."),
            fields={"code": [_("The code is not valid.")]},
        )
    device.confirmed_at = timezone.now()
    device.save(update_fields=["confirmed_at"])
    codes = _new_recovery_codes(user)
    audit_record(actor=user, action="account.two_factor_enabled", obj=user)
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [
        f"{secrets.token_hex(2)}-{secrets.token_hex(2)}-{secrets.token_hex(2)}"
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=make_password(code)) for code in codes
    )
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    if not two_factor_enabled(user):
        raise DomainError(_("Two-factor sign-in is not turned on."))
    codes = _new_recovery_codes(user)
    audit_record(actor=user, action="account.recovery_codes_regenerated", obj=user)
    return codes


@transaction.atomic
def two_factor_verify(*, user: User, code: str) -> bool:
    """Second step of sign-in: a code from the app, or an unused recovery code."""
    device = (
        TOTPDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    )
    if device is None:
        return False
    if _verify_totp(device, code):
        return True
    candidate = (code or "").strip().lower()
    for recovery in RecoveryCode.objects.select_for_update().filter(user=user, used_at=None):
        if check_password(candidate, recovery.code_hash):
            recovery.used_at = timezone.now()
            recovery.save(update_fields=["used_at"])
            audit_record(actor=user, action="account.recovery_code_used", obj=user)
            return True
    return False


@transaction.atomic
def two_factor_disable(*, user: User, actor: User) -> None:
    """Turn two-factor sign-in off (the user themself, or an administrator resetting it)."""
    check_account_change(actor=actor, user=user)
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    audit_record(actor=actor, action="account.two_factor_disabled", obj=user)


def remaining_recovery_codes(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at=None).count()
