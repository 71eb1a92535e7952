"""Sign-in events go to the audit trail too; a change of what an account may do touches it."""

from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone

from silajar.accounts.models import RolePolicy, User
from silajar.accounts.services import api_tokens_revoke
from silajar.core.audit import audit_record

CHANGES = ("post_add", "post_remove", "pre_clear")  # pre_clear: the holders are still known


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    with transaction.atomic():
        audit_record(actor=user, action="account.signed_in", obj=user)


@receiver(post_save, sender=User)
def revoke_tokens_on_password_set(sender, instance, created, **kwargs):
    """Every password set (reset, change, an administrator's, `changepassword`) ends the
    account's API tokens: a token never outlives the password it was asked for with. Django
    keeps the new raw password in `_password` until the save is done."""
    if not created and instance._password is not None:
        api_tokens_revoke(user=instance, actor=None)


@receiver(user_logged_out)
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        with transaction.atomic():
            audit_record(actor=user, action="account.signed_out", obj=user)


def _touch(users) -> None:
    """Mark accounts changed: what is worked out once per account (its permissions, navigation
    and sign-in policy, see silajar/core/memo.py) is keyed by `updated_at`."""
    users.update(updated_at=timezone.now())


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
def account_access_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Roles (groups) or permissions given to or taken from accounts."""
    if action not in CHANGES:
        return
    if not reverse:  # instance: the account
        _touch(User.objects.filter(pk=instance.pk))
    elif action == "pre_clear":  # instance: the group or permission, taken from every holder
        _touch(instance.user_set.all())
    else:
        _touch(User.objects.filter(pk__in=pk_set))


@receiver(m2m_changed, sender=Group.permissions.through)
def role_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A role's permissions changed: every account holding the role is touched."""
    if action not in CHANGES:
        return
    if not reverse:  # instance: the group
        _touch(instance.user_set.all())
    elif action == "pre_clear":  # instance: the permission, taken from every group
        _touch(User.objects.filter(groups__permissions=instance))
    else:
        _touch(User.objects.filter(groups__in=pk_set))


@receiver(pre_delete, sender=Group)
def role_deleted(sender, instance, **kwargs):
    _touch(instance.user_set.all())


@receiver(post_save, sender=RolePolicy)
@receiver(post_delete, sender=RolePolicy)
def role_policy_changed(sender, instance, **kwargs):
    """A role's sign-in policy changed: every account holding the role is touched."""
    _touch(User.objects.filter(groups__name=instance.role))
