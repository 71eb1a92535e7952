"""Account services: every change of an account goes through here, with its audit event."""

import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from silajar.accounts.models import (
    TOKEN_PREFIX_LENGTH,
    ApiToken,
    Rank,
    RolePolicy,
    User,
    token_key_hash,
)
from silajar.accounts.roles import Role
from silajar.core.audit import audit_record
from silajar.core.editing import audited_update
from silajar.core.errors import ActionForbidden, DomainError
from silajar.core.jobs import enqueue
from silajar.core.signatures import checked_sign_off
from silajar.core.uploads import store_file
from silajar.core.validators import nip_errors

PROFILE_FIELDS = (
    "username",
    "email",
    "full_name",
    "nip",
    "rank",
    "phone",
    "organization",
    "position",
    "is_active",
)


def check_account_change(*, actor: User, user: User) -> None:
    """A superuser's account is changed by superusers only: an administrator of users cannot
    take it over (its e-mail address, its roles, its two-factor sign-in)."""
    if user.is_superuser and not actor.is_superuser:
        raise ActionForbidden(_("Only a superuser can change a superuser's account."))


def _set_roles(user: User, roles: Iterable[str]) -> dict[str, list]:
    wanted = sorted(set(roles))
    unknown = set(wanted) - set(Role.values)
    if unknown:
        raise DomainError(_("Unknown role."))
    before = sorted(user.role_codes)
    user.groups.set(Group.objects.filter(name__in=wanted))
    user.__dict__.pop("role_codes", None)
    return {"roles": [before, wanted]} if before != wanted else {}


@transaction.atomic
def user_create(
    *,
    actor: User,
    roles: Iterable[str],
    send_invitation: bool = True,
    password: str | None = None,
    **fields,
) -> User:
    """Create an account. Without a password, the person sets one through the e-mailed link."""
    user = User(**{k: v for k, v in fields.items() if k in PROFILE_FIELDS})
    user.email = user.email.strip().lower()
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    changes = _set_roles(user, roles)
    changes.update(
        {
            k: [None, str(getattr(user, k))]
            for k in PROFILE_FIELDS
            if k in fields and k != "is_active"
        }
    )
    audit_record(actor=actor, action="account.created", obj=user, changes=changes)
    if send_invitation:
        transaction.on_commit(lambda: _send_password_link(user, invitation=True))
    return user


@transaction.atomic
def user_update(
    *,
    actor: User,
    user: User,
    expected_version: int | None,
    roles: Iterable[str] | None = None,
    **fields,
) -> User:
    """Change an account's profile (and roles); refused if someone saved it meanwhile."""
    check_account_change(actor=actor, user=user)
    data = {k: v for k, v in fields.items() if k in PROFILE_FIELDS}
    if "email" in data:
        data["email"] = data["email"].strip().lower()
    if user.pk == actor.pk and data.get("is_active") is False:
        raise DomainError(_("You cannot deactivate your own account."))
    updated = audited_update(
        obj=user,
        actor=actor,
        data=data,
        expected_version=expected_version,
        action="account.updated",
        check=_check_profile,
    )
    if roles is not None:
        role_changes = _set_roles(updated, roles)
        if role_changes:
            audit_record(
                actor=actor, action="account.roles_changed", obj=updated, changes=role_changes
            )
    if data.get("is_active") is False:
        _end_access(updated, actor=actor)
    return updated


def _check_profile(user: User) -> None:
    """Refuse a malformed NIP (each wrong part said on the input) or an unknown rank."""
    errors: dict[str, list] = {}
    if user.nip:
        wrong = nip_errors(user.nip)
        if wrong:
            errors["nip"] = [str(text) for text in wrong]
    if user.rank and user.rank not in Rank.values:
        errors["rank"] = [_("Pick a rank and grade from the list.")]
    if errors:
        raise DomainError(_("Check the NIP and the rank."), fields=errors)


@transaction.atomic
def user_signature_set(*, user: User, signature: str) -> User:
    """One's own signature, drawn on screen (a PNG data URL; bounded like every drawn
    signature), printed in one's block of the forms one completes; empty removes it."""
    if signature:
        _, checked = checked_sign_off(signer_name=user.get_full_name() or "-", signature=signature)
        user.signature = store_file(User, "signature", checked)
        action = "account.signature_set"
    else:
        if not user.signature:
            return user
        user.signature = ""
        action = "account.signature_cleared"
    user.save(update_fields=["signature", "updated_at"])
    audit_record(actor=user, action=action, obj=user)
    return user


def _end_access(user: User, *, actor: User) -> None:
    """A deactivated account loses its API tokens and every session now (raising the session
    epoch invalidates them, so they stay dead even if the account is activated again)."""
    api_tokens_revoke(user=user, actor=actor)
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool) -> User:
    return user_update(actor=actor, user=user, expected_version=None, is_active=active)


@transaction.atomic
def role_policy_set(*, actor: User, role: str, require_two_factor: bool) -> RolePolicy:
    policy, _created = RolePolicy.objects.select_for_update().get_or_create(role=role)
    if policy.require_two_factor != require_two_factor:
        audit_record(
            actor=actor,
            action="role.policy_changed",
            obj=policy,
            changes={"require_two_factor": [policy.require_two_factor, require_two_factor]},
        )
        policy.require_two_factor = require_two_factor
        policy.save(update_fields=["require_two_factor"])
    return policy


