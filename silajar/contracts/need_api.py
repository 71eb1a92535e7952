"""`/api/v1/bandwidth-needs/`: the yearly bandwidth need (list, read, prepare, edit, and the
actions `submit`, `approve`, `return` of `workflows.NEED_FLOW`), and the procurement's PDFs
under a contract (`/api/v1/contracts/{id}/designation.pdf`, `/bast.pdf`). Staff see the needs;
anyone else gets 403 for the list, 404 for a need."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from silajar.contracts import selectors
from silajar.contracts.models import BandwidthNeed, Contract
from silajar.contracts.need_serializers import NeedBody, NeedSerializer, NeedUpdateBody
from silajar.contracts.provisioning_documents import render_bast, render_designation
from silajar.contracts.services import needs
from silajar.contracts.workflows import NEED_FLOW
from silajar.core.access import get_visible_or_404
from silajar.core.downloads import document_response
from silajar.core.errors import ActionForbidden
from silajar.core.paging import KeysetPagination
from silajar.core.workflow_api import ProcedureViewSet, error_responses
from silajar.providers.api import checked

ERRORS, CHANGE_ERRORS = error_responses("bandwidth need")
PDF = OpenApiResponse(OpenApiTypes.BINARY, description="The PDF")


class NeedPagination(KeysetPagination):
    sorts = selectors.NEED_SORTS


class NeedViewSet(ProcedureViewSet):
    """The province's yearly bandwidth need: the section head prepares and submits it, the
    Kepala UPDE approves it or returns it with a note."""

    serializer_class = NeedSerializer
    pagination_class = NeedPagination
    workflow = NEED_FLOW
    action_errors = CHANGE_ERRORS

    def get_queryset(self):
        return selectors.need_list(user=self.request.user, filters={})

    def get_object(self) -> BandwidthNeed:
        return get_visible_or_404(self.request.user, BandwidthNeed, pk=self.kwargs["pk"])

    @extend_schema(responses={200: NeedSerializer(many=True), **ERRORS})
    def list(self, request, *args, **kwargs):
        """The needs, latest fiscal year first (25 a page, keyset cursor); staff only (403)."""
        if not request.user.is_internal_staff:
            raise ActionForbidden(_("Only the office's staff see the bandwidth needs."))
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: NeedSerializer, **ERRORS})
    def retrieve(self, request, *args, **kwargs):
        """One need with its segments."""
        return Response(NeedSerializer(self.get_object(), context={"request": request}).data)

    @extend_schema(request=NeedBody, responses={201: NeedSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        """Prepare a fiscal year's need as a draft (section head); the segments' Mbps add up
        to `capacity_mbps`."""
        if not needs.may_prepare_needs(request.user):  # before the body: who, then what
            raise ActionForbidden(_("Only the section head prepares the bandwidth need."))
        need = needs.need_create(actor=request.user, data=checked(NeedBody, request))
        answer = NeedSerializer(need, context={"request": request}).data
        return Response(answer, status=status.HTTP_201_CREATED)

    @extend_schema(request=NeedUpdateBody, responses={200: NeedSerializer, **CHANGE_ERRORS})
    def partial_update(self, request, *args, **kwargs):
        """Edit a draft or returned need; send only what changes, with the `version` you saw."""
        need = self.get_object()
        data = checked(NeedUpdateBody, request)
        version = data.pop("version", None)
        updated = needs.need_update(
            actor=request.user, need=need, data=data, expected_version=version
        )
        return Response(NeedSerializer(updated, context={"request": request}).data)


class ContractPdfView(GenericAPIView):
    """A procurement document of a contract, for whoever sees the contract."""

    queryset = Contract.objects.none()  # the schema's; the contract is looked up visibly
    draw = staticmethod(render_bast)
    name = "bast"

    @extend_schema(responses={(200, "application/pdf"): PDF, **ERRORS})
    def get(self, request, pk: int):
        contract = get_visible_or_404(request.user, Contract, pk=pk)
        content = self.draw(contract)
        return document_response(content, f"{self.name}-{contract.pk}.pdf", inline=False)


class BastPdfView(ContractPdfView):
    """The handover record (BAST) of an activated contract (400 before)."""


class DesignationPdfView(ContractPdfView):
    """The KPA's designation letter (a draft to sign until the provider is designated)."""

    draw = staticmethod(render_designation)
    name = "penetapan"
