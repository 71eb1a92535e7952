"""django-axes hooks: one lockout counter per account (whether named by username or e-mail),
and a lockout answer in the page's or the API's own shape."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from silajar.accounts.models import User

LOCKOUT_MINUTES = 15


def canonical_username(request, credentials) -> str | None:
    login = (credentials or {}).get("username") or ""
    try:
        return User.objects.get_by_login(login).username.lower()
    except User.DoesNotExist:
        return login.strip().lower() or None


def lockout_message() -> str:
    return _(
        "Too many failed sign-in attempts. This account is locked for %(minutes)d minutes "
        "from your address; try again later or reset your password."
    ) % {"minutes": LOCKOUT_MINUTES}


def lockout_response(request, original_response=None, credentials=None, *args, **kwargs):
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"code": "locked_out", "message": lockout_message(), "fields": {}}},
            status=429,
        )
    from silajar.accounts.forms import LoginForm

    form = LoginForm(request, data=request.POST or None)
    form.is_valid()  # fills cleaned_data; its errors are replaced by the lockout message
    form._errors = {}
    form.add_error(None, lockout_message())
    return render(request, "accounts/login.html", {"form": form, "locked_out": True}, status=429)
