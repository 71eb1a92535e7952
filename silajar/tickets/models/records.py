"""What is added to a ticket beside its state (comments, attachments), and the self-help that
solved a problem before any ticket."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from silajar.tickets.choices import Scope
from silajar.tickets.models.ticket import Ticket


class Comment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"))
    is_internal = models.BooleanField(
        _("internal"), default=False, help_text=_("Visible to Diskominfo staff only.")
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["ticket", "created_at"])]

    def __str__(self) -> str:
        return f"{self.ticket}: {self.body[:40]}"


class Attachment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(upload_to="tickets/attachments/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_internal = models.BooleanField(_("internal"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Deflection(models.Model):
    """A problem an agency user solved with the self-help steps, so no ticket was needed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    organization = models.ForeignKey(
        "organizations.Organization", null=True, on_delete=models.SET_NULL
    )
    scope = models.CharField(max_length=20, choices=Scope.choices)
    steps = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("self-help success")
        verbose_name_plural = _("self-help successes")

    def __str__(self) -> str:
        return f"{self.organization} {self.created_at:%Y-%m-%d}"
