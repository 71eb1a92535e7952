"""The installation requests API: `/api/v1/installation-requests/`.

Thin: reads go through `core.access.visible`; every change calls one function of `services`
(the workflow's actions through `core.workflow_api`), which checks who may act, in which state
and against which version. Refusals (ActionForbidden 403, Conflict 409, DomainError 400) become the
one error shape of `core.api.exception_handler`."""

from pathlib import Path
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action, api_view, renderer_classes
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from silajar.core.access import get_visible_or_404, visible
from silajar.core.api import ErrorSerializer, PdfRenderer, body_of, keyset_pagination
from silajar.core.downloads import document_response
from silajar.core.errors import Conflict
from silajar.core.uploads import CONTENT_TYPES, EXTENSIONS, private_file_response
from silajar.core.workflow_api import RecordViewSet, error_responses, record_collection
from silajar.installations import documents, services
from silajar.installations.models import InstallationRequest, SurveyPhoto
from silajar.installations.selectors import INSTALLATION_SORTS, SORTS, installation_list
from silajar.installations.serializers import (
    InstallationRequestCreateSerializer,
    InstallationRequestFilterSerializer,
    InstallationRequestSerializer,
    InstallationRequestUpdateSerializer,
    PhotoCreateSerializer,
    SurveyPhotoSerializer,
)
from silajar.installations.workflows import INSTALLATION_FLOW
from silajar.inventory.serializers import ReservePortsBody
from silajar.organizations.models import Organization

ERRORS, ACTION_ERRORS = error_responses("request")
KIND_BY_EXTENSION = {extension: kind for kind, extension in EXTENSIONS.items()} | {".jpeg": "jpeg"}


def _represent(installation: InstallationRequest, request) -> dict:
    return InstallationRequestSerializer(installation, context={"request": request}).data


def _file_response(fieldfile, download_name: str, content_type: str = ""):
    if not content_type:
        kind = KIND_BY_EXTENSION.get(Path(fieldfile.name).suffix.lower())
        content_type = CONTENT_TYPES.get(kind, "application/octet-stream")
    return private_file_response(
        fieldfile, download_name=download_name, content_type=content_type, inline=False
    )


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
                404: ERRORS[404],
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


class InstallationRequestViewSet(RecordViewSet):
    """Network installation requests (SOP Pemasangan Jaringan): Diskominfo staff see every
    request, agency users their agency's, providers none."""

    serializer_class = InstallationRequestSerializer
    pagination_class = keyset_pagination(INSTALLATION_SORTS)
    workflow = INSTALLATION_FLOW
    errors, action_errors = ERRORS, ACTION_ERRORS
    rows = staticmethod(installation_list)
    list_parameters = REQUEST_FILTERS
    prefetch = ("items", "photos")
    update_body = InstallationRequestUpdateSerializer
    edits = staticmethod(services.installation_update)
    record_keyword = "installation"
    operations = {
        "list": "Requests the user may see, filtered, searched and sorted (25 a page).",
        "retrieve": "One request with its survey items, photos, files, documents and next actions.",
        "partial_update": """
        Correct the letter's details until the request is forwarded; `version` guards
        against lost updates.""",
    }

    def filters(self) -> dict[str, Any]:
        """The same filters and sorts as the list page (`selectors.installation_list`)."""
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
        return filters

    @extend_schema(
        request={"multipart/form-data": InstallationRequestCreateSerializer},
        responses={201: InstallationRequestSerializer, **ERRORS},
    )
    def create(self, request, *args, **kwargs):
        """File an agency's signed, stamped letter (agency operators for their own agency; the
        head of UPDE, the helpdesk and the section head register paper letters of any agency)."""
        data = body_of(InstallationRequestCreateSerializer, request)
        user = request.user
        organization = data.pop("organization", None)
        if organization is None and user.is_agency_user:
            organization = Organization.objects.filter(pk=user.organization_id).first()
        if organization is None:
            raise serializers.ValidationError({"organization": [_("This field is required.")]})
        created = services.installation_create(actor=user, organization=organization, **data)
        return Response(_represent(created, request), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ReservePortsBody,
        responses={200: InstallationRequestSerializer, **ACTION_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="reserve_ports")
    def reserve_ports(self, request, pk=None):
        """The assigned technician, while surveying, reserves the free ports of the request's
        place the work will use (`ports`: all it holds; 409 when one is no longer free)."""
        installation = self.get_object()
        data = body_of(ReservePortsBody, request)
        services.installation_reserve_ports(
            installation=installation, actor=request.user, ports=data["ports"]
        )
        return Response(_represent(self.get_object(), request))

    # --- files -------------------------------------------------------------------------------

    photos = record_collection(
        name="photos",
        doc="The survey photos; the assigned technician adds one (JPEG or PNG, at most 10 MB).",
        item=SurveyPhotoSerializer,
        body=PhotoCreateSerializer,
        rows=lambda installation, user: visible(user, SurveyPhoto).filter(request=installation),
        add=lambda installation, actor, data: services.survey_photo_add(
            installation=installation,
            actor=actor,
            upload=data["file"],
            caption=data.get("caption", ""),
        ),
        errors=ERRORS,
        multipart=True,
    )

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
            installation.signed_form, f"formulir-pemasangan-{installation.number}{extension}"
        )


# --- documents ---------------------------------------------------------------------------------


def _document_view(name: str, summary: str, not_ready: str):
    """A GET of one printable document of the request, once the request has reached it."""

    @extend_schema(
        operation_id=f"installation_requests_{name}_pdf",
        tags=["installation-requests"],
        summary=summary,
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description=summary),
            403: ERRORS[403],
            404: ERRORS[404],
            409: OpenApiResponse(ErrorSerializer, description="The request has no such document"),
        },
    )
    @api_view(["GET"])
    @renderer_classes([JSONRenderer, PdfRenderer])
    def view(request, pk: int):
        installation = get_visible_or_404(request.user, InstallationRequest, pk=pk)
        printed = documents.printable(name, installation)
        if printed is None:
            raise Conflict(not_ready)
        content, filename = printed
        return document_response(content, filename, inline=True)

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
