"""API plumbing shared by every app: one error shape, pagination, version checks."""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from silajar.core.errors import DomainError
from silajar.core.paging import KeysetPagination, Sorts, require_page_number
from silajar.core.validators import filter_date_validator

logger = logging.getLogger(__name__)
RETRY_AFTER = {"Retry-After": "5"}


class Pagination(PageNumberPagination):
    """Pages by number (lists too short to need `paging.KeysetPagination`); a page number no
    list can have is a 400, as there."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        require_page_number(request.query_params.get(self.page_query_param))
        return super().paginate_queryset(queryset, request, view)


def keyset_pagination(sorts: Sorts) -> type[KeysetPagination]:
    """The pages of an API list with these `sorts`, by keyset (`paging.KeysetPagination`)."""
    return type("KeysetPagination", (KeysetPagination,), {"sorts": sorts})


def _field_messages(value, path: str, into: dict[str, list[str]]) -> None:
    """Nested DRF errors → flat paths: {"items": {0: {"name": [...]}}} → "items[0].name"."""
    if isinstance(value, dict):
        for key, inner in value.items():
            name = f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else key)
            _field_messages(inner, name, into)
    elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        for index, inner in enumerate(value):
            if inner:  # DRF puts {} for the valid rows of a list
                _field_messages(inner, f"{path}[{index}]", into)
    else:
        messages = value if isinstance(value, list) else [value]
        into.setdefault(path, []).extend(str(m) for m in messages)


def _flatten(detail) -> tuple[str, dict]:
    """DRF error detail → (message, {field: [messages]})."""
    if isinstance(detail, dict):
        fields: dict[str, list[str]] = {}
        _field_messages(detail, "", fields)
        general = fields.pop("non_field_errors", None) or fields.pop("detail", None)
        message = general[0] if general else _("Some fields are not valid.")
        return message, fields
    if isinstance(detail, list):
        return (str(detail[0]) if detail else _("The request is not valid.")), {}
    return str(detail), {}


def error_body(code: str, message: str | Promise, fields: dict | None = None) -> dict:
    """The one error shape of the API: {"error": {"code", "message", "fields"}}."""
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        fields = {k: [str(m) for m in v] for k, v in exc.fields.items()}
        return Response(error_body(exc.code, exc.message, fields), status=exc.status_code)
    if isinstance(exc, OperationalError | InterfaceError):
        # the database is away (restarting, unreachable): a temporary state, say so
        logger.exception("database unavailable", exc_info=exc)
        body = error_body(
            "unavailable", _("The service is briefly unavailable; try again in a moment.")
        )
        return Response(body, status=status.HTTP_503_SERVICE_UNAVAILABLE, headers=RETRY_AFTER)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(_("You are not allowed to do this."))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    if not isinstance(code, str):
        code = "invalid"
    message, fields = _flatten(response.data)
    response.data = error_body(code, message, fields)
    return response


MAX_ID = 2**63 - 1  # the largest key a database column holds


def query_id(value: str | None) -> int | None:
    """The id of a record as a query string gives it (`?actor=12`): None unless it is ASCII
    digits a key can hold (int() also reads "٣" and refuses "²", which isdigit() accepts)."""
    if not value or not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


class IdField(serializers.IntegerField):
    """The id of a record: a positive integer the database can hold (larger numbers would not
    find anything, and some drivers fail on them instead)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class RupiahField(serializers.IntegerField):
    """An amount of Rupiah: a whole number from 0 to the largest a database column holds."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


# the fields a versioned record's representation ends with
STAMPS = ("version", "created_at", "updated_at")


def body_of(serializer_class, request, *, data=None) -> dict[str, Any]:
    """The validated body of `request` (or `data`: its query), a 400 in the one error shape
    when it is not valid. The serializer has the request in its context: a body's related
    records are looked up among those the user sees (`providers.serializers.ScopedBody`)."""
    body = serializer_class(
        data=request.data if data is None else data, context={"request": request}
    )
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


def filters_of(serializer_class, request) -> dict[str, Any]:
    """A list's filters from the query string, checked by `serializer_class`; its `ordering`
    is passed on as `sort`, the name the selectors take."""
    data = body_of(serializer_class, request, data=request.query_params)
    data["sort"] = data.pop("ordering", None)
    return data


def filter_parameters(serializer_class) -> list[OpenApiParameter]:
    """The query parameters of a list, documented from its filter serializer's fields."""
    return [
        OpenApiParameter(name, str, required=False, description=str(field.help_text or ""))
        for name, field in serializer_class().fields.items()
    ]


class ListFilterSerializer(serializers.Serializer):
    """The query parameters every procedure's list takes; a subclass adds its `state` and
    `ordering` choices and filters of its own."""

    q = serializers.CharField(required=False, allow_blank=True)
    organization = IdField(required=False)
    technician = IdField(required=False)
    created_after = serializers.DateField(required=False, validators=[filter_date_validator])
    created_before = serializers.DateField(required=False, validators=[filter_date_validator])


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    # the shape's key is "fields"; DRF takes declared fields off the class, so this does not
    # hide `Serializer.fields` (the stubs cannot know)
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField())
    )


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API."""

    error = ErrorDetailSerializer()


class PdfRenderer(BaseRenderer):
    """Lets clients ask for `application/pdf`; errors still answer in the JSON error shape."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return JSONRenderer().render(data)


def api_not_found(request, exception=None):
    return JsonResponse(error_body("not_found", _("Not found.")), status=status.HTTP_404_NOT_FOUND)


def api_bad_request(request, exception=None):
    """A request refused before any view (a NUL in the query string, …), in the error shape."""
    message = str(exception) if exception and str(exception) else _("Bad request.")
    return JsonResponse(error_body("bad_request", message), status=status.HTTP_400_BAD_REQUEST)


def api_server_error(request):
    """An unhandled error under /api/ (Django has already logged and reported it)."""
    message = _("The request could not be completed because of an error on our side.")
    return JsonResponse(
        error_body("server_error", message), status=status.HTTP_500_INTERNAL_SERVER_ERROR
    )
