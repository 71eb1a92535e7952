"""The API of a record and its workflow.

`RecordViewSet` gives a record's endpoints from a declaration: its list, the record, adding and
editing it through one service each, and, when it names a `workflow`, one
`POST /api/v1/<resource>/{id}/<action>/` per action of the table (`WorkflowActionsMixin`): each
action's endpoint takes the action's body serializer, fires it through `Workflow.act` and
answers the record as the viewset represents it. Refusals become the one error shape
(`core.api.exception_handler`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.db import models
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action as route
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from silajar.core.access import get_visible_or_404
from silajar.core.api import ErrorSerializer, body_of, filter_parameters, filters_of
from silajar.core.editing import EditableList
from silajar.core.workflow import Workflow

BODY_PARSERS = [JSONParser, MultiPartParser, FormParser]


def _endpoint(flow: Workflow, name: str, errors: dict[int, OpenApiResponse], answer):
    body = flow.body_class(name)
    summary = flow.action(name).summary

    def fire(self, request, pk=None):
        data = body_of(body, request)
        updated = flow.act(
            obj=self.get_object(),
            action=name,
            actor=request.user,
            version=data.pop("version", None),
            **data,
        )
        return Response(answer(updated, context={"request": request}).data)

    fire.__name__ = f"{name}_action"
    fire.__doc__ = summary
    fire = route(
        detail=True,
        methods=["post"],
        url_path=name,
        url_name=name.replace("_", "-"),
        serializer_class=body,
        parser_classes=BODY_PARSERS,
    )(fire)
    return extend_schema(summary=summary, request=body, responses={200: answer, **errors})(fire)


# the fields every procedure's record serializer begins with
RECORD_FIELDS = ["id", "number", "state", "state_label", "version"]


class VersionBody(serializers.Serializer):
    """The body of an action that takes no input but the version the user saw."""

    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="The version the user saw; when the record moved on since, the answer is 409.",
    )


class SignOffBody(VersionBody):
    """The user's sign-off, wherever it is given: a name and either a drawn signature or the
    scan of the signed paper form (`core.signatures` checks which; an empty file is refused
    there, with the form's message)."""

    signer_name = serializers.CharField(allow_blank=True)
    signature = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="A signature drawn on screen: `data:image/png;base64,…`",
    )
    signed_form = serializers.FileField(
        required=False,
        allow_empty_file=True,
        help_text="Or the scan of the signed paper form (PDF, JPEG, PNG; multipart)",
    )


@extend_schema_field(serializers.ListField(child=serializers.CharField()))
class AvailableActionsField(serializers.Field):
    """The actions the signed-in user may fire on the record now (names of `workflow`)."""

    def __init__(self, workflow: Workflow, **kwargs: Any):
        self.workflow = workflow
        self.options = kwargs  # what it was given besides the workflow, for its copies
        super().__init__(source="*", read_only=True, **kwargs)

    def __deepcopy__(self, memo):
        # DRF copies declared fields per serializer; the workflow is shared, never copied
        return type(self)(self.workflow, **self.options)

    def to_representation(self, value) -> list[str]:
        request = self.context.get("request")
        if request is None:
            return []
        return [action.name for action in self.workflow.available(value, request.user)]


class WorkflowActionsMixin:
    """Adds one endpoint per action of `workflow` to a viewset whose `serializer_class`
    represents the record and whose `action_errors` document the refusals."""

    workflow: ClassVar[Workflow]
    action_errors: ClassVar[dict[int, OpenApiResponse]]
    serializer_class: type[serializers.BaseSerializer] | None  # the viewset's

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        flow = cls.__dict__.get("workflow")
        if flow is None:
            return
        for spec in flow.actions:
            setattr(
                cls,
                f"{spec.name}_action",
                _endpoint(flow, spec.name, cls.action_errors, cls.serializer_class),
            )


def error_responses(
    record: str,
) -> tuple[dict[int, OpenApiResponse], dict[int, OpenApiResponse]]:
    """The documented refusals of a procedure's endpoints, named after its `record` ("ticket"):
    those of every endpoint, and those of an action (with the 409 of a stale version)."""
    errors = {
        400: OpenApiResponse(ErrorSerializer, description="The request is not valid"),
        403: OpenApiResponse(ErrorSerializer, description="Not allowed; the message says why"),
        404: OpenApiResponse(ErrorSerializer, description=f"No such {record} visible to the user"),
    }
    action_errors = {
        **errors,
        409: OpenApiResponse(
            ErrorSerializer,
            description=f"The {record} changed since `version`, or its state does not allow this",
        ),
    }
    return errors, action_errors


def record_collection(
    *, name: str, doc: str, item, body, rows, add, errors, multipart: bool = False
):
    """A viewset's `GET`/`POST` list under one record (a ticket's comments, a request's photos):
    GET answers `rows(record, user)`, POST adds `add(record, actor, data)` from the `body`
    serializer; both answer with the `item` serializer."""

    def endpoint(self, request, pk=None):
        record = self.get_object()
        if request.method == "GET":
            return Response(item(rows(record, request.user), many=True).data)
        added = add(record, request.user, body_of(body, request))
        return Response(item(added).data, status=status.HTTP_201_CREATED)

    endpoint.__name__ = name
    endpoint.__doc__ = doc
    options: dict[str, Any] = {"parser_classes": [MultiPartParser, FormParser]} if multipart else {}
    routed = route(
        detail=True,
        methods=["get", "post"],
        serializer_class=item,
        pagination_class=None,
        **options,
    )(endpoint)
    posted = extend_schema(
        methods=["POST"],
        request={"multipart/form-data": body} if multipart else body,
        responses={201: item, **errors},
    )(routed)
    return extend_schema(methods=["GET"], request=None, responses={200: item(many=True), **errors})(
        posted
    )


