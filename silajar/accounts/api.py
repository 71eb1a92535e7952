import hashlib

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from silajar.accounts import services, twofactor
from silajar.accounts.lockout import canonical_username, lockout_message
from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.api import ErrorSerializer, IdField, error_body
from silajar.core.middleware import request_client_address


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(help_text="Username or e-mail address")
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        help_text="Accounts with two-factor sign-in: a code from the app, or a recovery code",
    )
    label = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=150,
        help_text="A name for this client (device, application), shown on the user's token "
        "page; by default its User-Agent",
    )


class TokenThrottle(SimpleRateThrottle):
    """Token requests per client address: the one the lockout and the audit trail take
    (behind the trusted proxies, core.middleware.request_client_address)."""

    scope = "token"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": request_client_address(request)}


class TokenAccountThrottle(SimpleRateThrottle):
    """Token requests per account named (by username or e-mail alike), from any address."""

    scope = "token_account"

    def get_cache_key(self, request, view):
        login = request.data.get("username") if hasattr(request.data, "get") else None
        if not isinstance(login, str) or not login.strip():
            return None  # refused by the serializer, without asking for a password
        account = canonical_username(request, {"username": login[:254]}) or ""
        # hashed: any text may be sent as a username, a cache key takes only some characters
        ident = hashlib.sha256(account.encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


@extend_schema(
    request=TokenRequestSerializer,
    responses={
        200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
        400: OpenApiResponse(ErrorSerializer, description="Wrong credentials, or a code needed"),
        403: OpenApiResponse(ErrorSerializer, description="Two-factor sign-in must be set up"),
        429: OpenApiResponse(
            ErrorSerializer, description="Locked out after repeated failures, or too many requests"
        ),
    },
    auth=[],
)
@api_view(["POST"])
@permission_classes([AllowAny])
@throttle_classes([TokenThrottle, TokenAccountThrottle])
def token_view(request):
    """Exchange a username (or e-mail) and password for a new API token.

    Every request issues a new token: one per client (device, application), each with its name
    (`label`, by default the client's User-Agent); the key is shown this once. A token unused for
    SILAJAR_TOKEN_IDLE_DAYS days (30 by default) stops working (401, `token_expired`); every
    password change and turning two-factor sign-in on end all of them; the user sees and revokes
    them on the "API tokens" page of their profile.

    Under the same lockout as the sign-in page: five failures lock the account for
    15 minutes from the caller's address. At most 30 requests a minute from one address and
    10 a minute for one account (429). Accounts with two-factor sign-in also send `code`;
    accounts whose role requires it must turn it on (on the web) before getting a token."""
    data = TokenRequestSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    django_request = request._request
    user = authenticate(
        django_request,
        username=data.validated_data["username"],
        password=data.validated_data["password"],
    )
    if getattr(django_request, "axes_locked_out", False):
        return Response(error_body("locked_out", lockout_message()), status=429)
    if user is None:
        return Response(
            error_body("invalid_credentials", _("The username/e-mail or password is wrong.")),
            status=400,
        )
    if twofactor.two_factor_enabled(user):
        # the password alone must not bypass the second factor; a wrong code is a failed
        # sign-in for the lockout, so codes cannot be guessed here either
        code = data.validated_data.get("code", "")
        if not code or not twofactor.two_factor_verify(user=user, code=code):
            if code:
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": data.validated_data["username"]},
                    request=django_request,
                )
                if getattr(django_request, "axes_locked_out", False):
                    return Response(error_body("locked_out", lockout_message()), status=429)
            message = _("Enter the code from your authenticator app, or a recovery code.")
            return Response(
                error_body("two_factor_required", message, {"code": [message]}), status=400
            )
    elif twofactor.two_factor_required(user):
        return Response(
            error_body(
                "two_factor_setup_required",
                _("Your role requires two-factor sign-in: turn it on in your profile first."),
            ),
            status=403,
        )
    label = data.validated_data.get("label") or request.META.get("HTTP_USER_AGENT", "")
    return Response({"token": services.api_token_issue(user=user, label=label)})


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "email",
            "roles",
            "organization",
            "position",
            "phone",
            "nip",
            "rank",
        ]

    def get_roles(self, user) -> list[str]:
        return sorted(user.role_codes)


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me_view(request):
    """The signed-in user."""
    return Response(MeSerializer(request.user).data)


class IsStaffOrAdministrator(BasePermission):
    message = _("Only Diskominfo staff may do this.")

    def has_permission(self, request, view):
        user = request.user
        return bool(
            user and user.is_authenticated and (user.is_internal_staff or user.is_administrator)
        )


class UserListSerializer(MeSerializer):
    class Meta(MeSerializer.Meta):
        fields = ["id", "username", "full_name", "organization", "roles"]


class UserFilterSerializer(serializers.Serializer):
    """The user list's query parameters."""

    role = serializers.ChoiceField(choices=Role.values, required=False, allow_blank=True)
    organization = IdField(required=False)
    q = serializers.CharField(required=False, allow_blank=True)


@extend_schema(
    parameters=[
        OpenApiParameter("role", str, enum=Role.values, description="Only users holding this role"),
        OpenApiParameter("organization", int, description="Only users of this agency"),
        OpenApiParameter("q", str, description="Search by name or username"),
    ]
)
class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Accounts, for staff picking a person (e.g. `?role=technician`)."""

    serializer_class = UserListSerializer
    permission_classes = [IsStaffOrAdministrator]

    def get_queryset(self):
        users = (
            User.objects.filter(is_active=True)
            .prefetch_related("groups")
            .order_by("full_name", "pk")
        )
        if self.action != "list":
            return users
        params = UserFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        filters = params.validated_data
        if filters.get("role"):
            users = users.filter(groups__name=filters["role"])
        if filters.get("organization"):
            users = users.filter(organization_id=filters["organization"])
        if filters.get("q"):
            users = users.filter(full_name__icontains=filters["q"]) | users.filter(
                username__icontains=filters["q"]
            )
        return users
