"""The installation requests API: `/api/v1/installation-requests/`.

Thin: reads go through `core.access.visible`; every change calls one function of `services`
(the actions through `services.request_act`), which checks who may act, in which state and
against which version. Refusals (ActionForbidden 403, Conflict 409, DomainError 400) become the
one error shape of `core.api.exception_handler`."""

from pathlib import Path
from typing import Any

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view, renderer_classes
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from silajar.core.access import get_visible_or_404, visible
from silajar.core.api import ErrorSerializer, PdfRenderer
from silajar.core.errors import Conflict
from silajar.core.uploads import CONTENT_TYPES, EXTENSIONS, private_file_response
from silajar.installations import documents, services
from silajar.installations.models import InstallationRequest, SurveyPhoto
from silajar.installations.selectors import SORTS, filtered
from silajar.installations.serializers import (
    AssignSurveySerializer,
    CompleteInstallationSerializer,
    InstallationNoteSerializer,
    InstallationReasonSerializer,
    InstallationRequestCreateSerializer,
    InstallationRequestFilterSerializer,
    InstallationRequestSerializer,
    InstallationRequestUpdateSerializer,
    InstallationSignOffSerializer,
    InstallationVersionSerializer,
    PhotoCreateSerializer,
    RecordSurveySerializer,
    SurveyPhotoSerializer,
)
from silajar.organizations.models import Organization

NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such request visible to the user")
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="The request is not valid"),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed; the message says why"),
    404: NOT_FOUND,
}
ACTION_ERRORS = {
    **ERRORS,
    409: OpenApiResponse(
        ErrorSerializer,
        description="The request changed since `version`, or its state does not allow this",
    ),
}
BODY_PARSERS = [JSONParser, MultiPartParser, FormParser]
KIND_BY_EXTENSION = {extension: kind for kind, extension in EXTENSIONS.items()} | {".jpeg": "jpeg"}


def _body(serializer_class, request) -> dict[str, Any]:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


def _represent(request_obj: InstallationRequest, http_request) -> dict:
    return InstallationRequestSerializer(request_obj, context={"request": http_request}).data


def _file_response(fieldfile, download_name: str, content_type: str = ""):
    if not fieldfile:
        raise Http404
    if not content_type:
        kind = KIND_BY_EXTENSION.get(Path(fieldfile.name).suffix.lower())
        content_type = CONTENT_TYPES.get(kind, "application/octet-stream")
    return private_file_response(
        fieldfile, download_name=download_name, content_type=content_type, inline=False
    )


def _workflow_action(name: str, body: type[serializers.Serializer], summary: str):
    """One POST endpoint per workflow action: checks the body, fires the action."""

    def handler(self, request, pk=None):
        installation = self.get_object()
        data = _body(body, request)
        updated = services.request_act(
            request=installation,
            action=name,
            actor=request.user,
            version=data.pop("version", None),
            **data,
        )
        return Response(_represent(updated, request))

    handler.__name__ = name
    handler.__doc__ = summary
    handler = action(
        detail=True,
        methods=["post"],
        url_path=name,
        url_name=name.replace("_", "-"),
        serializer_class=body,
        parser_classes=BODY_PARSERS,
    )(handler)
    return extend_schema(
        summary=summary,
        request=body,
        responses={200: InstallationRequestSerializer, **ACTION_ERRORS},
    )(handler)


def _download(url_path: str, summary: str, content_types: tuple[str, ...]):
    """Schema and route of a GET that answers one stored file of the request."""

    def decorate(function):
        function.__doc__ = summary
        routed = action(detail=True, methods=["get"], url_path=url_path)(function)
        return extend_schema(
            summary=summary,
            responses={
                **{
                    (200, content_type): OpenApiResponse(OpenApiTypes.BINARY, description=summary)
                    for content_type in content_types
                },
                403: ERRORS[403],
                404: NOT_FOUND,
            },
        )(routed)

    return decorate


SCAN_TYPES = (CONTENT_TYPES["pdf"], CONTENT_TYPES["jpeg"], CONTENT_TYPES["png"])
PHOTO_TYPES = (CONTENT_TYPES["jpeg"], CONTENT_TYPES["png"])

