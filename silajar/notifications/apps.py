from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "silajar.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from silajar.core.navigation import register_badge
        from silajar.notifications import tasks  # noqa: F401  (registers its jobs)
        from silajar.notifications.selectors import notification_unread

        register_badge("unread_notifications", notification_unread)
