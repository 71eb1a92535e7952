"""Reading notifications."""

from django.db.models import QuerySet

from silajar.accounts.models import User
from silajar.notifications.models import Notification


def notification_unread(*, user: User) -> QuerySet[Notification]:
    """The user's unread notifications (the layout's bell counts them)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True)
