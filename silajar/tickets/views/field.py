"""The technician's phone view: my queue, the ticket on site, start, resolve, sign-off, the form.

Also the pieces the agency portal shares with it: running an action with its version and
showing a refusal clearly, the sign-off, the form PDF download and no-COUNT paging."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from silajar.accounts.roles import Role
from silajar.core.access import get_visible_or_404, visible
from silajar.core.downloads import document_response
from silajar.core.errors import ActionForbidden, Conflict, DomainError
from silajar.core.paging import page_number
from silajar.tickets import selectors, services
from silajar.tickets.choices import PRIORITY_RANK, TicketState
from silajar.tickets.documents import (
    checklist_rows,
    disruption_form_filename,
    render_disruption_form,
)
from silajar.tickets.forms.actions import ResolveForm, SignOffForm
from silajar.tickets.models import Ticket
from silajar.tickets.workflows import TICKET_FLOW

PAGE_SIZE = 25
QUEUE_STATES = (TicketState.DISPATCHED, TicketState.IN_PROGRESS)


# --- shared with the portal ------------------------------------------------------------------


def posted_form(form_class, request):
    """An action's form as the phone and the portal post it: without a prefix, and the version
    the user saw optional (a missing one is not checked)."""
    form = form_class(request.POST, request.FILES)
    form.fields["version"].required = False
    return form


def posted_version(request) -> int | None:
    """The version the user saw (hidden `version`); None when not sent."""
    try:
        return int(request.POST.get("version", ""))
    except (TypeError, ValueError):
        return None


def allowed(ticket: Ticket, user, action: str) -> bool:
    try:
        TICKET_FLOW.check(ticket, action, user)
    except DomainError:
        return False
    return True


def perform(
    request,
    ticket: Ticket,
    action: Callable[..., object],
    *,
    success: str,
    on_error: Callable[..., HttpResponse],
    redirect_to: str,
    forms: dict | None = None,
    **kwargs,
) -> HttpResponse:
    """Run one service call for the page; refusals re-render the page with the reason:
    403 (not allowed), 409 (someone else acted first / state moved on), 400 (bad input)."""
    try:
        action(ticket=ticket, actor=request.user, **kwargs)
    except ActionForbidden as error:
        return on_error(request, ticket, error=error.message, status=403, forms=forms)
    except Conflict as error:
        ticket.refresh_from_db()
        message = _("%(reason)s The page now shows the ticket as it is.") % {
            "reason": error.message
        }
        return on_error(request, ticket, error=message, status=409)
    except DomainError as error:
        posted = [form for form in (forms or {}).values() if form is not None]
        for form in posted:  # the refusal on the form; the page's notice when there is none
            error.add_to_form(form)
        notice = None if posted else error.message
        return on_error(request, ticket, error=notice, status=400, forms=forms)
    messages.success(request, success)
    return redirect(redirect_to, pk=ticket.pk)


def perform_form(
    request,
    ticket: Ticket,
    form,
    form_name: str,
    action: Callable[..., object],
    *,
    invalid: str,
    success: str,
    on_error: Callable[..., HttpResponse],
    redirect_to: str,
    inputs: Callable[[], dict] | None = None,
) -> HttpResponse:
    """A form posted on a ticket's page: not valid, the page again with `invalid`; valid,
    `perform` the service `action` with `inputs()` (by default the form's cleaned data)."""
    if not form.is_valid():
        return on_error(request, ticket, error=invalid, status=400, forms={form_name: form})
    return perform(
        request,
        ticket,
        action,
        success=success,
        on_error=on_error,
        redirect_to=redirect_to,
        forms={form_name: form},
        **(inputs() if inputs else form.cleaned_data),
    )


def _version_and_inputs(form) -> Callable[[], dict]:
    return lambda: {"version": form.cleaned_data["version"], **form.inputs()}


def sign_off(request, ticket: Ticket, *, on_error, redirect_to: str) -> HttpResponse:
    form = posted_form(SignOffForm, request)
    return perform_form(
        request,
        ticket,
        form,
        "sign_form",
        services.ticket_sign_off,
        invalid=_("Check the sign-off form."),
        success=_("The form is signed and the ticket is closed."),
        on_error=on_error,
        redirect_to=redirect_to,
        inputs=_version_and_inputs(form),
    )


def form_pdf_response(ticket: Ticket) -> HttpResponse:
    return document_response(
        render_disruption_form(ticket), disruption_form_filename(ticket), inline=False
    )


def page_without_count(request, queryset: QuerySet, size: int = PAGE_SIZE) -> dict:
    """One page of an ordered queryset, reading size+1 rows instead of counting the table."""
    number = page_number(request.GET.get("page")) or 1
    start = (number - 1) * size
    rows = list(queryset[start : start + size + 1])
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "rows": rows[:size],
        "number": number,
        "has_previous": number > 1,
        "has_next": len(rows) > size,
        "previous_number": number - 1,
        "next_number": number + 1,
        "query": query.urlencode(),
    }


