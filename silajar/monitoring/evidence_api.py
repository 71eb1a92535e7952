"""`GET /api/v1/tickets/{id}/evidence/`: intranet or internet? The evidence of a complaint's
place at the time it was reported and now, and the fault domain it proposes
(`silajar.monitoring.evidence`).

Who: the ticket as the user may see it (404 otherwise), and then Diskominfo staff only — the
helpdesk, technicians, the network administrator and the office's other staff roles; the
reporting agency's users see the ticket but not the evidence (403), which names the
province's network devices, links and other agencies' tickets."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from silajar.core.access import get_visible_or_404
from silajar.core.api import ErrorSerializer
from silajar.core.errors import ActionForbidden
from silajar.monitoring.choices import TargetRole, TargetState
from silajar.monitoring.evidence import Evidence, evidence_for
from silajar.tickets.choices import FaultDomain
from silajar.tickets.models import Ticket

STATES_AT_REPORT = [TargetState.UP, TargetState.DOWN, TargetState.UNKNOWN]


class TargetEvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=TargetRole.choices)
    link = serializers.IntegerField(source="link_id", allow_null=True)
    location = serializers.IntegerField(source="location_id", allow_null=True)
    state_at_report = serializers.ChoiceField(
        choices=STATES_AT_REPORT,
        help_text="At the ticket's reported time: down (a downtime held it), unknown (no "
        "monitor ran then, or the target did not exist yet) or up",
    )
    down_since_at_report = serializers.DateTimeField(allow_null=True)
    down_until_at_report = serializers.DateTimeField(allow_null=True)
    state_now = serializers.ChoiceField(choices=TargetState.choices)
    since_now = serializers.DateTimeField(allow_null=True)
    latency_ms_at_report = serializers.FloatField(
        allow_null=True, help_text="Mean of the good probes of the 5 minutes before that time"
    )
    loss_at_report = serializers.FloatField(allow_null=True, help_text="Failed probes, 0 to 1")
    latency_ms_now = serializers.FloatField(allow_null=True)
    loss_now = serializers.FloatField(allow_null=True)


class OutageEvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    link = serializers.IntegerField(source="link_id")
    link_label = serializers.CharField(source="link")
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    source = serializers.CharField()


class IncidentEvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    state = serializers.CharField()
    provider = serializers.CharField()


class RelatedTicketSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    state = serializers.CharField()
    place = serializers.CharField()
    created_at = serializers.DateTimeField()
    same_building = serializers.BooleanField(
        help_text="From the same building (else: served by the same link)"
    )


class EvidenceSerializer(serializers.Serializer):
    ticket = serializers.IntegerField(source="ticket.pk")
    reported_at = serializers.DateTimeField(source="at")
    now = serializers.DateTimeField()
    targets = TargetEvidenceSerializer(many=True)
    links = serializers.SerializerMethodField()
    outages = OutageEvidenceSerializer(many=True)
    incidents = IncidentEvidenceSerializer(many=True)
    related_tickets = RelatedTicketSerializer(many=True)
    proposed_domain = serializers.ChoiceField(
        choices=FaultDomain.choices,
        help_text="single_device, site_lan, provider_link, upstream; unknown when nothing "
        "was monitored",
    )
    reason = serializers.CharField(help_text="The proposal's reason in words, with its numbers")
    fault_domain = serializers.ChoiceField(
        source="ticket.fault_domain",
        choices=FaultDomain.choices,
        help_text="The domain stored on the ticket (confirmed by the desk)",
    )

    def get_links(self, evidence: Evidence) -> list[int]:
        return [link.pk for link in evidence.links]


@extend_schema(
    operation_id="tickets_evidence",
    tags=["tickets"],
    responses={
        200: EvidenceSerializer,
        403: OpenApiResponse(ErrorSerializer, description="Not Diskominfo staff"),
        404: OpenApiResponse(ErrorSerializer, description="No such ticket visible to the user"),
    },
)
@api_view(["GET"])
def ticket_evidence(request, pk: int):
    """Intranet or internet? The ticket place's monitoring targets with their state at the
    reported time and now, the open outages and incidents of its links, the related open
    tickets, and the proposed fault domain with its reason."""
    ticket = get_visible_or_404(request.user, Ticket, pk=pk)
    if not request.user.is_internal_staff:
        raise ActionForbidden(_("The monitoring evidence is for Diskominfo staff."))
    evidence = evidence_for(ticket, now=timezone.now())
    return Response(EvidenceSerializer(evidence).data)
