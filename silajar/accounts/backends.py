from django.contrib.auth.backends import ModelBackend

from silajar.accounts.models import User
from silajar.core.memo import PerAccount


@PerAccount
def _permissions(user: User) -> frozenset[str]:
    """The account's permissions ("app_label.codename"), as Django's ModelBackend reads them."""
    return frozenset(ModelBackend().get_all_permissions(user))


class UsernameOrEmailBackend(ModelBackend):
    """Sign in with the username or the e-mail address, both case-insensitive.

    Inactive users never authenticate, and `get_user` (inherited) drops their sessions at once.
    An account's permissions are read once per process, not on every request (PerAccount).
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

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = _permissions(user_obj)
        return user_obj._perm_cache