def tel_href(phone: str) -> str:
    digits = re.sub(r"[^\d+]", "", phone or "")
    return f"tel:{digits}" if digits else ""


# --- the technician's views ------------------------------------------------------------------


def _technician_required(user) -> None:
    if not user.has_role(Role.TECHNICIAN):
        raise PermissionDenied(_("This page is for network technicians."))


def _staff_required(user) -> None:
    if not user.is_internal_staff:
        raise PermissionDenied(_("This page is for Diskominfo staff."))


def queue_for(user) -> QuerySet[Ticket]:
    """The tickets assigned to `user` that still need work, most urgent first:
    priority, then the resolution deadline (none last), then the oldest."""
    rank = Case(
        *[When(priority=code, then=Value(r)) for code, r in PRIORITY_RANK.items()],
        default=Value(len(PRIORITY_RANK)),
        output_field=IntegerField(),
    )
    return (
        visible(user, Ticket)
        .filter(assigned_to=user, state__in=QUEUE_STATES)
        .select_related("organization", "location", "category")
        .annotate(urgency=rank)
        .order_by("urgency", F("sla_resolution_due_at").asc(nulls_last=True), "created_at", "pk")
    )


def field_queue_view(request):
    _technician_required(request.user)
    page = page_without_count(request, queue_for(request.user))
    return render(request, "tickets/field_queue.html", {"page": page})


def render_field_detail(request, ticket: Ticket, *, error=None, status=200, forms=None):
    user = request.user
    forms = forms or {}
    ticket = Ticket.objects.select_related(
        "organization", "location", "category", "assigned_to"
    ).get(pk=ticket.pk)
    can_sign = allowed(ticket, user, "sign_off")
    context = {
        "ticket": ticket,
        "error": error,
        "tel": tel_href(ticket.reporter_phone),
        "map_url": ticket.location.map_url if ticket.location else "",
        "can_start": allowed(ticket, user, "start"),
        "can_resolve": allowed(ticket, user, "resolve"),
        "can_sign": can_sign,
        "resolve_form": forms.get("resolve_form") or ResolveForm.for_action(ticket, prefix=""),
        "sign_form": forms.get("sign_form") or SignOffForm.for_action(ticket, prefix=""),
        "comments": selectors.comment_list(ticket=ticket, user=user).order_by("-created_at")[:20],
        "is_mine": ticket.assigned_to_id == user.pk,
        "checklist": checklist_rows(ticket),
    }
    return render(request, "tickets/field_detail.html", context, status=status)


def field_detail_view(request, pk: int):
    _staff_required(request.user)
    return render_field_detail(request, get_visible_or_404(request.user, Ticket, pk=pk))


@require_POST
def field_start_view(request, pk: int):
    _staff_required(request.user)
    ticket = get_visible_or_404(request.user, Ticket, pk=pk)
    return perform(
        request,
        ticket,
        services.ticket_start,
        success=_("Work started. The ticket is in progress."),
        on_error=render_field_detail,
        redirect_to="tickets:field_detail",
        version=posted_version(request),
    )


@require_POST
def field_resolve_view(request, pk: int):
    _staff_required(request.user)
    ticket = get_visible_or_404(request.user, Ticket, pk=pk)
    form = posted_form(ResolveForm, request)
    return perform_form(
        request,
        ticket,
        form,
        "resolve_form",
        services.ticket_resolve,
        invalid=_("Report the problem found and the action taken."),
        success=_("The ticket is resolved. Ask the user to sign the form."),
        on_error=render_field_detail,
        redirect_to="tickets:field_detail",
        inputs=_version_and_inputs(form),
    )


@require_POST
def field_sign_view(request, pk: int):
    _staff_required(request.user)
    ticket = get_visible_or_404(request.user, Ticket, pk=pk)
    return sign_off(
        request, ticket, on_error=render_field_detail, redirect_to="tickets:field_detail"
    )


def field_form_pdf_view(request, pk: int):
    """The disruption form to print or show, filled with what is known so far."""
    return form_pdf_response(get_visible_or_404(request.user, Ticket, pk=pk))
