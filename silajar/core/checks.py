"""System checks: every workflow table names services, forms and bodies that exist; a deployment
says how many proxies stand in front of it."""

from django.conf import settings
from django.core import checks

from silajar.core.workflow import workflows


@checks.register()
def workflow_tables(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return [
        checks.Error(problem, hint="See docs/adding-a-procedure.md", id="silajar.E001")
        for flow in workflows().values()
        for problem in flow.problems()
    ]


@checks.register(checks.Tags.security, deploy=True)
def proxy_count(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Behind nginx every request comes from 127.0.0.1: without the proxy count, the lockout
    would shut an account for everyone and the audit trail would name nginx for every change."""
    if settings.DEBUG or settings.SILAJAR_PROXY_COUNT is not None:
        return []
    return [
        checks.Warning(
            "AXES_PROXY_COUNT is not set: every client is known by the address of the proxy "
            "in front (the lockout, the API's rate limits and the audit trail).",
            hint="Set AXES_PROXY_COUNT=1 behind the nginx of deploy/ (0 when nothing stands "
            "in front of gunicorn). See README, Deployment.",
            id="silajar.W001",
        )
    ]
