from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action

from silajar.core.access import get_visible_or_404, visible
from silajar.organizations.models import Location, Organization, OrganizationKind
from silajar.organizations.services import LOCATIONS, ORGANIZATION_DETAILS


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", *ORGANIZATION_DETAILS, "is_active", "version"]


class LocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Location
        fields = ["id", *LOCATIONS.create_fields, "version"]


@extend_schema(
    parameters=[
        OpenApiParameter("q", str, description="Search in name and short name"),
        OpenApiParameter("kind", str, enum=OrganizationKind.values),
        OpenApiParameter("active", bool),
    ]
)
class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    """Agencies (OPD) the user may see: all for Diskominfo staff, their own for agency users."""

    serializer_class = OrganizationSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        orgs = visible(self.request.user, Organization).order_by("name", "pk")
        params = self.request.query_params
        if params.get("q"):
            orgs = orgs.filter(name__icontains=params["q"]) | orgs.filter(
                short_name__icontains=params["q"]
            )
        if params.get("kind"):
            orgs = orgs.filter(kind=params["kind"])
        if params.get("active") in ("true", "false"):
            orgs = orgs.filter(is_active=params["active"] == "true")
        return orgs

    @extend_schema(responses=LocationSerializer(many=True))
    @action(detail=True, serializer_class=LocationSerializer)
    def locations(self, request, pk=None):
        """The places of one agency."""
        organization = get_visible_or_404(request.user, Organization, pk=pk)
        places = (
            visible(request.user, Location)
            .filter(organization=organization)
            .order_by("building", "floor", "room", "pk")
        )
        page = self.paginate_queryset(places)
        return self.get_paginated_response(LocationSerializer(page, many=True).data)
