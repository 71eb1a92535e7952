from django.apps import AppConfig


class WorkflowAppConfig(AppConfig):
    name = "silajar.core.tests.workflowapp"
    label = "workflowapp"

    def ready(self) -> None:
        from silajar.core.tests.workflowapp import access  # noqa: F401 — registers the policy