REQUEST_FILTERS = [
    OpenApiParameter("q", str, description="Search number, subject and letter numbers"),
    OpenApiParameter("state", str, description="A state code, or `open` for every open state"),
    OpenApiParameter("organization", int, description="Agency id"),
    OpenApiParameter("technician", int, description="The surveying/installing technician's id"),
    OpenApiParameter("overdue", bool, description="Only open requests whose step is overdue"),
    OpenApiParameter("created_after", OpenApiTypes.DATE, description="Filed on or after"),
    OpenApiParameter("created_before", OpenApiTypes.DATE, description="Filed on or before"),
    OpenApiParameter("ordering", str, enum=list(SORTS), description="Sort order (`-created`)"),
]


class InstallationRequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Network installation requests (SOP Pemasangan Jaringan): Diskominfo staff see every
    request, agency users their agency's, providers none."""

    serializer_class = InstallationRequestSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        """The list: the same filters and sorts as the list page (`selectors.filtered`)."""
        params = InstallationRequestFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        filters = {
            key: data.get(key)
            for key in ("q", "state", "organization", "technician", "overdue")
            if data.get(key) not in (None, "")
        }
        filters["created_from"] = data.get("created_after")
        filters["created_to"] = data.get("created_before")
        filters["sort"] = data.get("ordering") or ""
        return filtered(self.request.user, filters).prefetch_related("items", "photos")

    def get_object(self) -> InstallationRequest:
        return get_visible_or_404(self.request.user, InstallationRequest, pk=self.kwargs["pk"])

    @extend_schema(
        parameters=REQUEST_FILTERS, responses={200: InstallationRequestSerializer(many=True)}
    )
    def list(self, request, *args, **kwargs):
        """Requests the user may see, filtered, searched and sorted (25 a page)."""
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: InstallationRequestSerializer, **ERRORS})
    def retrieve(self, request, *args, **kwargs):
        """One request with its survey items, photos, files, documents and next actions."""
        return Response(_represent(self.get_object(), request))

    @extend_schema(
        request={"multipart/form-data": InstallationRequestCreateSerializer},
        responses={201: InstallationRequestSerializer, **ERRORS},
    )
    def create(self, request, *args, **kwargs):
        """File an agency's signed, stamped letter (agency operators for their own agency; the
        head of UPDE, the helpdesk and the section head register paper letters of any agency)."""
        data = _body(InstallationRequestCreateSerializer, request)
        user = request.user
        organization = data.pop("organization", None)
        if organization is None and user.is_agency_user:
            organization = Organization.objects.filter(pk=user.organization_id).first()
        if organization is None:
            raise serializers.ValidationError({"organization": [_("This field is required.")]})
        created = services.request_create(actor=user, organization=organization, **data)
        return Response(_represent(created, request), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=InstallationRequestUpdateSerializer,
        responses={200: InstallationRequestSerializer, **ACTION_ERRORS},
    )
    def partial_update(self, request, *args, **kwargs):
        """Correct the letter's details until the request is forwarded; `version` guards
        against lost updates."""
        installation = self.get_object()
        data = _body(InstallationRequestUpdateSerializer, request)
        version = data.pop("version", None)
        updated = services.request_update(
            actor=request.user, request=installation, data=data, expected_version=version
        )
        return Response(_represent(updated, request))

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):  # PUT is not offered; PATCH only
        return self.http_method_not_allowed(request, *args, **kwargs)

    # --- workflow actions --------------------------------------------------------------------

    forward = _workflow_action(
        "forward",
        InstallationNoteSerializer,
        "Head of UPDE: forward the letter, with a disposition note",
    )
    assign_survey = _workflow_action(
        "assign_survey", AssignSurveySerializer, "Section head: order a technician's survey"
    )
    record_survey = _workflow_action(
        "record_survey",
        RecordSurveySerializer,
        "Technician: record the survey (JSON, or multipart with `photos` and `items` as JSON)",
    )
    issue_reply_letter = _workflow_action(
        "issue_reply_letter",
        InstallationVersionSerializer,
        "Section head: issue the reply letter (the answer carries `reply_letter_number`)",
    )
    reject = _workflow_action(
        "reject",
        InstallationReasonSerializer,
        "Section head: reject (no slot or place), with the reason",
    )
    confirm_equipment = _workflow_action(
        "confirm_equipment",
        InstallationNoteSerializer,
        "The agency: the equipment asked for is ready",
    )
    start_installation = _workflow_action(
        "start_installation", InstallationVersionSerializer, "Start the installation"
    )
    complete_installation = _workflow_action(
        "complete_installation",
        CompleteInstallationSerializer,
        "Technician: record the connection test and complete the installation",
    )
    sign_off = _workflow_action(
        "sign_off",
        InstallationSignOffSerializer,
        "Sign the installation form: a drawn signature or (multipart) the signed form's scan",
    )
    cancel = _workflow_action(
        "cancel", InstallationReasonSerializer, "Cancel the request, with a reason"
    )

    # --- files -------------------------------------------------------------------------------

    @extend_schema(
        methods=["GET"], request=None, responses={200: SurveyPhotoSerializer(many=True), **ERRORS}
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": PhotoCreateSerializer},
        responses={201: SurveyPhotoSerializer, **ERRORS},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=SurveyPhotoSerializer,
        parser_classes=[MultiPartParser, FormParser],
        pagination_class=None,
    )
    def photos(self, request, pk=None):
        """The survey photos; the assigned technician adds one (JPEG or PNG, at most 10 MB)."""
        installation = self.get_object()
        if request.method == "GET":
            rows = visible(request.user, SurveyPhoto).filter(request=installation)
            return Response(SurveyPhotoSerializer(rows, many=True).data)
        data = _body(PhotoCreateSerializer, request)
        photo = services.survey_photo_add(
            request=installation, actor=request.user, upload=data["file"]
        )
        return Response(SurveyPhotoSerializer(photo).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[OpenApiParameter("photo_id", int, OpenApiParameter.PATH)])
    @_download(r"photos/(?P<photo_id>\d+)", "Download one survey photo", PHOTO_TYPES)
    def photo_download(self, request, pk=None, photo_id=None):
        installation = self.get_object()
        photo = visible(request.user, SurveyPhoto).filter(request=installation, pk=photo_id).first()
        if photo is None:
            raise Http404
        return _file_response(photo.file, photo.original_name, photo.content_type)

    @_download("letter", "Download the scan of the agency's signed letter", SCAN_TYPES)
    def letter(self, request, pk=None):
        installation = self.get_object()
        return _file_response(
            installation.letter_file,
            installation.letter_file_name or f"surat-{installation.number}",
            installation.letter_content_type,
        )

    @_download("signature", "Download the signature drawn at sign-off", (CONTENT_TYPES["png"],))
    def signature(self, request, pk=None):
        installation = self.get_object()
        return _file_response(installation.signature, f"tanda-tangan-{installation.number}.png")

    @_download("signed-form", "Download the scan of the signed installation form", SCAN_TYPES)
    def signed_form(self, request, pk=None):
        installation = self.get_object()
        extension = Path(installation.signed_form.name or "").suffix
        return _file_response(
            installation.signed_form, f"form-pemasangan-{installation.number}{extension}"
        )


