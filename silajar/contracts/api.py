"""The contracts API: `/api/v1/contracts/` (list, read, register, edit) and the scan of the
signed contract (`/api/v1/contracts/{id}/document/`: GET downloads it, POST replaces it).
Staff see every contract, a provider's accounts their provider's (anyone else's: 404)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from silajar.contracts import selectors, services
from silajar.contracts.choices import ContractState
from silajar.contracts.models import Contract
from silajar.contracts.serializers import (
    ContractBody,
    ContractDocumentBody,
    ContractFilterSerializer,
    ContractSerializer,
    ContractUpdateBody,
)
from silajar.contracts.workflows import CONTRACT_FLOW
from silajar.core.api import body_of, keyset_pagination
from silajar.core.uploads import CONTENT_TYPES, private_file_response
from silajar.core.workflow_api import RecordViewSet
from silajar.providers.api import CHANGE_ERRORS, ERRORS

SCAN_TYPES = (CONTENT_TYPES["pdf"], CONTENT_TYPES["jpeg"], CONTENT_TYPES["png"])


def document_response(contract: Contract):
    """The stored scan of `contract` (the caller checked access), as a download."""
    return private_file_response(
        contract.document,
        download_name=contract.document_name or f"kontrak-{contract.pk}",
        content_type=contract.document_content_type or "application/octet-stream",
        inline=False,
    )


def _prepare(*, actor, data: dict) -> Contract:
    """A contract registered, or without a `state` prepared as a draft."""
    return services.CONTRACTS.create(actor=actor, data={"state": ContractState.DRAFT, **data})


class ContractViewSet(RecordViewSet):
    """Internet contracts with their service-level terms; the network administrator and the
    PPTK register and edit them, the PPTK prepares them as drafts for the procurement (one
    endpoint per action of `contracts.workflows.CONTRACT_FLOW`)."""

    serializer_class = ContractSerializer
    pagination_class = keyset_pagination(selectors.CONTRACT_SORTS)
    workflow = CONTRACT_FLOW
    rows = staticmethod(selectors.contract_list)
    query = ContractFilterSerializer
    prefetch = ("links",)
    keeper = services.CONTRACTS
    body = ContractBody
    adds = staticmethod(_prepare)
    update_body = ContractUpdateBody
    operations = {
        "list": "Contracts the user sees, latest fiscal year first (25 a page, keyset cursor).",
        "retrieve": "One contract with its terms and links.",
        "create": """
        Prepare a contract as a draft (without `state`; `provider` may wait for the KPA's
        designation), or register a signed one with `"state": "active"` (network administrator,
        PPTK).""",
        "partial_update": "Edit a contract; send only what changes, with the `version` you saw.",
    }

    @extend_schema(
        methods=["GET"],
        responses={
            **{
                (200, kind): OpenApiResponse(OpenApiTypes.BINARY, description="The scan")
                for kind in SCAN_TYPES
            },
            **ERRORS,
        },
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": ContractDocumentBody},
        responses={200: ContractSerializer, **CHANGE_ERRORS},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser],
        serializer_class=ContractSerializer,
    )
    def document(self, request, pk=None):
        """GET: download the scan of the signed contract (404 while there is none). POST:
        upload it (PDF, JPEG or PNG, checked by its content), replacing the one before."""
        contract = self.get_object()
        if request.method == "GET":
            return document_response(contract)
        data = body_of(ContractDocumentBody, request)
        updated = services.contract_document_attach(
            actor=request.user,
            contract=contract,
            upload=data["document"],
            expected_version=data.get("version"),
        )
        return Response(ContractSerializer(updated).data)
