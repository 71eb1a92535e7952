"""A signed-in person's own account: the profile, the drawn signature, two-factor sign-in,
recovery codes and API tokens."""

import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from silajar.accounts import services, twofactor
from silajar.accounts.forms import (
    ProfileForm,
    TOTPConfirmForm,
)
from silajar.accounts.models import ApiToken, User
from silajar.accounts.roles import Role
from silajar.core.errors import DomainError
from silajar.core.form_views import submit_form


def profile_view(request):
    user = request.user
    # a bound form writes into its instance: a copy, so a refused change never shows as saved
    instance = User.objects.get(pk=user.pk) if request.method == "POST" else user
    form = ProfileForm(request.POST or None, instance=instance)
    response = submit_form(
        request,
        form,
        lambda cleaned: services.user_update(
            actor=user,
            user=user,
            expected_version=cleaned.get("version"),
            **{k: cleaned[k] for k in ProfileForm.Meta.fields},
        ),
        message=_("Your profile has been saved."),
        then=lambda _saved: redirect("accounts:profile"),
    )
    enabled = twofactor.two_factor_enabled(user)
    return response or render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "signature_uri": _signature_uri(user) if user.is_internal_staff else "",
            "two_factor_enabled": enabled,
            "two_factor_required": twofactor.two_factor_required(user),
            "recovery_left": twofactor.remaining_recovery_codes(user) if enabled else 0,
            "role_labels": [Role(code).label for code in sorted(user.role_codes)],
        },
    )


def _signature_uri(user: User) -> str:
    """One's stored signature, shown on one's own profile (embedded: no file URL to guess)."""
    if not user.signature:
        return ""
    with user.signature.open("rb") as handle:
        return "data:image/png;base64," + base64.b64encode(handle.read()).decode("ascii")


@require_POST
def signature_view(request):
    """Draw (or remove, with `remove`) one's signature for the forms one completes: the
    office's staff only (agency users sign each form on screen)."""
    if not request.user.is_internal_staff:
        raise PermissionDenied
    drawn = "" if request.POST.get("remove") else request.POST.get("signature", "")
    if not drawn and not request.POST.get("remove"):
        messages.error(request, _("Draw the signature."))
        return redirect("accounts:profile")
    try:
        services.user_signature_set(user=request.user, signature=drawn)
    except DomainError as refused:
        messages.error(request, str(refused.message))
    else:
        messages.success(
            request,
            _("Your signature has been saved.") if drawn else _("Your signature has been removed."),
        )
    return redirect("accounts:profile")


@never_cache
def two_factor_setup_view(request):
    user = request.user
    if twofactor.two_factor_enabled(user):
        return redirect("accounts:profile")
    device = twofactor.totp_begin(user=user)
    form = TOTPConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = twofactor.totp_confirm(user=user, code=form.cleaned_data["code"])
        except DomainError as error:
            error.add_to_form(form, always_summary=True)
        else:
            messages.success(request, _("Two-factor sign-in is now on."))
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": twofactor.provisioning_qr_svg(device),
            "secret": device.secret,
        },
    )


def _identity_confirmed(request) -> bool:
    """The password or a current code, sent with the form as `confirm`; a wrong one is a failed
    sign-in for the lockout (so a left-open session cannot be used to guess the password)."""
    if twofactor.identity_confirmed(user=request.user, secret=request.POST.get("confirm", "")):
        return True
    user_login_failed.send(
        sender=__name__, credentials={"username": request.user.username}, request=request
    )
    messages.error(request, _("Enter your password or a current code from the app to confirm."))
    return False


@require_POST
@sensitive_post_parameters("confirm")
def two_factor_disable_view(request):
    if twofactor.two_factor_required(request.user):
        messages.error(
            request, _("Your role requires two-factor sign-in; it cannot be turned off.")
        )
    elif _identity_confirmed(request):
        twofactor.two_factor_disable(user=request.user, actor=request.user)
        messages.success(request, _("Two-factor sign-in is now off."))
    return redirect("accounts:profile")


@require_POST
@sensitive_post_parameters("confirm")
def recovery_codes_view(request):
    if not _identity_confirmed(request):
        return redirect("accounts:profile")
    try:
        codes = twofactor.recovery_codes_regenerate(user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("accounts:profile")
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


def api_tokens_view(request):
    """The user's own API tokens: which client, when and from where last used, until when."""
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "tokens": ApiToken.objects.filter(user=request.user),
            "idle_days": settings.SILAJAR_TOKEN_IDLE_DAYS,
        },
    )


@require_POST
def api_token_revoke_view(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # another's: 404
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The API token has been revoked."))
    return redirect("accounts:api_tokens")


@require_POST
def api_tokens_revoke_all_view(request):
    services.api_tokens_revoke(user=request.user, actor=request.user)
    messages.success(request, _("All your API tokens have been revoked."))
    return redirect("accounts:api_tokens")
