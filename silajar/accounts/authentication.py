"""The API's authentication: DRF's token and session, refusing an account whose role requires
two-factor sign-in until it is turned on (the pages send such a user to the set-up page:
accounts/middleware.py; the API has no set-up page, so it answers 403)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme as SpectacularSessionScheme
from rest_framework import authentication, exceptions

from silajar.accounts import twofactor


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
    def authenticate(self, request):
        return refuse_without_two_factor(super().authenticate(request))


class SessionAuthentication(authentication.SessionAuthentication):
    def authenticate(self, request):
        return refuse_without_two_factor(super().authenticate(request))


class SessionScheme(SpectacularSessionScheme):
    """The schema names the session cookie for this class too (the token's scheme already
    matches subclasses)."""

    target_class = SessionAuthentication
