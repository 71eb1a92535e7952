from django.contrib.auth.backends import ModelBackend

from silajar.accounts.models import User


class UsernameOrEmailBackend(ModelBackend):
    """Sign in with the username or the e-mail address, both case-insensitive.

    Inactive users never authenticate, and `get_user` (inherited) drops their sessions at once.
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
