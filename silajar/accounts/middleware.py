from functools import cache

from django.shortcuts import redirect
from django.urls import reverse

from silajar.accounts import twofactor

# Pages a user whose role requires two-factor sign-in may still open before turning it on;
# the API refuses such a user itself (403 in its error shape: accounts/authentication.py).
EXEMPT_PREFIXES = ("/static/", "/healthz", "/i18n/", "/api/")


@cache
def exempt_pages() -> tuple[str, str]:
    return reverse("accounts:two_factor_setup"), reverse("accounts:logout")


class TwoFactorMiddleware:
    """Send users whose role requires two-factor sign-in to the set-up page until it is on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and request.path not in exempt_pages()
            and twofactor.two_factor_required(user)
            and not twofactor.two_factor_enabled(user)
        ):
            return redirect("accounts:two_factor_setup")
        return self.get_response(request)
