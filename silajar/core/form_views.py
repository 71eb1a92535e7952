"""The one way a page saves a form through a service: refusals on the form, success flashed."""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from silajar.core.errors import DomainError

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
    message: str,
    then: Callable[[T], HttpResponse],
) -> HttpResponse | None:
    """On a POST with a valid form, call `save(cleaned_data)`; when it went through, flash
    `message` and return `then(saved)` (usually a redirect). Otherwise return None, with any
    refusal on the form, for the view to render the form again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(form.cleaned_data)
    except (DomainError, ValidationError) as error:
        refusal_to_form(form, error)
        return None
    messages.success(request, message)
    return then(saved)
