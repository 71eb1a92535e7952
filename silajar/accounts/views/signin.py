"""Signing in and out, with the second factor, and the passwords: forgotten, reset, changed."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from silajar.accounts import services, twofactor
from silajar.accounts.forms import (
    LoginForm,
    OTPForm,
    PasswordResetRequestForm,
)
from silajar.accounts.lockout import lockout_response
from silajar.accounts.models import User

PENDING_KEY = "silajar_2fa_pending"
MAX_OTP_TRIES = 5


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _finish_login(request, user: User, remember: bool):
    login(request, user, backend="silajar.accounts.backends.UsernameOrEmailBackend")
    request.session.set_expiry(settings.SILAJAR_REMEMBER_ME_AGE if remember else 0)


@login_not_required
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request):
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        remember = form.cleaned_data.get("remember_me", False)
        if twofactor.two_factor_enabled(user):
            request.session.cycle_key()
            request.session[PENDING_KEY] = {
                "user": user.pk,
                "remember": remember,
                "tries": 0,
                "next": _next_url(request),
            }
            return redirect("accounts:login_verify")
        _finish_login(request, user, remember)
        return redirect(_next_url(request))
    return render(
        request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")}
    )


@login_not_required
@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_verify_view(request):
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return redirect("accounts:login")
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    form = OTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and user is not None:
        if twofactor.two_factor_verify(user=user, code=form.cleaned_data["code"]):
            del request.session[PENDING_KEY]
            _finish_login(request, user, pending["remember"])
            return redirect(pending["next"])
        # a wrong code is a failed sign-in for the lockout, as on the API: codes cannot be
        # guessed over many password sign-ins (axes' middleware answers the lockout page)
        user_login_failed.send(
            sender=__name__, credentials={"username": user.username}, request=request
        )
        pending["tries"] += 1
        if getattr(request, "axes_locked_out", False):
            del request.session[PENDING_KEY]
            return lockout_response(request)
        if pending["tries"] >= MAX_OTP_TRIES:
            del request.session[PENDING_KEY]
            messages.error(request, _("Too many wrong codes. Sign in again."))
            return redirect("accounts:login")
        request.session[PENDING_KEY] = pending
        form.add_error("code", _("The code is not valid."))
    return render(request, "accounts/login_verify.html", {"form": form})


@require_POST
def logout_view(request):
    """Sign out of this browser; the API tokens too only when asked (a checkbox)."""
    if request.POST.get("revoke_tokens") and request.user.is_authenticated:
        services.api_tokens_revoke(user=request.user, actor=request.user)
    logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("accounts:login")


@login_not_required
@never_cache
def password_reset_view(request):
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_reset_request(login=form.cleaned_data["login"])
        return redirect("accounts:password_reset_sent")
    return render(request, "accounts/password_reset.html", {"form": form})


@login_not_required
def password_reset_sent_view(request):
    return render(request, "accounts/password_reset_sent.html")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):
        services.password_set(
            user=form.user,
            password=form.cleaned_data["new_password1"],
            actor=form.user,
            reason="reset",
        )
        messages.success(
            self.request, _("Your password has been changed. Sign in with the new password.")
        )
        return HttpResponseRedirect(self.get_success_url())


password_reset_confirm_view = login_not_required(PasswordResetConfirmView.as_view())


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        services.password_set(
            user=form.user,
            password=form.cleaned_data["new_password1"],
            actor=self.request.user,
            reason="changed",
        )
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Your password has been changed."))
        return HttpResponseRedirect(self.get_success_url())


password_change_view = PasswordChangeView.as_view()
