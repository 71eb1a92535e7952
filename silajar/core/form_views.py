"""The one way a page saves a form through a service: refusals on the form, success flashed."""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from silajar.core.errors import ActionForbidden, DomainError

T = TypeVar("T")


def refusal_to_form(form, error: DomainError | ValidationError) -> None:
    """Put a refusal of the services on the form: per field where it names one."""
    if isinstance(error, DomainError):
        error.add_to_form(form)
    elif hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def submit_form(
    request: HttpRequest,
    form,
    save: Callable[[Mapping[str, Any]], T],
    *,
    message: str | Callable[[T], str],
    then: Callable[[T], HttpResponse],
    forbidden: Callable[[ActionForbidden], HttpResponse] | None = None,
) -> HttpResponse | None:
    """On a POST with a valid form, call `save(cleaned_data)`; when it went through, flash
    `message` (or `message(saved)`) and return `then(saved)` (usually a redirect). Otherwise
    return None, with any refusal on the form, for the view to render the form again; a
    refusal to this user goes to `forbidden` (the 403 page) when the view has one."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(form.cleaned_data)
    except (DomainError, ValidationError) as error:
        if forbidden is not None and isinstance(error, ActionForbidden):
            return forbidden(error)
        refusal_to_form(form, error)
        return None
    messages.success(request, message(saved) if callable(message) else message)
    return then(saved)


def submit_record_form(
    request: HttpRequest,
    form,
    *,
    create: Callable[[Mapping[str, Any]], T],
    update: Callable[[Mapping[str, Any]], T],
    created: str,
    saved: str,
    then: Callable[[T], HttpResponse],
) -> HttpResponse | None:
    """`submit_form` for a page that both adds a record and edits one: `create` when the form's
    instance is not stored yet, else `update`, each with its own message."""
    is_new = form.instance.pk is None
    return submit_form(
        request,
        form,
        create if is_new else update,
        message=created if is_new else saved,
        then=then,
    )
