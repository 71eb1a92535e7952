"""Account work done by the background worker."""

from django.utils import translation
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, task

from silajar.accounts import services
from silajar.core.jobs import job


@job("accounts.password_reset_deliver")
@task()
def password_reset_deliver(login: str, language: str | None) -> None:
    """The reset request of the page, in the worker: see services.password_reset_request."""
    with translation.override(language):
        services.password_reset_send(login=login)


@db_periodic_task(crontab(minute="40", hour="1"))
def api_tokens_expire_nightly() -> int:
    """Once a night: delete the API tokens unused for SILAJAR_TOKEN_IDLE_DAYS days."""
    return services.api_tokens_delete_expired()
