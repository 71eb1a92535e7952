"""The complaint desk's API: `/api/v1/tickets/`.

Thin: reads come from `selectors` and `core.access.visible`; every change calls one function
of `services`, which checks who may act, in which state and against which version. The
engine's refusals (ActionForbidden 403, Conflict 409, DomainError 400) become the one error
shape of `core.api.exception_handler`."""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action, api_view, renderer_classes
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from silajar.core.access import get_visible_or_404
from silajar.core.api import MAX_ID, ErrorSerializer, PdfRenderer, body_of, keyset_pagination
from silajar.core.downloads import attachment_response, document_response
from silajar.core.uploads import CONTENT_TYPES
from silajar.core.workflow_api import RecordViewSet, error_responses, record_collection
from silajar.organizations.models import Organization
from silajar.tickets import selectors, services
from silajar.tickets.models import Category, Ticket
from silajar.tickets.serializers import (
    AttachmentCreateSerializer,
    AttachmentSerializer,
    CommentCreateSerializer,
    CommentSerializer,
    RateSerializer,
    TicketCreateSerializer,
    TicketFilterSerializer,
    TicketSerializer,
    TicketUpdateSerializer,
)
from silajar.tickets.workflows import TICKET_FLOW

ERRORS, ACTION_ERRORS = error_responses("ticket")


TICKET_FILTERS = [
    OpenApiParameter("q", str, description="Search by number, reporter (name, phone) and text"),
    OpenApiParameter(
        "state", str, description="A state code, or `open` for every unfinished state"
    ),
    OpenApiParameter("organization", int, description="Agency id"),
    OpenApiParameter("assigned_to", int, description="Technician's user id"),
    OpenApiParameter("technician", int, description="Same as `assigned_to`"),
    OpenApiParameter("priority", str),
    OpenApiParameter("category", str, description="Category id or code"),
    OpenApiParameter("channel", str),
    OpenApiParameter(
        "sla_status", str, description="A service-level status, or `attention` (at risk/breached)"
    ),
    OpenApiParameter(
        "fault_domain",
        str,
        description="A fault domain; `intranet` and `internet` also find their precise domains",
    ),
    OpenApiParameter("created_after", OpenApiTypes.DATE, description="Created on or after"),
    OpenApiParameter("created_before", OpenApiTypes.DATE, description="Created on or before"),
    OpenApiParameter("ordering", str, enum=list(selectors.SORTS), description="Sort order"),
]