def password_reset_link(*, user: User) -> str:
    """A single-use link (it dies when the password changes) that expires after
    PASSWORD_RESET_TIMEOUT; built from SILAJAR_BASE_URL, never from the request's Host."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SILAJAR_BASE_URL}{path}"


def _send_password_link(user: User, *, invitation: bool = False) -> None:
    context = {
        "user": user,
        "link": password_reset_link(user=user),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "invitation": invitation,
        "base_url": settings.SILAJAR_BASE_URL,
    }
    subject = _("Your SiLaJar account") if invitation else _("Reset your SiLaJar password")
    enqueue(
        "core.send_email",
        to=[user.email],
        subject=subject,
        body=render_to_string("accounts/email/password_link.txt", context),
    )


def password_reset_request(*, login: str) -> None:
    """Ask for a reset link for the account named by username or e-mail, if there is one.

    Answers the same way, and in the same time, whether or not the account exists: only the
    request is queued here; the look-up, the audit event and the mail happen in the worker
    (password_reset_send), so the response time tells nothing about the account."""
    enqueue("accounts.password_reset_deliver", login, translation.get_language())


def password_reset_send(*, login: str) -> None:
    """Send a reset link to the account named by `login`, if it is active and has an e-mail."""
    try:
        user = User.objects.get_by_login(login)
    except User.DoesNotExist:
        return
    if not user.is_active or not user.email:
        return
    with transaction.atomic():
        audit_record(actor=None, action="account.password_reset_requested", obj=user)
    _send_password_link(user)


@transaction.atomic
def password_set(*, user: User, password: str, actor: User | None, reason: str) -> None:
    """Set a new password (after a change or a reset) and record it."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor or user, action=f"account.password_{reason}", obj=user)


# --- API tokens ---------------------------------------------------------------------------------

TOKEN_TOUCH_SECONDS = 60  # a token's last use is written at most once a minute


@transaction.atomic
def api_token_issue(*, user: User, label: str = "") -> str:
    """A new API token for one client of `user` (each client its own); returns the key, which is
    shown to the client this once: only its hash is kept."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        label=label.strip()[: ApiToken._meta.get_field("label").max_length],
        prefix=key[:TOKEN_PREFIX_LENGTH],
        key_hash=token_key_hash(key),
    )
    audit_record(actor=user, action="account.api_token_issued", obj=user, note=str(token))
    return key


def api_token_find(*, key: str) -> ApiToken | None:
    """The token whose key is `key` (hashed under SECRET_KEY or one of SECRET_KEY_FALLBACKS),
    with its user, or None."""
    if len(key) < TOKEN_PREFIX_LENGTH:
        return None
    candidates = ApiToken.objects.filter(prefix=key[:TOKEN_PREFIX_LENGTH]).select_related("user")
    hashes = [token_key_hash(key, secret) for secret in [None, *settings.SECRET_KEY_FALLBACKS]]
    for token in candidates:
        if any(constant_time_compare(token.key_hash, digest) for digest in hashes):
            return token
    return None


def api_token_used(*, token: ApiToken, address: str | None) -> None:
    """Record a request made with `token`: when and from where. Written when the last record is
    a minute old or more, not on every request (each write takes SQLite's write lock)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < timedelta(
        seconds=TOKEN_TOUCH_SECONDS
    ):
        return
    token.last_used_at, token.last_used_from = now, address
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_from=address)


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    """Revoke one of the actor's own tokens: the client using it must ask for a new one."""
    if token.user_id != actor.pk:
        raise ActionForbidden(_("You can only revoke your own API tokens."))
    deleted, _count = ApiToken.objects.filter(pk=token.pk).delete()
    if deleted:
        audit_record(actor=actor, action="account.api_token_revoked", obj=actor, note=str(token))


def api_tokens_revoke(*, user: User, actor: User | None) -> int:
    """End every API token of the account (on every password set, when two-factor sign-in is
    turned on, on deactivation, on a sign-out that asks): each client must ask for a new one
    (with the password, and the code when two-factor sign-in is on). `actor` None: the system.
    Returns how many there were."""
    with transaction.atomic():
        tokens = list(ApiToken.objects.filter(user=user))
        if tokens:
            ApiToken.objects.filter(pk__in=[token.pk for token in tokens]).delete()
            names = ", ".join(str(token) for token in tokens)
            audit_record(actor=actor, action="account.api_tokens_revoked", obj=user, note=names)
    return len(tokens)


def api_tokens_delete_expired() -> int:
    """Delete the tokens idle for SILAJAR_TOKEN_IDLE_DAYS days or more (they are refused
    already), each with its audit event; the nightly job. Returns how many."""
    with transaction.atomic():
        expired = list(ApiToken.objects.expired().select_related("user"))
        for token in expired:
            audit_record(
                actor=None, action="account.api_token_expired", obj=token.user, note=str(token)
            )
        ApiToken.objects.filter(pk__in=[token.pk for token in expired]).delete()
    return len(expired)


def active_technician(*, user_id) -> User:
    """The active network technician with id `user_id` (a User or an id), or a field error."""
    try:
        pk = int(getattr(user_id, "pk", user_id))
    except (TypeError, ValueError):
        pk = None
    technician = None
    if pk is not None and 0 < pk < 2**63:  # larger ids find nothing (and upset SQLite)
        technician = User.objects.filter(pk=pk, is_active=True).first()
    if technician is None or not technician.has_role(Role.TECHNICIAN):
        raise DomainError(
            _("Choose an active network technician."),
            fields={"technician": [_("Not an active network technician.")]},
        )
    return technician
