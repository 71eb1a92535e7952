"""The inventory's pages: the device list, a device with its ports, a place's network, a
port's trace, the import (dry run, progress, import) and the exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from silajar.core.access import get_visible_or_404, visible
from silajar.core.errors import DomainError
from silajar.core.form_views import list_form_views, submit_form
from silajar.core.forms import valid_values
from silajar.core.paging import list_queries, request_page
from silajar.inventory import selectors, services
from silajar.inventory.access import may_manage_inventory
from silajar.inventory.forms import (
    CableForm,
    DeviceFilterForm,
    DeviceForm,
    ImportForm,
    PortsAddForm,
)
from silajar.inventory.importexport import importing
from silajar.inventory.importexport.formats import FORMATS
from silajar.inventory.models import Cable, Device, ImportRun, Port
from silajar.organizations.models import Location


def _require_viewer(user) -> None:
    if not (user.is_internal_staff or user.is_agency_user):
        raise PermissionDenied


def _require_keeper(user) -> None:
    if not may_manage_inventory(user):
        raise PermissionDenied


def _filtered(request):
    _require_viewer(request.user)
    form = DeviceFilterForm(request.GET)
    filters = {k: v for k, v in valid_values(form).items() if v not in (None, "")}
    return form, selectors.device_list(user=request.user, filters=filters)


def device_list_view(request):
    form, rows = _filtered(request)
    context = {
        "form": form,
        "page": request_page(request, rows, sorts=selectors.DEVICE_SORTS),
        "query": list_queries(request)[0],
        "can_manage": may_manage_inventory(request.user),
    }
    return render(request, "inventory/device_list.html", context)


def _visible_related(user, manager):
    """A device's tickets or installation requests the user may see (the reverse relations:
    the inventory names no procedure)."""
    return visible(user, manager.model, queryset=manager.all()).order_by("-created_at")[:20]


def _device_page(request, device: Device, *, ports_form=None, cable_form=None):
    ports = list(device.ports.select_related("cable").order_by("position", "side", "pk"))
    for port in ports:
        port.stale = selectors.is_stale(port)
    keeper = may_manage_inventory(request.user)
    context = {
        "device": device,
        "ports": ports,
        "tickets": _visible_related(request.user, device.tickets),
        "installations": _visible_related(request.user, device.installation_requests),
        "can_manage": keeper,
        "ports_form": (ports_form or PortsAddForm(prefix="ports")) if keeper else None,
        "cable_form": (cable_form or CableForm(device=device, prefix="cable")) if keeper else None,
    }
    return render(request, "inventory/device_detail.html", context)


def device_detail_view(request, pk: int):
    _require_viewer(request.user)
    return _device_page(request, get_visible_or_404(request.user, Device, pk=pk))


SAID = {
    "device.created": _("The device has been added."),
    "device.updated": _("The device has been saved."),
}
device_create_view, device_edit_view = list_form_views(services.DEVICES, DeviceForm, said=SAID)


def _kept_device(request, pk: int) -> Device:
    _require_viewer(request.user)
    device = get_visible_or_404(request.user, Device, pk=pk)
    _require_keeper(request.user)
    return device


@require_POST
def ports_add_view(request, pk: int):
    device = _kept_device(request, pk)
    form = PortsAddForm(request.POST, prefix="ports")
    response = submit_form(
        request,
        form,
        lambda data: services.ports_add(actor=request.user, device=device, **data),
        message=lambda added: str(_("%(n)d ports have been added.") % {"n": len(added)}),
        then=lambda _added: redirect(f"{device.get_absolute_url()}#ports"),
    )
    return response or _device_page(request, device, ports_form=form)


@require_POST
def cable_create_view(request, pk: int):
    device = _kept_device(request, pk)
    form = CableForm(request.POST, device=device, prefix="cable")
    response = submit_form(
        request,
        form,
        lambda data: services.cable_create(actor=request.user, **data),
        message=str(_("The cable has been laid.")),
        then=lambda _cable: redirect(f"{device.get_absolute_url()}#ports"),
    )
    return response or _device_page(request, device, cable_form=form)


@require_POST
def cable_delete_view(request, pk: int, cable_pk: int):
    device = _kept_device(request, pk)
    cable = get_visible_or_404(request.user, Cable, pk=cable_pk)
    if not cable.ports.filter(device=device).exists():
        raise Http404  # a cable of another device
    services.cable_delete(actor=request.user, cable=cable)
    messages.success(request, _("The cable has been removed; its ports are free."))
    return redirect(f"{device.get_absolute_url()}#ports")


def location_network_view(request, pk: int):
    _require_viewer(request.user)
    location = get_visible_or_404(request.user, Location, pk=pk)
    reserved = list(
        selectors.port_list(
            user=request.user, filters={"location": location.pk, "state": "reserved"}
        )
    )
    for port in reserved:
        port.stale = selectors.is_stale(port)
    context = {
        "location": location,
        "network": selectors.location_network(user=request.user, location=location),
        "capacity": selectors.location_capacity(user=request.user, location=location),
        "reserved": reserved,
    }
    return render(request, "inventory/location_network.html", context)


def port_trace_view(request, pk: int):
    _require_viewer(request.user)
    port = get_visible_or_404(request.user, Port, pk=pk)
    return render(
        request, "inventory/trace.html", {"port": port, "path": selectors.port_trace(port=port)}
    )


def export_view(request, what: str, fmt: str):
    fmt_ = FORMATS.get(what)
    if fmt_ is None:
        raise Http404
    _require_viewer(request.user)
    if what == "devices":
        rows = _filtered(request)[1].order_by("name", "pk")
    elif what == "ports":
        rows = visible(request.user, Port).select_related("device").order_by("device__name", "pk")
    else:
        rows = selectors.cable_list(user=request.user).order_by("pk")
    return fmt_.export.response(rows, fmt)


def import_view(request):
    _require_keeper(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = importing.import_start(
                actor=request.user, what=form.cleaned_data["what"], upload=form.cleaned_data["file"]
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            return redirect("inventory:import_run", pk=run.pk)
    formats = [(label, FORMATS[code]) for code, label in form.fields["what"].choices]
    return render(request, "inventory/import.html", {"form": form, "formats": formats})


def _run_context(run: ImportRun) -> dict:
    return {
        "run": run,
        "percent": importing.percent(run),
        "working": run.stage in (ImportRun.Stage.CHECKING, ImportRun.Stage.IMPORTING),
    }


def import_run_view(request, pk: int):
    _require_keeper(request.user)
    run = get_visible_or_404(request.user, ImportRun, pk=pk)
    if request.method == "POST":
        try:
            run = importing.import_confirm(actor=request.user, run=run)
        except DomainError as error:
            messages.error(request, str(error.message))
        return redirect("inventory:import_run", pk=run.pk)
    return render(request, "inventory/import_run.html", _run_context(run))


def import_progress_view(request, pk: int):
    """The run's progress bar and result (polled by the run page while the worker runs)."""
    _require_keeper(request.user)
    run = get_visible_or_404(request.user, ImportRun, pk=pk)
    return render(request, "inventory/_import_progress.html", _run_context(run))
