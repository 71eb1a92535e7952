"""The technician's phone view: my queue, the ticket on site, start, resolve, sign-off, the form.

Also the pieces the agency portal shares with it: running an action with its version and
showing a refusal clearly, the sign-off, the form PDF download and no-COUNT paging."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from silajar.accounts.roles import Role
from silajar.core.access import get_visible_or_404, visible
from silajar.core.downloads import document_response
from silajar.core.errors import ActionForbidden, Conflict, DomainError
from silajar.core.paging import page_number
from silajar.tickets import selectors
from silajar.tickets.choices import PRIORITY_RANK, TicketState
from silajar.tickets.documents import (
    checklist_rows,
    disruption_form_filename,
    render_disruption_form,
)
from silajar.tickets.forms.actions import ReasonForm, ResolveForm, SignOffForm
from silajar.tickets.models import Ticket
from silajar.tickets.views.evidence import evidence_context
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


def allowed(ticket: Ticket, user, action: str) -> bool:
    try:
        TICKET_FLOW.check(ticket, action, user)
    except DomainError:
        return False
    return True


def shown(ticket: Ticket) -> Ticket:
    """The ticket as its page shows it now, with what the page names (agency, place, …)."""
    related = ("organization", "location", "category", "assigned_to")
    return Ticket.objects.select_related(*related).get(pk=ticket.pk)


@dataclass(frozen=True)
class TicketPage:
    """A ticket's page outside the desk (the technician's phone, the agency's portal): how it
    reads the ticket for the user, how it shows the ticket again with a refusal (`render`,
    given the posted forms by name) and its route. Its forms post without a prefix."""

    load: Callable[[HttpRequest, int], Ticket]
    render: Callable[..., HttpResponse]
    route: str
    # where the page goes on after an action: its part (an anchor) for the next step
    next_part: Mapping[str, str] = field(default_factory=dict)

    def act(self, request, pk: int, name: str) -> HttpResponse:
        """Fire the workflow action `name` with the page form the ticket's table names for it;
        the form says what is missing (`invalid`), the action what is done (`done`)."""
        ticket = self.load(request, pk)
        form = posted_form(TICKET_FLOW.form_class(name), request)
        return self.submit(
            request,
            ticket,
            form,
            name,
            lambda ticket, **inputs: TICKET_FLOW.act(obj=ticket, action=name, **inputs),
            success=TICKET_FLOW.action(name).done,
            inputs=lambda: {"version": form.cleaned_data["version"], **form.inputs()},
        )

    def post(self, request, pk: int, form, name: str, service, *, success: str) -> HttpResponse:
        """A form named `name` that is not a workflow action (a comment, a rating), run through
        `service` with its cleaned data."""
        return self.submit(request, self.load(request, pk), form, name, service, success=success)

    def submit(self, request, ticket, form, name, service, *, success, inputs=None):
        """Not valid: the page again with the form's `invalid` summary; valid: `service` with
        `inputs()` (by default the cleaned data); refusals: the page again with the reason,
        403 (not allowed), 409 (someone else acted first / state moved on), 400 (bad input)."""
        forms = {name: form}
        if not form.is_valid():
            return self.render(request, ticket, error=form.invalid, status=400, forms=forms)
        try:
            service(
                ticket=ticket, actor=request.user, **(inputs() if inputs else form.cleaned_data)
            )
        except ActionForbidden as error:
            return self.render(request, ticket, error=error.message, status=403, forms=forms)
        except Conflict as error:
            ticket.refresh_from_db()
            message = _("%(reason)s The page now shows the ticket as it is.") % {
                "reason": error.message
            }
            return self.render(request, ticket, error=message, status=409)
        except DomainError as error:  # on the form; the page's notice when it shows no fields
            error.add_to_form(form)
            notice = None if form.visible_fields() else error.message
            return self.render(request, ticket, error=notice, status=400, forms=forms)
        messages.success(request, success)
        part = self.next_part.get(name)
        url = reverse(self.route, args=[ticket.pk])
        return redirect(f"{url}#{part}" if part else url)


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
    return render(request, "tickets/field_queue.html", {"page": page, "now": timezone.now()})


def render_field_detail(request, ticket: Ticket, *, error=None, status=200, forms=None):
    user, forms, ticket = request.user, forms or {}, shown(ticket)
    can_sign = allowed(ticket, user, "sign_off")
    context = {
        "ticket": ticket,
        "error": error,
        "tel": tel_href(ticket.reporter_phone),
        "map_url": ticket.location.map_url if ticket.location else "",
        "can_start": allowed(ticket, user, "start"),
        "can_resolve": allowed(ticket, user, "resolve"),
        "can_sign": can_sign,
        "resolve_form": forms.get("resolve") or ResolveForm.for_action(ticket, prefix=""),
        "sign_form": forms.get("sign_off") or SignOffForm.for_action(ticket, prefix=""),
        # not fixed here: the fault is the provider's, or it cannot be fixed on site
        "hand_back_forms": [
            (name, _distinct_ids(forms.get(name) or ReasonForm.for_action(ticket, prefix=""), name))
            for name in ("propose_escalation", "hand_back")
            if allowed(ticket, user, name)
        ],
        "comments": selectors.comment_list(ticket=ticket, user=user).order_by("-created_at")[:20],
        "is_mine": ticket.assigned_to_id == user.pk,
        "checklist": checklist_rows(ticket),
        **evidence_context(request, ticket, back="field"),
    }
    return render(request, "tickets/field_detail.html", context, status=status)


def _distinct_ids(form, name: str):
    """Two forms of one page posting the same fields (without a prefix): their own ids."""
    form.auto_id = f"id_{name}_%s"
    return form


def field_detail_view(request, pk: int):
    return render_field_detail(request, _field_ticket(request, pk))


def _field_ticket(request, pk: int) -> Ticket:
    _staff_required(request.user)
    return get_visible_or_404(request.user, Ticket, pk=pk)


FIELD_PAGE = TicketPage(
    load=_field_ticket,
    render=render_field_detail,
    route="tickets:field_detail",
    next_part={"resolve": "sign"},  # repaired: the user signs next
)


@require_POST
def field_action_view(request, pk: int, name: str):
    """Start, resolve, sign off, or hand the ticket back to the desk from the phone."""
    return FIELD_PAGE.act(request, pk, name)


def field_form_pdf_view(request, pk: int):
    """The disruption form to print or show, filled with what is known so far."""
    return form_pdf_response(get_visible_or_404(request.user, Ticket, pk=pk))
