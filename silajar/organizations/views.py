from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render

from silajar.core.access import get_visible_or_404, visible
from silajar.core.audit import audit_timeline
from silajar.organizations.models import Location, Organization, OrganizationKind


def organization_list_view(request):
    orgs = visible(request.user, Organization).annotate(
        place_count=Count("locations", filter=Q(locations__is_active=True))
    )
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if q:
        orgs = orgs.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    if kind in OrganizationKind.values:
        orgs = orgs.filter(kind=kind)
    page = Paginator(orgs.order_by("name", "pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organizations/organization_list.html",
        {
            "page": page,
            "q": q,
            "kind": kind,
            "kinds": OrganizationKind.choices,
        },
    )


def my_organization_view(request):
    if not request.user.organization_id:
        raise PermissionDenied
    return redirect("organizations:detail", pk=request.user.organization_id)


def organization_detail_view(request, pk: int):
    organization = get_visible_or_404(request.user, Organization, pk=pk)
    places = visible(request.user, Location).filter(organization=organization)
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "object": organization,
            "places": places.order_by("building", "floor", "room"),
            "timeline": audit_timeline(organization)[:50],
        },
    )
