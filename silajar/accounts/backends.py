from django.contrib.auth.backends import ModelBackend

from silajar.accounts.models import User
from silajar.core.memo import PerAccount


@PerAccount
def _permissions(user: User) -> frozenset[str]:
    """The account's permissions ("app_label.codename"), as Django's ModelBackend reads them."""
    return frozenset(ModelBackend().get_all_permissions(user))


@PerAccount
def _roles(user: User) -> frozenset[str]:
    return user.role_codes


class UsernameOrEmailBackend(ModelBackend):
    """Sign in with the username or the e-mail address, both case-insensitive.

    Inactive users never authenticate, and `get_user` (inherited) drops their sessions at once.
    An account's roles and permissions are read once per process, not on every request
    (PerAccount): the signed-in account of each request comes with its roles known.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        login = username or kwargs.get(User.USERNAME_FIELD)
        if not login or password is None:
            return None
        try:
            user = User.objects.get_by_login(login)
        except User.DoesNotExist:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        user = super().get_user(user_id)
        if user is not None:
            user.__dict__["role_codes"] = _roles(user)  # as the cached property keeps it
        return user

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = _permissions(user_obj)
        return user_obj._perm_cache
