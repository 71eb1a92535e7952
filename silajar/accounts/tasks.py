"""Account work done by the background worker."""

from django.utils import translation
from huey.contrib.djhuey import task

from silajar.accounts import services
from silajar.core.jobs import job


@job("accounts.password_reset_deliver")
@task()
def password_reset_deliver(login: str, language: str | None) -> None:
    """The reset request of the page, in the worker: see services.password_reset_request."""
    with translation.override(language):
        services.password_reset_send(login=login)
