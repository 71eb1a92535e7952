"""Provider pages: the list (filters, export), the provider's page (contacts, escalation,
accounts, links, contracts, maintenance windows, history), its form, its accounts and its
maintenance windows' forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from silajar.core.access import get_visible_or_404, visible
from silajar.core.audit import audit_timeline
from silajar.core.form_views import list_form_views, submit_form
from silajar.providers import selectors, services
from silajar.providers.exports import PROVIDER_EXPORT
from silajar.providers.forms.records import (
    MaintenanceWindowForm,
    ProviderAccountForm,
    ProviderFilterForm,
    ProviderForm,
)
from silajar.providers.models import Link, MaintenanceWindow, Provider
from silajar.providers.views.common import RecordList

TIMELINE_LIMIT = 50
SAID = {
    "provider.created": _("The provider has been added."),
    "provider.updated": _("The provider has been saved."),
    "link.created": _("The link has been added."),
    "link.updated": _("The link has been saved."),
}


provider_list_view, provider_export_view = RecordList(
    form=lambda data, user: ProviderFilterForm(data),  # the same filters for everyone
    rows=selectors.provider_list,
    sorts=selectors.PROVIDER_SORTS,
    template="providers/provider_list.html",
    export=PROVIDER_EXPORT,
).views()


def _detail_context(request, provider: Provider, account_form=None) -> dict:
    user = request.user
    can_change = services.may_manage_providers(user)
    return {
        "object": provider,
        "can_change": can_change,
        "can_manage_windows": services.may_manage_windows(user=user, provider_id=provider.pk),
        "accounts": provider.accounts.select_related("user").order_by("user__username")
        if can_change
        else [],
        "account_form": account_form or (ProviderAccountForm() if can_change else None),
        "links": visible(user, Link)
        .filter(provider=provider)
        .select_related("organization", "contract")
        .order_by("circuit_id"),
        "contracts": provider.contracts.order_by("-fiscal_year", "number"),
        "windows": visible(user, MaintenanceWindow)
        .filter(provider=provider)
        .prefetch_related("links")
        .order_by("-starts_at")[:20],
        "timeline": audit_timeline(provider)[:TIMELINE_LIMIT],
    }


@require_GET
def provider_detail_view(request, pk: int):
    provider = get_visible_or_404(request.user, Provider, pk=pk)
    return render(request, "providers/provider_detail.html", _detail_context(request, provider))


def _require_keeper(user) -> None:
    if not services.may_manage_providers(user):
        raise PermissionDenied


provider_create_view, provider_edit_view = list_form_views(
    services.PROVIDERS, ProviderForm, said=SAID
)


@require_POST
def provider_account_attach_view(request, pk: int):
    provider = get_visible_or_404(request.user, Provider, pk=pk)
    _require_keeper(request.user)
    form = ProviderAccountForm(request.POST)
    response = submit_form(
        request,
        form,
        lambda data: services.provider_account_attach(
            actor=request.user, provider=provider, user=data["user"]
        ),
        message=str(_("The account now belongs to the provider.")),
        then=lambda _account: redirect("providers:detail", pk=provider.pk),
    )
    return response or render(
        request,
        "providers/provider_detail.html",
        _detail_context(request, provider, account_form=form),
        status=400,
    )


@require_POST
def provider_account_detach_view(request, pk: int, account_pk: int):
    provider = get_visible_or_404(request.user, Provider, pk=pk)
    _require_keeper(request.user)
    account = provider.accounts.filter(pk=account_pk).first()
    if account is None:
        raise Http404
    services.provider_account_detach(actor=request.user, account=account)
    messages.success(request, _("The account no longer belongs to the provider."))
    return redirect("providers:detail", pk=provider.pk)


def _window_page(request, provider: Provider, window: MaintenanceWindow | None):
    if not services.may_manage_windows(user=request.user, provider_id=provider.pk):
        raise PermissionDenied
    form = MaintenanceWindowForm(
        request.POST or None,
        instance=window or MaintenanceWindow(provider=provider),
        provider=provider,
    )

    def save(data):
        inputs = {k: v for k, v in data.items() if k != "version"}
        if window is None:
            if inputs.get("announced_at") is None:
                inputs.pop("announced_at", None)
            return services.maintenance_window_create(
                actor=request.user, provider=provider, **inputs
            )
        if inputs.get("announced_at") is None:
            inputs["announced_at"] = window.announced_at
        return services.maintenance_window_update(
            actor=request.user, window=window, data=inputs, expected_version=data.get("version")
        )

    response = submit_form(
        request,
        form,
        save,
        message=str(
            _("The maintenance window has been announced.")
            if window is None
            else _("The maintenance window has been saved.")
        ),
        then=lambda _saved: redirect(f"{provider.get_absolute_url()}#maintenance"),
    )
    return response or render(
        request,
        "providers/maintenancewindow_form.html",
        {
            "form": form,
            "provider": provider,
            "object": window,
            "timeline": audit_timeline(window)[:TIMELINE_LIMIT] if window else [],
        },
    )


def window_create_view(request, pk: int):
    provider = get_visible_or_404(request.user, Provider, pk=pk)
    return _window_page(request, provider, None)


def window_edit_view(request, pk: int, window_pk: int):
    provider = get_visible_or_404(request.user, Provider, pk=pk)
    window = get_visible_or_404(request.user, MaintenanceWindow, pk=window_pk, provider=provider)
    return _window_page(request, provider, window)
