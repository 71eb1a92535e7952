"""A scratch model for the workflow engine's own tests (installed only in test settings)."""

from django.db import models

from silajar.core.models import VersionedModel


class Job(VersionedModel):
    state = models.CharField(max_length=20, default="open")
    title = models.CharField(max_length=100, default="")
    owner = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL)
    note = models.TextField(blank=True)

    class Meta:
        app_label = "workflowapp"

    def __str__(self) -> str:
        return self.title


class Errand(VersionedModel):
    """The toy procedure: a table (workflows.py) and services (services.py), nothing else; the
    generic parts give it its pages' action forms, its API actions and its fault injection."""

    state = models.CharField(max_length=20, default="open")
    title = models.CharField(max_length=100)
    owner = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        app_label = "workflowapp"

    def __str__(self) -> str:
        return self.title
