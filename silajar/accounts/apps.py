from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, using="default", apps=None, **kwargs):
    # Permissions exist only after post_migrate created them; a test flush also lands here,
    # so the role groups come back after every flushed test.
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from silajar.accounts.roles import sync_role_groups

    # Apps listed after this one (notifications, tickets, ...) get their permissions only from their
    # own post_migrate, which runs after this handler: create them all first.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=apps or global_apps)
    sync_role_groups(Group.objects.db_manager(using), Permission.objects.db_manager(using))


class AccountsConfig(AppConfig):
    name = "silajar.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from silajar.accounts import signals, tasks  # noqa: F401  (tasks register their jobs)
        from silajar.core.navigation import ADMINISTRATION, NavItem, register_navigation

        register_navigation(
            NavItem(_("Users"), "accounts:user_list", "people", "admin", 100, ADMINISTRATION),
            NavItem(_("Roles"), "accounts:roles", "shield-lock", "admin", 110, ADMINISTRATION),
        )

        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="silajar_sync_roles")
