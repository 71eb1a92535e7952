"""The API's authentication: SiLaJar's API tokens (accounts.ApiToken, `Authorization: Token
<key>`) and the session, refusing an account whose role requires two-factor sign-in until it is
turned on (the pages send such a user to the set-up page: accounts/middleware.py; the API has no
set-up page, so it answers 403)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme as SpectacularSessionScheme
from rest_framework import authentication, exceptions

from silajar.accounts import services, twofactor
from silajar.accounts.models import ApiToken
from silajar.core.middleware import request_client_address


class TwoFactorSetupRequired(exceptions.PermissionDenied):
    default_detail = _("Your role requires two-factor sign-in: turn it on in your profile first.")
    default_code = "two_factor_setup_required"


def refuse_without_two_factor(result):
    """`result` of an authenticator, or 403 when its account must turn two-factor on first: a
    session signed in with the password alone, or a token issued before the requirement."""
    if result is not None:
        user = result[0]
        if twofactor.two_factor_required(user) and not twofactor.two_factor_enabled(user):
            raise TwoFactorSetupRequired()
    return result


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's header (`Authorization: Token <key>`, hence its schema) on SiLaJar's tokens: the key
    is looked up by its hash; an inactive account's token, or one idle for
    SILAJAR_TOKEN_IDLE_DAYS days, is refused (401). An accepted request records its use."""

    model = ApiToken

    def authenticate(self, request):
        result = refuse_without_two_factor(super().authenticate(request))
        if result is not None:
            services.api_token_used(token=result[1], address=request_client_address(request))
        return result

    def authenticate_credentials(self, key):
        token = services.api_token_find(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if token.is_expired:
            raise exceptions.AuthenticationFailed(
                _("This token has expired after a long time unused: ask for a new one."),
                code="token_expired",
            )
        return token.user, token


class SessionAuthentication(authentication.SessionAuthentication):
    def authenticate(self, request):
        return refuse_without_two_factor(super().authenticate(request))


class SessionScheme(SpectacularSessionScheme):
    """The schema names the session cookie for this class too (the token's scheme already
    matches subclasses)."""

    target_class = SessionAuthentication
