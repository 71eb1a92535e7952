"""The API of a workflow: one `POST /api/v1/<resource>/{id}/<action>/` per action of the table.

A procedure's viewset mixes in `WorkflowActionsMixin` and names its `workflow`; each action's
endpoint takes the action's body serializer, fires it through `Workflow.act` and answers the
record as the viewset represents it. Refusals become the one error shape
(`core.api.exception_handler`)."""

from __future__ import annotations

from typing import Any, ClassVar

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action as route
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from silajar.core.api import ErrorSerializer
from silajar.core.workflow import Workflow

BODY_PARSERS = [JSONParser, MultiPartParser, FormParser]


def body_of(serializer_class, request) -> dict[str, Any]:
    """The validated body of `request` (a 400 in the one error shape when it is not valid)."""
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


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


class ProcedureViewSet(
    WorkflowActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """A procedure's records: list, read, file, edit (PATCH, no PUT, no DELETE) and one
    endpoint per action of its `workflow`."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = r"\d+"

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):  # PUT is not offered; PATCH only
        return self.http_method_not_allowed(request, *args, **kwargs)


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
