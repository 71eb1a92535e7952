"""The distribution in the API, under a contract:

- `GET /api/v1/contracts/{id}/allocations/`: the version in force and its allocations;
  `POST` adds one (`{"consumer", "kind", "parent", "cir_mbps", "mir_mbps", "priority",
  "target"}`, optionally `organization` and the `version` seen): 201, or 400 with the reason
  when a rule refuses it (nothing saved).
- `GET|PATCH|DELETE /api/v1/contracts/{id}/allocations/{allocation_id}/`.
- `GET /api/v1/contracts/{id}/allocations.rsc` and `.csv`: the export of the version in force.

Who sees the contract and reads distributions reads (else 404, then 403); only the network
administrator changes (403)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from silajar.bandwidth import selectors, services
from silajar.bandwidth.access import may_read_distribution
from silajar.bandwidth.exports import export_response
from silajar.bandwidth.rules import Row
from silajar.bandwidth.serializers import (
    AllocationBody,
    AllocationSerializer,
    AllocationUpdateBody,
    DistributionSerializer,
    VersionOnlyBody,
)
from silajar.contracts.models import Contract
from silajar.core.access import get_visible_or_404, visible
from silajar.core.api import body_of
from silajar.core.errors import DomainError
from silajar.core.workflow_api import error_responses
from silajar.organizations.models import Organization

ERRORS, CHANGE_ERRORS = error_responses("allocation")


def _contract(request, contract_id: int) -> Contract:
    contract = get_visible_or_404(request.user, Contract, pk=contract_id)
    if not may_read_distribution(request.user):
        raise PermissionDenied
    return contract


def _inputs(request, data: dict) -> dict:
    """The body as the services take it: the agency looked up among the user's."""
    data.pop("version", None)
    if data.get("organization") is not None:
        organization = visible(request.user, Organization).filter(pk=data["organization"]).first()
        if organization is None:
            message = _("Choose an agency among those you see.")
            raise DomainError(message, fields={"organization": [message]})
        data["organization"] = organization
    return data


def _row(contract: Contract, key: int) -> Row:
    row = next(
        (
            r
            for r in selectors.rows_of(version=selectors.current_version(contract=contract))
            if r.key == key
        ),
        None,
    )
    if row is None:
        raise Http404
    return row


def _change(request, contract_id: int, key: int, body) -> tuple[Contract, dict]:
    """The contract of a change of its allocation `key` and the change's checked `body` (404
    when the contract is not seen or has no such allocation, 403 for who may not read it)."""
    contract = _contract(request, contract_id)
    _row(contract, key)
    return contract, body_of(body, request)


class AllocationsView(GenericAPIView):
    """The version in force of a contract's distribution, and its allocations."""

    serializer_class = DistributionSerializer
    queryset = Contract.objects.none()  # the schema's; the contract is looked up visibly

    @extend_schema(
        operation_id="contracts_allocations_list", responses={200: DistributionSerializer, **ERRORS}
    )
    def get(self, request, contract_id: int):
        """The allocations of the version in force (tree order: parents before children)."""
        contract = _contract(request, contract_id)
        current = selectors.current_version(contract=contract)
        return Response(
            DistributionSerializer(
                {
                    "contract": contract.pk,
                    "version": current.number if current else 0,
                    "capacity_mbps": contract.capacity_mbps,
                    "allocations": selectors.rows_of(version=current),
                }
            ).data
        )

    @extend_schema(
        operation_id="contracts_allocations_create",
        request=AllocationBody,
        responses={201: AllocationSerializer, **CHANGE_ERRORS},
    )
    def post(self, request, contract_id: int):
        """Add a queue (network administrator): a new version; 400 with the reason when a rule
        refuses it."""
        contract = _contract(request, contract_id)
        data = body_of(AllocationBody, request)
        version = data.get("version")
        created = services.allocation_add(
            actor=request.user,
            contract=contract,
            data=_inputs(request, data),
            expected_version=version,
        )
        row = max(selectors.rows_of(version=created), key=lambda r: r.key)
        return Response(AllocationSerializer(row).data, status=status.HTTP_201_CREATED)


class AllocationView(GenericAPIView):
    """One allocation of the version in force, by its id (kept from version to version)."""

    serializer_class = AllocationSerializer
    queryset = Contract.objects.none()

    @extend_schema(
        operation_id="contracts_allocation_retrieve",
        responses={200: AllocationSerializer, **ERRORS},
    )
    def get(self, request, contract_id: int, key: int):
        """One allocation."""
        return Response(AllocationSerializer(_row(_contract(request, contract_id), key)).data)

    @extend_schema(
        operation_id="contracts_allocation_partial_update",
        request=AllocationUpdateBody,
        responses={200: AllocationSerializer, **CHANGE_ERRORS},
    )
    def patch(self, request, contract_id: int, key: int):
        """Change an allocation; send only what changes (and the `version` you saw)."""
        contract, data = _change(request, contract_id, key, AllocationUpdateBody)
        version = data.get("version")
        changed = services.allocation_change(
            actor=request.user,
            contract=contract,
            key=key,
            data=_inputs(request, data),
            expected_version=version,
        )
        row = next(r for r in selectors.rows_of(version=changed) if r.key == key)
        return Response(AllocationSerializer(row).data)

    @extend_schema(
        operation_id="contracts_allocation_destroy",
        request=VersionOnlyBody,
        responses={204: None, **CHANGE_ERRORS},
    )
    def delete(self, request, contract_id: int, key: int):
        """Remove an allocation (none may be under it)."""
        contract, data = _change(request, contract_id, key, VersionOnlyBody)
        services.allocation_remove(
            actor=request.user, contract=contract, key=key, expected_version=data.get("version")
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class AllocationExportView(GenericAPIView):
    """The version in force as a RouterOS script (`.rsc`) or CSV (`.csv`)."""

    queryset = Contract.objects.none()

    @extend_schema(
        operation_id="contracts_allocations_export",
        responses={
            (200, "text/plain"): OpenApiResponse(OpenApiTypes.STR, description="The script"),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The CSV"),
            **ERRORS,
        },
    )
    def get(self, request, contract_id: int, fmt: str):
        """Download the export (404 before the first version)."""
        return export_response(_contract(request, contract_id), fmt)
