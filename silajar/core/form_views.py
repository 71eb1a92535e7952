"""The one way a page saves a form through a service: refusals on the form, success flashed."""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise

from silajar.core.access import get_visible_or_404
from silajar.core.editing import EditableList
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


def record_form_page(
    request: HttpRequest,
    rows: EditableList[Any],
    form,
    *,
    said: Mapping[str, str | Promise],
    parent: Mapping[str, Any] | None = None,
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """The page that adds a record to `rows` (the form's instance is not stored yet; `parent`
    names what it belongs to) or edits one (against the form's `version`), as Django's
    CreateView and UpdateView would, through the list's services. Once saved, it flashes
    `said["<audit prefix>.created"]` (or `.updated`) and goes to the record's
    `get_absolute_url()`; otherwise it shows `<app>/<model>_form.html` again with `form`,
    `object` (None when new) and `context`."""
    obj = form.instance if form.instance.pk is not None else None

    def save(data: Mapping[str, Any]):
        if obj is None:
            return rows.create(actor=request.user, data={**data, **(parent or {})})
        version = data.get("version")
        return rows.update(actor=request.user, obj=obj, data=data, expected_version=version)

    response = submit_form(
        request,
        form,
        save,
        message=str(said[f"{rows.action}.{'created' if obj is None else 'updated'}"]),
        then=lambda saved: redirect(saved.get_absolute_url()),
    )
    meta = rows.model._meta
    return response or render(
        request,
        f"{meta.app_label}/{meta.model_name}_form.html",
        {"form": form, "object": obj, **(context or {})},
    )


def record_form_views(
    rows: EditableList[Any], form_class, *, said: Mapping[str, str | Promise]
) -> tuple[Callable[..., HttpResponse], Callable[..., HttpResponse]]:
    """The add and edit pages (`record_form_page`) of a record kept through `rows`: only for
    its keepers (403 for anyone else), and an edited record must be visible to the user."""

    def require_keeper(user) -> None:
        if not rows.may_manage(user):
            raise PermissionDenied

    def create_view(request: HttpRequest) -> HttpResponse:
        require_keeper(request.user)
        form = form_class(request.POST or None, instance=rows.model())
        return record_form_page(request, rows, form, said=said)

    def edit_view(request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_visible_or_404(request.user, rows.model, pk=pk)
        require_keeper(request.user)
        form = form_class(request.POST or None, instance=obj)
        return record_form_page(request, rows, form, said=said)

    return create_view, edit_view
