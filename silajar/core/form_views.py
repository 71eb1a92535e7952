"""The one way a page saves a form through a service: refusals on the form, success flashed."""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
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
    form,
    *,
    create: Callable[..., Any],
    update: Callable[..., Any],
    created: str | Promise,
    saved: str | Promise,
    template: str = "",
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """The page that adds a record (the form's instance is not stored yet) or edits one, as
    Django's CreateView and UpdateView would, through the record's services:
    `create(actor=, data=)` or `update(actor=, obj=, data=, expected_version=)`, the form's
    version travelling apart from its data. Once saved, it flashes `created` (or `saved`) and
    goes to the record's `get_absolute_url()`; otherwise it shows `template` (by default
    `<app>/<model>_form.html`) again with `form`, `object` (None when new) and `context`."""
    obj = form.instance if form.instance.pk is not None else None

    def inputs(data: Mapping[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in data.items() if k != "version"}

    response = submit_record_form(
        request,
        form,
        create=lambda data: create(actor=request.user, data=inputs(data)),
        update=lambda data: update(
            actor=request.user, obj=obj, data=inputs(data), expected_version=data.get("version")
        ),
        created=str(created),
        saved=str(saved),
        then=lambda record: redirect(record.get_absolute_url()),
    )
    meta = form.instance._meta
    return response or render(
        request,
        template or f"{meta.app_label}/{meta.model_name}_form.html",
        {"form": form, "object": obj, **(context or {})},
    )


def record_form_views(
    model: type[Model],
    form_class,
    *,
    may: Callable[[Any], bool],
    create: Callable[..., Any],
    update: Callable[..., Any],
    created: str | Promise,
    saved: str | Promise,
    template: str = "",
    form_kwargs: Callable[[HttpRequest], Mapping[str, Any]] | None = None,
) -> tuple[Callable[..., HttpResponse], Callable[..., HttpResponse]]:
    """The add and edit pages (`record_form_page`) of a `model` record: only for those who
    `may` (403 for anyone else), and an edited record must be visible to the user. The form
    gets what was posted (data and files), the record and `form_kwargs(request)`."""

    def form_page(request: HttpRequest, obj: Model) -> HttpResponse:
        if not may(request.user):
            raise PermissionDenied
        extra = form_kwargs(request) if form_kwargs is not None else {}
        form = form_class(request.POST or None, request.FILES or None, instance=obj, **extra)
        return record_form_page(
            request,
            form,
            create=create,
            update=update,
            created=created,
            saved=saved,
            template=template,
        )

    def create_view(request: HttpRequest) -> HttpResponse:
        return form_page(request, model())

    def edit_view(request: HttpRequest, pk: int) -> HttpResponse:
        return form_page(request, get_visible_or_404(request.user, model, pk=pk))

    return create_view, edit_view


def list_form_page(
    request: HttpRequest,
    rows: EditableList[Any],
    form,
    *,
    said: Mapping[str, str | Promise],
    parent: Mapping[str, Any] | None = None,
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """`record_form_page` of a row of the editable list `rows` (a new one belongs to `parent`):
    it flashes `said["<audit prefix>.created"]` or `said["<audit prefix>.updated"]`."""
    return record_form_page(
        request,
        form,
        create=lambda *, actor, data: rows.create(actor=actor, data={**data, **(parent or {})}),
        update=rows.update,
        created=said[f"{rows.action}.created"],
        saved=said[f"{rows.action}.updated"],
        context=context,
    )


def list_form_views(
    rows: EditableList[Any], form_class, *, said: Mapping[str, str | Promise]
) -> tuple[Callable[..., HttpResponse], Callable[..., HttpResponse]]:
    """`record_form_views` of the rows of the editable list `rows`, for its keepers; `said` as
    for `list_form_page`."""
    return record_form_views(
        rows.model,
        form_class,
        may=rows.may_manage,
        create=rows.create,
        update=rows.update,
        created=said[f"{rows.action}.created"],
        saved=said[f"{rows.action}.updated"],
    )
