"""System checks: every workflow table names services, forms and bodies that exist."""

from django.core import checks

from silajar.core.workflow import workflows


@checks.register()
def workflow_tables(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return [
        checks.Error(problem, hint="See docs/adding-a-procedure.md", id="silajar.E001")
        for flow in workflows().values()
        for problem in flow.problems()
    ]
