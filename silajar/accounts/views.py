"""Sign-in, password and two-factor pages, and the administrators' user management."""

import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, permission_required
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
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
    ProfileForm,
    TOTPConfirmForm,
    UserForm,
)
from silajar.accounts.lockout import lockout_response
from silajar.accounts.models import ApiToken, RolePolicy, User
from silajar.accounts.roles import Role
from silajar.core.audit import audit_timeline
from silajar.core.errors import DomainError
from silajar.core.form_views import submit_form, submit_record_form
from silajar.core.search import text_match

PENDING_KEY = "silajar_2fa_pending"
MAX_OTP_TRIES = 5
USER_SEARCHED = ("username", "full_name", "email", "organization__short_name")


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
            form.add_error("code", error.message)
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


# --- administrators: users and roles -------------------------------------------------------

manage_users_required = permission_required("accounts.manage_users", raise_exception=True)


@manage_users_required
def user_list_view(request):
    users = get_user_model().objects.select_related("organization").prefetch_related("groups")
    q = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    active = request.GET.get("active", "")
    if q:
        users = users.filter(text_match(q, USER_SEARCHED, exact=["nip"]))
    if role in Role.values:
        users = users.filter(groups__name=role)
    if active in ("1", "0"):
        users = users.filter(is_active=active == "1")
    ordering = {
        "name": "full_name",
        "-name": "-full_name",
        "username": "username",
        "-username": "-username",
        "agency": "organization__name",
        "-agency": "-organization__name",
    }.get(request.GET.get("sort", ""), "full_name")
    page = Paginator(users.order_by(ordering, "pk"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": page,
            "roles": Role.choices,
            "q": q,
            "role": role,
            "active": active,
        },
    )


def _user_form_view(request, user: User | None):
    form = UserForm(request.POST or None, instance=user)

    def data(cleaned) -> dict:
        return {k: cleaned[k] for k in UserForm.Meta.fields}

    response = submit_record_form(
        request,
        form,
        create=lambda cleaned: services.user_create(
            actor=request.user, roles=cleaned["roles"], **data(cleaned)
        ),
        update=lambda cleaned: services.user_update(
            actor=request.user,
            user=user,
            expected_version=cleaned.get("version"),
            roles=cleaned["roles"],
            **data(cleaned),
        ),
        created=_("The account has been created and an e-mail to set the password has been sent."),
        saved=_("The account has been saved."),
        then=lambda saved: redirect("accounts:user_detail", pk=saved.pk),
    )
    return response or render(request, "accounts/user_form.html", {"form": form, "object": user})


@manage_users_required
def user_create_view(request):
    return _user_form_view(request, None)


@manage_users_required
def user_edit_view(request, pk: int):
    return _user_form_view(request, get_object_or_404(User, pk=pk))


@manage_users_required
def user_detail_view(request, pk: int):
    user = get_object_or_404(User.objects.select_related("organization"), pk=pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "object": user,
            "two_factor_enabled": twofactor.two_factor_enabled(user),
            "timeline": audit_timeline(user)[:50],
        },
    )


@manage_users_required
@require_POST
def user_action_view(request, pk: int, action: str):
    user = get_object_or_404(User, pk=pk)
    try:
        if action == "deactivate":
            services.user_set_active(actor=request.user, user=user, active=False)
            messages.success(
                request,
                _("The account has been deactivated; its sessions and tokens no longer work."),
            )
        elif action == "activate":
            services.user_set_active(actor=request.user, user=user, active=True)
            messages.success(request, _("The account has been activated."))
        elif action == "reset-2fa":
            twofactor.two_factor_disable(user=user, actor=request.user)
            messages.success(request, _("Two-factor sign-in of this account has been reset."))
        elif action == "send-reset":
            services.password_reset_request(login=user.username)
            messages.success(request, _("A password reset link has been sent."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("accounts:user_detail", pk=user.pk)


@manage_users_required
def role_list_view(request):
    policies = {p.role: p for p in RolePolicy.objects.all()}
    if request.method == "POST":
        required = set(request.POST.getlist("require_two_factor"))
        for role in Role.values:
            services.role_policy_set(
                actor=request.user, role=role, require_two_factor=role in required
            )
        messages.success(request, _("The role settings have been saved."))
        return redirect("accounts:roles")
    groups = {
        g.name: g
        for g in Group.objects.annotate(members=Count("user")).prefetch_related(
            "permissions__content_type"
        )
    }
    rows = [
        {
            "code": code,
            "label": label,
            "members": groups[code].members if code in groups else 0,
            "permissions": list(groups[code].permissions.all()) if code in groups else [],
            "require_two_factor": policies.get(code) is not None
            and policies[code].require_two_factor,
        }
        for code, label in Role.choices
    ]
    return render(request, "accounts/role_list.html", {"rows": rows})
