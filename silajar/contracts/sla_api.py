"""`GET /api/v1/contracts/{id}/sla/?month=YYYY-MM`: a contract's monthly SLA (issue 11).

Who sees the contract sees its report (staff all, a provider's accounts their provider's;
anyone else's answers 404). `month` is required: a calendar month in WIB of the contract's
period that has begun (the month running now is measured up to now); anything else answers 400
in the API's error shape, on `month`. The figures are the engine's (`contracts.sla`,
docs/sla.md): minutes as numbers to 0.001, availability as a number to three decimals, amounts
as whole Rupiah."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from silajar.contracts.models import Contract
from silajar.contracts.report import SlaReport, sla_report
from silajar.contracts.report_months import parse_month
from silajar.core.access import get_visible_or_404
from silajar.core.workflow_api import error_responses

ERRORS, _CHANGE_ERRORS = error_responses("contract")


def _minutes_field(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=12, decimal_places=3, coerce_to_string=False, help_text=help_text
    )


def _percent_field(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=6, decimal_places=3, coerce_to_string=False, help_text=help_text
    )


class LinkSlaSerializer(serializers.Serializer):
    link = serializers.IntegerField(help_text="The link's id")
    minutes = _minutes_field("Minutes of the calendar month (WIB)")
    observed_minutes = _minutes_field("Minutes the link was active and watched")
    downtime_minutes = _minutes_field("Observed minutes inside a merged outage")
    excluded_minutes = _minutes_field("Downtime excluded (an honoured reason or maintenance)")
    counted_minutes = _minutes_field("Downtime that counts against the provider")
    availability_percent = _percent_field(
        "(observed − excluded − counted) ÷ (observed − excluded) × 100; 100 when not measured"
    )
    incidents = serializers.IntegerField(help_text="Provider incidents that started in the month")
    response_breaches = serializers.IntegerField(help_text="…answered later than the contract's")
    restoration_breaches = serializers.IntegerField(help_text="…restored later than the contract's")
    restitution_amount = serializers.IntegerField(help_text="Rupiah owed for the month")


class ContractSlaSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    contract = serializers.IntegerField(help_text="The contract's id")
    links = LinkSlaSerializer(many=True)
    availability_percent = _percent_field("Over all the contract's links")
    restitution_amount = serializers.IntegerField(help_text="The sum of the links' (Rupiah)")


def sla_data(report: SlaReport) -> dict:
    """The report as the API gives it (the PDF and the XLSX show the same figures)."""
    return ContractSlaSerializer(
        {
            "month": report.label,
            "contract": report.contract.pk,
            "links": [
                {
                    "link": row.link.pk,
                    "minutes": row.month.minutes,
                    "observed_minutes": row.month.observed_minutes,
                    "downtime_minutes": row.month.downtime_minutes,
                    "excluded_minutes": row.month.excluded_minutes,
                    "counted_minutes": row.month.counted_minutes,
                    "availability_percent": row.month.availability_percent,
                    "incidents": row.incidents,
                    "response_breaches": row.response_breaches,
                    "restoration_breaches": row.restoration_breaches,
                    "restitution_amount": row.month.restitution_amount,
                }
                for row in report.links
            ],
            "availability_percent": report.total.availability_percent,
            "restitution_amount": report.total.restitution_amount,
        }
    ).data


class ContractSlaView(GenericAPIView):
    """A contract's monthly SLA, per link and in total."""

    serializer_class = ContractSlaSerializer
    queryset = Contract.objects.none()  # the schema's; the contract is looked up visibly

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "month",
                str,
                required=True,
                description="A calendar month (WIB) of the contract's period that has begun, "
                "YYYY-MM; otherwise 400",
            )
        ],
        responses={200: ContractSlaSerializer, **ERRORS},
    )
    def get(self, request, pk: int):
        """The contract's SLA for a month: each link's minutes, availability, incidents and
        breaches, restitution; the contract's availability and restitution."""
        contract = get_visible_or_404(request.user, Contract, pk=pk)
        year, month = parse_month(contract, request.query_params.get("month"))
        return Response(sla_data(sla_report(contract=contract, year=year, month=month)))