def _operation(function, description: str | None, **schema):
    """`function` as a viewset's operation, documented by `schema`, with `description` as its
    docstring (None: the viewset's, as drf-spectacular reads it)."""
    function.__doc__ = description
    return extend_schema(**schema)(function)


class RecordViewSet(WorkflowActionsMixin, viewsets.GenericViewSet):
    """A record's endpoints, made from a declaration: the list, the record (among those the
    user sees: anyone else's answers 404), adding it and editing it (PATCH; no PUT) through one
    service each, and one endpoint per action of its `workflow` if it names one.

    A subclass names `serializer_class` (the record as the API gives it; its `Meta.model` is
    the record's `model`) and in `operations` the standard operations it offers (`list`,
    `retrieve`, `create`, `partial_update`), each with its description (None: the viewset's
    docstring); their schemas are made from the declaration, and a method of that name that
    the subclass writes itself is kept. Then what those operations use:

    - `rows(user=, filters=)`: the list's selector; `query`: the serializer of its filters
      (`filters_of`; override `filters()` to read them otherwise), documented as
      `list_parameters` (default: the query's fields); `prefetch`: what the list prefetches;
    - `body` and `update_body`: what adding and editing take (`body_of`);
    - `keeper`: the `core.editing.EditableList` whose services add and edit the record and
      whose keepers may add it; or `adds(actor=, data=)`, `edits(actor=, <record_keyword>=,
      data=, expected_version=)` and `guard(user)`, who may add (asked before the body is
      read: who, then what; with `guard_edits`, asked before an edit's body too);
    - `errors`, `action_errors`: the documented refusals (`error_responses`)."""

    lookup_value_regex = r"\d+"
    errors, action_errors = error_responses("record")

    operations: ClassVar[dict[str, str | None]] = {}
    model: ClassVar[type[models.Model]]
    rows: ClassVar[Callable[..., models.QuerySet]]
    query: ClassVar[type[serializers.Serializer] | None] = None
    list_parameters: ClassVar[list | None] = None
    prefetch: ClassVar[tuple[str, ...]] = ()
    body: ClassVar[type[serializers.Serializer]]
    update_body: ClassVar[type[serializers.Serializer]]
    keeper: ClassVar[EditableList | None] = None
    adds: ClassVar[Callable[..., models.Model]]
    edits: ClassVar[Callable[..., models.Model]]
    record_keyword: ClassVar[str] = "obj"
    guard: ClassVar[Callable[[Any], None] | None] = None
    guard_edits: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "model" not in cls.__dict__ and cls.serializer_class is not None:
            cls.model = cls.serializer_class.Meta.model  # type: ignore[attr-defined]
        keeper = cls.__dict__.get("keeper")
        if keeper is not None:  # what the subclass declares itself comes first
            defaults = {"adds": keeper.create, "edits": keeper.update}
            if keeper.keepers is not None:
                defaults["guard"] = keeper.keepers.require
            for name, service in defaults.items():
                if name not in cls.__dict__:
                    setattr(cls, name, staticmethod(service))
        build = {
            "list": cls._list,
            "retrieve": cls._retrieve,
            "create": cls._create,
            "partial_update": cls._partial_update,
        }
        for name, description in cls.__dict__.get("operations", {}).items():
            if name not in cls.__dict__:
                setattr(cls, name, build[name](description))

    def filters(self) -> dict[str, Any]:
        """The list's filters: the checked query string (none without a `query`)."""
        return filters_of(self.query, self.request) if self.query is not None else {}

    def get_queryset(self):
        rows = self.rows(user=self.request.user, filters=self.filters())
        return rows.prefetch_related(*self.prefetch) if self.prefetch else rows

    def get_object(self):
        return get_visible_or_404(self.request.user, self.model, pk=self.kwargs["pk"])

    # --- the operations, made per subclass (each has its own schema and description) -------

    @classmethod
    def _list(cls, description: str | None):
        def list(self, request, *args, **kwargs):  # named as the operation (and DRF) want
            return mixins.ListModelMixin.list(self, request, *args, **kwargs)

        parameters = cls.list_parameters
        if parameters is None and cls.query is not None:
            parameters = filter_parameters(cls.query)
        return _operation(list, description, parameters=parameters)

    @classmethod
    def _retrieve(cls, description: str | None):
        def retrieve(self, request, *args, **kwargs):
            return mixins.RetrieveModelMixin.retrieve(self, request, *args, **kwargs)

        return _operation(
            retrieve, description, responses={200: cls.serializer_class, **cls.errors}
        )

    @classmethod
    def _create(cls, description: str | None):
        def create(self, request, *args, **kwargs):
            if self.guard is not None:
                self.guard(request.user)
            record = self.adds(actor=request.user, data=body_of(self.body, request))
            return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)

        return _operation(
            create,
            description,
            request=cls.body,
            responses={201: cls.serializer_class, **cls.errors},
        )

    @classmethod
    def _partial_update(cls, description: str | None):
        def partial_update(self, request, *args, **kwargs):
            record = self.get_object()
            if self.guard_edits and self.guard is not None:
                self.guard(request.user)
            data = body_of(self.update_body, request)
            version = data.pop("version", None)
            updated = self.edits(
                actor=request.user,
                data=data,
                expected_version=version,
                **{self.record_keyword: record},
            )
            return Response(self.get_serializer(updated).data)

        return _operation(
            partial_update,
            description,
            request=cls.update_body,
            responses={200: cls.serializer_class, **cls.action_errors},
        )
