"""`/api/v1/bandwidth-needs/`: the yearly bandwidth need (list, read, prepare, edit, and the
actions `submit`, `approve`, `return` of `workflows.NEED_FLOW`), and the procurement's PDFs
under a contract (`/api/v1/contracts/{id}/designation.pdf`, `/bast.pdf`). Staff see the needs;
anyone else gets 403 for the list, 404 for a need."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins
from rest_framework.generics import GenericAPIView

from silajar.contracts import selectors
from silajar.contracts.models import Contract
from silajar.contracts.need_serializers import NeedBody, NeedSerializer, NeedUpdateBody
from silajar.contracts.provisioning_documents import render_bast, render_designation
from silajar.contracts.services import needs
from silajar.contracts.workflows import NEED_FLOW
from silajar.core.access import get_visible_or_404
from silajar.core.api import keyset_pagination
from silajar.core.downloads import document_response
from silajar.core.errors import ActionForbidden
from silajar.core.workflow_api import RecordViewSet, error_responses

ERRORS, CHANGE_ERRORS = error_responses("bandwidth need")
PDF = OpenApiResponse(OpenApiTypes.BINARY, description="The PDF")


class NeedViewSet(RecordViewSet):
    """The province's yearly bandwidth need: the section head prepares and submits it, the
    Kepala UPDE approves it or returns it with a note."""

    serializer_class = NeedSerializer
    pagination_class = keyset_pagination(selectors.NEED_SORTS)
    workflow = NEED_FLOW
    errors, action_errors = ERRORS, CHANGE_ERRORS
    rows = staticmethod(selectors.need_list)
    guard = staticmethod(needs.PREPARERS.require)
    body = NeedBody
    adds = staticmethod(needs.need_create)
    update_body = NeedUpdateBody
    edits = staticmethod(needs.need_update)
    record_keyword = "need"
    operations = {
        "retrieve": "One need with its segments.",
        "create": """
        Prepare a fiscal year's need as a draft (section head); the segments' Mbps add up
        to `capacity_mbps`.""",
        "partial_update": """
        Edit a draft or returned need; send only what changes, with the `version` you saw.""",
    }

    @extend_schema(responses={200: NeedSerializer(many=True), **ERRORS})
    def list(self, request, *args, **kwargs):
        """The needs, latest fiscal year first (25 a page, keyset cursor); staff only (403)."""
        if not request.user.is_internal_staff:
            raise ActionForbidden(_("Only the office's staff see the bandwidth needs."))
        return mixins.ListModelMixin.list(self, request, *args, **kwargs)


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
