"""The administrators' pages: users and roles."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from silajar.accounts import services, twofactor
from silajar.accounts.forms import (
    UserForm,
)
from silajar.accounts.models import RolePolicy, User
from silajar.accounts.roles import Role
from silajar.core.audit import audit_timeline
from silajar.core.errors import DomainError
from silajar.core.form_views import submit_record_form
from silajar.core.search import text_match

USER_SEARCHED = ("username", "full_name", "email", "organization__short_name")
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
