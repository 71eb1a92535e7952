"""Two-factor sign-in: authenticator apps (TOTP) and one-time recovery codes."""

import re
import secrets

import pyotp
import segno
from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from silajar.accounts.models import RecoveryCode, RolePolicy, TOTPDevice, User
from silajar.accounts.services import api_tokens_revoke, check_account_change
from silajar.core.audit import audit_record
from silajar.core.errors import DomainError
from silajar.core.memo import PerAccount

ISSUER = "SiLaJar Kalbar"
RECOVERY_CODE_COUNT = 10
# a recovery code: three groups of four hex digits (48 random bits), typed with or without the
# dashes, spaces or capitals; anything else is never compared with the stored codes
RECOVERY_CODE_FORM = re.compile(r"[0-9a-f]{12}")
# stored as "hmac$" and HMAC-SHA256 of the code under a key derived from SECRET_KEY: the codes are
# long and random, so a fast keyed hash suffices (and a wrong code costs nothing to refuse). Codes
# made before were stored with the password hasher; they are still accepted (see _recovery_match)
RECOVERY_HASH_PREFIX = "hmac$"
RECOVERY_HASH_SALT = "silajar.accounts.twofactor.recovery-code"


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
    api_tokens_revoke(user=user, actor=user)  # tokens asked for with the password alone end
    audit_record(actor=user, action="account.two_factor_enabled", obj=user)
    return codes


def _recovery_code_form(code: str) -> str | None:
    """The code as shown ("1a2b-3c4d-5e6f"), or None when the input is not a recovery code."""
    digits = "".join(ch for ch in (code or "").lower() if ch not in "- ")
    if not RECOVERY_CODE_FORM.fullmatch(digits):
        return None
    return f"{digits[0:4]}-{digits[4:8]}-{digits[8:12]}"


def _recovery_hash(code: str, secret: str | None = None) -> str:
    digest = salted_hmac(RECOVERY_HASH_SALT, code, secret=secret, algorithm="sha256")
    return RECOVERY_HASH_PREFIX + digest.hexdigest()


def _recovery_match(user: User, code: str) -> RecoveryCode | None:
    """The unused recovery code `code` (already in its shown form), locked for update: one
    indexed lookup by its keyed hashes (under SECRET_KEY and its fallbacks); then, only for
    codes stored before the keyed hash (with the slow password hasher), a comparison with each."""
    secrets_in_use = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    unused = RecoveryCode.objects.select_for_update().filter(user=user, used_at=None)
    found = unused.filter(code_hash__in=[_recovery_hash(code, key) for key in secrets_in_use])
    if recovery := found.first():
        return recovery
    for recovery in unused.exclude(code_hash__startswith=RECOVERY_HASH_PREFIX):
        if check_password(code, recovery.code_hash):
            return recovery
    return None


def _new_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [
        f"{secrets.token_hex(2)}-{secrets.token_hex(2)}-{secrets.token_hex(2)}"
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=_recovery_hash(code)) for code in codes
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
    """Second step of sign-in: a code from the app, or an unused recovery code (compared only
    when the input has a recovery code's form)."""
    device = (
        TOTPDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    )
    if device is None:
        return False
    if _verify_totp(device, code):
        return True
    candidate = _recovery_code_form(code)
    recovery = _recovery_match(user, candidate) if candidate else None
    if recovery is None:
        return False
    recovery.used_at = timezone.now()
    recovery.save(update_fields=["used_at"])
    audit_record(actor=user, action="account.recovery_code_used", obj=user)
    return True


@transaction.atomic
def identity_confirmed(*, user: User, secret: str) -> bool:
    """Before turning two-factor sign-in off or making new recovery codes: the account's
    password, or a current code from the app (a recovery code is not spent on this)."""
    if not secret:
        return False
    if user.check_password(secret):
        return True
    device = (
        TOTPDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    )
    return device is not None and _verify_totp(device, secret)


@transaction.atomic
def two_factor_disable(*, user: User, actor: User) -> None:
    """Turn two-factor sign-in off (the user themself, or an administrator resetting it)."""
    check_account_change(actor=actor, user=user)
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    audit_record(actor=actor, action="account.two_factor_disabled", obj=user)


def remaining_recovery_codes(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at=None).count()
