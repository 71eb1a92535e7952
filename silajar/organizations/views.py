"""Agencies and their places: list, detail, create/edit, export and import."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from silajar.core.access import can, get_visible_or_404, visible
from silajar.core.audit import audit_timeline
from silajar.core.errors import DomainError
from silajar.core.form_views import list_form_page
from silajar.core.search import text_match
from silajar.organizations import services
from silajar.organizations.forms import LocationForm, OrganizationForm, OrganizationImportForm
from silajar.organizations.importexport.checking import ImportRejected, RowError
from silajar.organizations.importexport.columns import COLUMNS
from silajar.organizations.importexport.export import (
    XLSX_CONTENT_TYPE,
    export_csv,
    export_filename,
    export_xlsx,
    organizations_for_export,
)
from silajar.organizations.importexport.importing import import_organizations, summary_message
from silajar.organizations.importexport.reading import MAX_IMPORT_ROWS
from silajar.organizations.models import Location, Organization, OrganizationKind

view_organizations_required = permission_required(
    "organizations.view_organization", raise_exception=True
)
ACTIVE_FILTERS = {"1": True, "0": False}


def _filtered_organizations(request) -> tuple[QuerySet[Organization], dict]:
    """The agencies the user may see, narrowed by the list's filters (shared with export)."""
    orgs = visible(request.user, Organization)
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    active = request.GET.get("active", "")
    if q:
        orgs = orgs.filter(text_match(q, ("name", "short_name")))
    if kind in OrganizationKind.values:
        orgs = orgs.filter(kind=kind)
    if active in ACTIVE_FILTERS:
        orgs = orgs.filter(is_active=ACTIVE_FILTERS[active])
    return orgs, {"q": q, "kind": kind, "active": active}


def _may_add_location(user, organization: Organization) -> bool:
    """Whether `user` may add a place to `organization`.

    A new place has no row yet for the Location policy to scope, so this asks the access
    module which agencies the user sees, and whether the user may add places at all; with the
    policies of organizations/access.py that is exactly the set the "add" scope allows."""
    return user.has_perm("organizations.add_location") and (
        visible(user, Organization).filter(pk=organization.pk).exists()
    )


@view_organizations_required
def organization_list_view(request):
    orgs, filters = _filtered_organizations(request)
    orgs = orgs.annotate(place_count=Count("locations", filter=Q(locations__is_active=True)))
    page = Paginator(orgs.order_by("name", "pk"), 50).get_page(request.GET.get("page"))
    export_query = request.GET.copy()
    export_query.pop("page", None)
    return render(
        request,
        "organizations/organization_list.html",
        {
            "page": page,
            **filters,
            "kinds": OrganizationKind.choices,
            "export_query": export_query.urlencode(),
            "can_add": request.user.has_perm("organizations.add_organization"),
        },
    )


def my_organization_view(request):
    if not request.user.organization_id:
        raise PermissionDenied
    return redirect("organizations:detail", pk=request.user.organization_id)


def organization_detail_view(request, pk: int):
    user = request.user
    organization = get_visible_or_404(user, Organization, pk=pk)
    places = visible(user, Location).filter(organization=organization)
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "object": organization,
            "places": places.order_by("building", "floor", "room"),
            "can_change": can(user, "change", organization),
            "can_add_place": _may_add_location(user, organization),
            "changeable_places": set(
                visible(user, Location, "change")
                .filter(organization=organization)
                .values_list("pk", flat=True)
            ),
            "timeline": audit_timeline(organization)[:50],
        },
    )


# what the pages say once an agency or a place is saved, by the audit event
SAID = {
    "organization.created": _("The agency has been created."),
    "organization.updated": _("The agency has been saved."),
    "location.created": _("The place has been added."),
    "location.updated": _("The place has been saved."),
}


def _organization_form_page(request, organization: Organization):
    form = OrganizationForm(request.POST or None, instance=organization)
    return list_form_page(request, services.ORGANIZATIONS, form, said=SAID)


@permission_required("organizations.add_organization", raise_exception=True)
def organization_create_view(request):
    return _organization_form_page(request, Organization())


def organization_edit_view(request, pk: int):
    organization = get_visible_or_404(request.user, Organization, pk=pk)
    if not can(request.user, "change", organization):
        raise PermissionDenied
    return _organization_form_page(request, organization)


def _location_form_page(request, location: Location):
    """A place of its agency (`location.organization`), new or stored."""
    form = LocationForm(request.POST or None, instance=location)
    agency = {"organization": location.organization}
    return list_form_page(
        request, services.LOCATIONS, form, said=SAID, parent=agency, context=agency
    )


def location_create_view(request, pk: int):
    organization = get_visible_or_404(request.user, Organization, pk=pk)
    if not _may_add_location(request.user, organization):
        raise PermissionDenied
    return _location_form_page(request, Location(organization=organization))


def location_edit_view(request, pk: int, location_pk: int):
    organization = get_visible_or_404(request.user, Organization, pk=pk)
    location = get_visible_or_404(request.user, Location, pk=location_pk, organization=organization)
    if not can(request.user, "change", location):
        raise PermissionDenied
    return _location_form_page(request, location)


@view_organizations_required
def organization_export_view(request, fmt: str):
    orgs, _filters = _filtered_organizations(request)
    orgs = organizations_for_export(orgs)
    if fmt == "csv":
        content = export_csv(orgs)
        content_type = "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        content = export_xlsx(orgs)
        content_type = XLSX_CONTENT_TYPE
    else:
        raise Http404
    filename = export_filename(fmt, timezone.localdate())
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission_required("organizations.add_organization", raise_exception=True)
def organization_import_view(request):
    form = OrganizationImportForm(request.POST or None, request.FILES or None)
    row_errors: list[RowError] = []
    if request.method == "POST" and form.is_valid():
        try:
            summary = import_organizations(actor=request.user, upload=form.cleaned_data["file"])
        except ImportRejected as error:
            error.add_to_form(form)
            row_errors = error.errors
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, summary_message(summary))
            return redirect("organizations:list")
    return render(
        request,
        "organizations/organization_import.html",
        {
            "form": form,
            "row_errors": row_errors,
            "columns": COLUMNS,
            "kinds": OrganizationKind.choices,
            "max_rows": MAX_IMPORT_ROWS,
        },
    )
