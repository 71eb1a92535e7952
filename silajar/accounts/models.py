"""Accounts: the user, two-factor devices, API tokens and per-role sign-in policy."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from silajar.accounts.names import first_name
from silajar.accounts.roles import AGENCY_ROLES, PROVIDER_ROLES, STAFF_ROLES, Role
from silajar.core.models import Versioned
from silajar.core.validators import nip_validator, phone_validator


class Rank(models.TextChoices):
    """The rank and grade (pangkat/golongan) of a civil servant, as signature blocks print it
    (Indonesian official names, the same in every language)."""

    I_A = "I/a", "Juru Muda (I/a)"
    I_B = "I/b", "Juru Muda Tingkat I (I/b)"
    I_C = "I/c", "Juru (I/c)"
    I_D = "I/d", "Juru Tingkat I (I/d)"
    II_A = "II/a", "Pengatur Muda (II/a)"
    II_B = "II/b", "Pengatur Muda Tingkat I (II/b)"
    II_C = "II/c", "Pengatur (II/c)"
    II_D = "II/d", "Pengatur Tingkat I (II/d)"
    III_A = "III/a", "Penata Muda (III/a)"
    III_B = "III/b", "Penata Muda Tingkat I (III/b)"
    III_C = "III/c", "Penata (III/c)"
    III_D = "III/d", "Penata Tingkat I (III/d)"
    IV_A = "IV/a", "Pembina (IV/a)"
    IV_B = "IV/b", "Pembina Tingkat I (IV/b)"
    IV_C = "IV/c", "Pembina Utama Muda (IV/c)"
    IV_D = "IV/d", "Pembina Utama Madya (IV/d)"
    IV_E = "IV/e", "Pembina Utama (IV/e)"


class SilajarUserManager(UserManager):
    def get_by_login(self, login: str):
        """The user whose username or e-mail is `login` (case-insensitive)."""
        login = (login or "").strip()
        field = "email__iexact" if "@" in login else "username__iexact"
        return self.get(**{field: login})


class User(AbstractUser, Versioned):
    """A person using SiLaJar. `first_name`/`last_name` are unused; `full_name` holds the name
    as written on letters (with academic titles)."""

    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        blank=True,
        validators=[nip_validator],
        help_text=_("18-digit civil servant number; leave empty if none."),
    )
    rank = models.CharField(
        _("rank and grade (pangkat/golongan)"),
        max_length=6,
        choices=Rank.choices,
        blank=True,
        help_text=_("Printed under the name on the letters you sign; leave empty if none."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    # drawn once on the phone (profile): printed in the person's block of the forms they complete
    signature = models.FileField(
        _("signature"), upload_to="accounts/signatures/", blank=True, editable=False
    )
    # Raised to end every session of the account at once (e.g. on deactivation).
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SilajarUserManager()
    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name"]
        permissions = [("manage_users", _("Can manage users and roles"))]
        constraints = [
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique"),
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        """The name to greet the person by: "Ir. Hendra Wijaya, M.T." → "Hendra"."""
        return first_name(self.full_name) or self.username

    def _get_session_auth_hash(self, secret=None):
        # Sessions are bound to the password hash and to the session epoch.
        return salted_hmac(
            "silajar.accounts.User.session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @cached_property
    def role_codes(self) -> frozenset[str]:
        valid = set(Role.values)
        # groups.all() so that a prefetch_related("groups") on a list is used
        return frozenset(group.name for group in self.groups.all() if group.name in valid)

    def has_role(self, *codes: str) -> bool:
        return bool(self.role_codes.intersection(codes))

    @property
    def is_agency_user(self) -> bool:
        """An OPD-side user: sees only their own agency's records."""
        return bool(self.role_codes & AGENCY_ROLES) and not self.is_internal_staff

    @property
    def is_provider(self) -> bool:
        return bool(self.role_codes & PROVIDER_ROLES) and not self.is_internal_staff

    @property
    def is_internal_staff(self) -> bool:
        """Diskominfo staff (any role of the office) or a superuser."""
        return self.is_superuser or bool(self.role_codes & STAFF_ROLES)

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.has_perm("accounts.manage_users")


class RolePolicy(models.Model):
    """Sign-in rules an administrator sets per role."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, unique=True)
    require_two_factor = models.BooleanField(_("require two-factor sign-in"), default=False)

    class Meta:
        verbose_name = _("role policy")
        verbose_name_plural = _("role policies")

    def __str__(self) -> str:
        return self.get_role_display()


class TOTPDevice(models.Model):
    """An authenticator app bound to a user (RFC 6238, 30-second steps, 6 digits)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(default=0)  # a code is accepted once only
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    def __str__(self) -> str:
        return f"TOTP {self.user}"


class RecoveryCode(models.Model):
    """A one-time code to sign in without the authenticator app; stored hashed."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=128)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self) -> str:
        return f"recovery code of {self.user}"


# An API token's key is long and random: a fast keyed hash (HMAC-SHA256 under a key derived from
# SECRET_KEY) is enough to store it; its first characters are kept in clear to find and show it.
KEY_DIGEST_SALT = "silajar.accounts.ApiToken.key"
TOKEN_PREFIX_LENGTH = 8


def token_key_hash(key: str, secret: str | bytes | None = None) -> str:
    """The stored form of a token key (under SECRET_KEY, or `secret`: one of its fallbacks)."""
    return salted_hmac(KEY_DIGEST_SALT, key, secret=secret, algorithm="sha256").hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def expired(self) -> "ApiTokenQuerySet":
        """Tokens idle for SILAJAR_TOKEN_IDLE_DAYS days or more (see ApiToken.is_expired)."""
        moment = timezone.now() - timedelta(days=settings.SILAJAR_TOKEN_IDLE_DAYS)
        return self.filter(
            models.Q(last_used_at__lte=moment)
            | models.Q(last_used_at__isnull=True, created_at__lte=moment)
        )


class ApiToken(models.Model):
    """The API key of one client (a device, an application) of a user; a user may hold several.
    The key is shown once, when issued: only its hash is stored, with its first characters."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    label = models.CharField(_("name"), max_length=150, blank=True)
    prefix = models.CharField(_("key begins with"), max_length=TOKEN_PREFIX_LENGTH, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("issued at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    last_used_from = models.GenericIPAddressField(_("last used from"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.label or _('API token')} ({self.prefix}…)"

    @property
    def idle_expires_at(self) -> datetime:
        """When the token stops working unless it is used before."""
        idle_from = self.last_used_at or self.created_at
        return idle_from + timedelta(days=settings.SILAJAR_TOKEN_IDLE_DAYS)

    @property
    def is_expired(self) -> bool:
        """Unused for SILAJAR_TOKEN_IDLE_DAYS days: refused, and deleted by the nightly job."""
        return self.idle_expires_at <= timezone.now()