class TicketViewSet(RecordViewSet):
    """Network complaints (SOP Penanganan Keluhan Jaringan): Diskominfo staff see every
    ticket, agency users their agency's, providers none."""

    serializer_class = TicketSerializer
    workflow = TICKET_FLOW
    errors, action_errors = ERRORS, ACTION_ERRORS
    pagination_class = keyset_pagination(selectors.TICKET_SORTS)
    rows = staticmethod(selectors.ticket_list)
    list_parameters = TICKET_FILTERS
    update_body = TicketUpdateSerializer
    edits = staticmethod(services.ticket_update)
    record_keyword = "ticket"
    operations = {
        "list": "Tickets the user may see, filtered, searched and sorted (25 a page).",
        "retrieve": None,
        "partial_update": """
        Change the editable fields (staff); `version` guards against lost updates.""",
    }

    def filters(self) -> dict[str, Any]:
        if self.action != "list":
            return {}
        params = TicketFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = dict(params.validated_data)
        filters = {
            key: data.get(key)
            for key in ("q", "state", "organization", "priority", "channel", "fault_domain")
            if data.get(key) not in (None, "")
        }
        technician = data.get("assigned_to") or data.get("technician")
        if technician:
            filters["technician"] = technician
        category = data.get("category") or ""
        is_id = category.isascii() and category.isdigit()  # int() reads "٣" too, and not "²"
        if is_id and int(category) > MAX_ID:
            raise serializers.ValidationError({"category": [_("No such category.")]})
        if category:
            filters["category"] = (
                int(category)
                if is_id
                else Category.objects.filter(code=category).values_list("pk", flat=True).first()
                or 0
            )
        filters["sla"] = data.get("sla_status") or ""
        filters["created_from"] = data.get("created_after")
        filters["created_to"] = data.get("created_before")
        filters["sort"] = data.get("ordering") or ""
        return filters

    @extend_schema(request=TicketCreateSerializer, responses={201: TicketSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        """Log a complaint. An agency user files for their own agency (channel `web`)."""
        data = body_of(TicketCreateSerializer, request)
        user = request.user
        organization = data.get("organization")
        if user.is_agency_user:
            organization = Organization.objects.filter(pk=user.organization_id).first()
        if organization is None:
            raise serializers.ValidationError({"organization": [_("This field is required.")]})
        if not user.is_internal_staff:
            data.pop("priority", None)
            data.pop("reporter", None)
        if not data.get("channel") and not user.is_agency_user:
            raise serializers.ValidationError({"channel": [_("This field is required.")]})
        ticket = services.ticket_create(
            actor=user,
            channel=data.get("channel", ""),
            organization=organization,
            description=data["description"],
            reporter_name=data.get("reporter_name", ""),
            reporter_phone=data.get("reporter_phone", ""),
            reporter_unit=data.get("reporter_unit", ""),
            reporter=data.get("reporter"),
            location=data.get("location"),
            location_detail=data.get("location_detail", ""),
            scope=data["scope"],
            category=data.get("category"),
            priority=data.get("priority"),
        )
        return Response(
            TicketSerializer(ticket, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=RateSerializer, responses={200: TicketSerializer, **ERRORS})
    @action(detail=True, methods=["post"], serializer_class=RateSerializer)
    def rate(self, request, pk=None):
        """The reporting agency rates the service after closing (1–5 and a comment)."""
        ticket = self.get_object()
        data = body_of(RateSerializer, request)
        updated = services.ticket_rate(
            ticket=ticket,
            actor=request.user,
            rating=data["rating"],
            comment=data.get("comment", ""),
        )
        return Response(TicketSerializer(updated, context={"request": request}).data)

    # --- comments and attachments ------------------------------------------------------------

    comments = record_collection(
        name="comments",
        doc="A ticket's comments; internal notes only for Diskominfo staff.",
        item=CommentSerializer,
        body=CommentCreateSerializer,
        rows=lambda ticket, user: selectors.comment_list(ticket=ticket, user=user),
        add=lambda ticket, actor, data: services.comment_add(
            ticket=ticket, actor=actor, body=data["body"], internal=data["internal"]
        ),
        errors=ERRORS,
    )
    attachments = record_collection(
        name="attachments",
        doc="A ticket's files (PDF, JPEG, PNG, checked by content, at most 10 MB).",
        item=AttachmentSerializer,
        body=AttachmentCreateSerializer,
        rows=lambda ticket, user: selectors.attachment_list(ticket=ticket, user=user),
        add=lambda ticket, actor, data: services.attachment_add(
            ticket=ticket, actor=actor, upload=data["file"], internal=data["internal"]
        ),
        errors=ERRORS,
        multipart=True,
    )

    @extend_schema(
        parameters=[OpenApiParameter("attachment_id", int, OpenApiParameter.PATH)],
        responses={
            **{
                (200, CONTENT_TYPES[kind]): OpenApiResponse(
                    OpenApiTypes.BINARY, description="The file"
                )
                for kind in services.ATTACHMENT_KINDS
            },
            **ERRORS,
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<attachment_id>\d+)",
        url_name="attachment-download",
    )
    def attachment_download(self, request, pk=None, attachment_id=None):
        """Download one file of the ticket (after the access check)."""
        ticket = self.get_object()
        return attachment_response(
            selectors.attachment_list(ticket=ticket, user=request.user),
            attachment_id,
            inline_images=False,
        )


@extend_schema(
    operation_id="tickets_form_pdf",
    tags=["tickets"],
    responses={
        (200, "application/pdf"): OpenApiResponse(
            OpenApiTypes.BINARY, description="The disruption form (formulir gangguan jaringan)"
        ),
        404: OpenApiResponse(ErrorSerializer, description="No such ticket visible to the user"),
    },
)
@api_view(["GET"])
@renderer_classes([JSONRenderer, PdfRenderer])
def ticket_form_pdf(request, pk: int):
    """The disruption form of a ticket, A4 PDF, to print or to sign."""
    ticket = get_visible_or_404(request.user, Ticket, pk=pk)
    from silajar.tickets.documents import render_disruption_form

    return document_response(render_disruption_form(ticket), f"{ticket.number}.pdf", inline=True)