# --- documents ---------------------------------------------------------------------------------


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _document_view(name: str, summary: str, not_ready: str):
    """A GET of one printable document of the request, once the request has reached it."""

    @extend_schema(
        operation_id=f"installation_requests_{name}_pdf",
        tags=["installation-requests"],
        summary=summary,
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description=summary),
            403: ERRORS[403],
            404: NOT_FOUND,
            409: OpenApiResponse(ErrorSerializer, description="The request has no such document"),
        },
    )
    @api_view(["GET"])
    @renderer_classes([JSONRenderer, PdfRenderer])
    def view(request, pk: int):
        installation = get_visible_or_404(request.user, InstallationRequest, pk=pk)
        if not getattr(documents, f"{name}_available")(installation):
            raise Conflict(not_ready)
        content = getattr(documents, f"render_{name}")(installation)
        return _pdf_response(content, getattr(documents, f"{name}_filename")(installation))

    view.__name__ = f"{name}_pdf"
    view.__doc__ = summary
    return view


reply_letter_pdf = _document_view(
    "reply_letter",
    "The reply letter (surat balasan), A4 PDF",
    gettext_lazy("There is no reply letter yet: it is numbered when the section head issues it."),
)
installation_form_pdf = _document_view(
    "installation_form",
    "The installation form (form pemasangan jaringan), A4 PDF",
    gettext_lazy("The installation form exists once the installation has started."),
)
survey_report_pdf = _document_view(
    "survey_report",
    "The survey report, A4 PDF",
    gettext_lazy("The survey report exists once the survey is recorded."),
)
