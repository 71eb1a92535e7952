"""Intranet or internet? The evidence panel on the desk's pages — the ticket page, the
technician's view and the intake screen — from what a procedure above the desk registered in
`tickets.evidence` (the monitoring), and the desk's confirmation of the fault domain.

The evidence is for Diskominfo staff; without a registration no panel is shown."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from silajar.core.access import get_visible_or_404, visible
from silajar.core.errors import ActionForbidden, Conflict, DomainError
from silajar.organizations.models import Organization
from silajar.tickets import evidence as hooks
from silajar.tickets import selectors, services
from silajar.tickets.choices import FaultDomain, TicketState
from silajar.tickets.forms.desk import FaultDomainForm
from silajar.tickets.models import Ticket

FINISHED = (TicketState.CLOSED, TicketState.CANCELLED)


def evidence_context(request, ticket: Ticket, *, back: str, escalate_url: str = "") -> dict:
    """What a ticket's page adds for the panel: `evidence` (None: no panel), the confirmation
    form when the user may confirm, and the one-click escalation when it is open to the user."""
    hook = hooks.registered()
    if hook is None or not request.user.is_internal_staff:
        return {"evidence": None}
    evidence = hook.for_ticket(ticket)
    may_confirm = ticket.state not in FINISHED and services.may_confirm_fault_domain(
        user=request.user, ticket=ticket
    )
    return {
        "evidence": evidence,
        "domain_form": FaultDomainForm.for_evidence(ticket, evidence, back=back)
        if may_confirm
        else None,
        "escalate_url": escalate_url,
    }


@require_POST
def fault_domain_view(request, pk: int) -> HttpResponse:
    """Confirm or correct the ticket's fault domain; back to the page it came from."""
    if not request.user.is_internal_staff:
        raise PermissionDenied
    ticket = get_visible_or_404(request.user, Ticket, pk=pk)
    form = FaultDomainForm(request.POST)
    back = "tickets:field_detail" if request.POST.get("back") == "field" else "tickets:detail"
    if not form.is_valid():
        messages.error(request, _("Choose one of the fault domains."))
        return redirect(back, pk=pk)
    data = form.cleaned_data
    try:
        ticket = services.ticket_confirm_fault_domain(
            ticket=ticket,
            actor=request.user,
            domain=data["domain"],
            version=data["version"],
            proposed=data.get("proposed") or "",
        )
    except ActionForbidden as error:
        context = {"reason": error.message, "back": reverse(back, args=[pk])}
        return render(request, "core/forbidden.html", context, status=403)
    except Conflict:
        messages.error(
            request,
            _(
                "The ticket was changed by someone else in the meantime. "
                "Below is its current state; make your change again."
            ),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Fault domain recorded: %(domain)s.") % {"domain": ticket.get_fault_domain_display()},
        )
    return redirect(back, pk=pk)


@require_GET
def intake_evidence_view(request) -> HttpResponse:
    """The intake screen's panel: the evidence of the chosen agency's place now, with the
    fault domain's select preset to the proposal (posted with the call)."""
    if not request.user.is_internal_staff:
        raise PermissionDenied
    hook = hooks.registered()
    organization_id = request.GET.get("organization") or ""
    if hook is None or not (organization_id.isascii() and organization_id.isdigit()):
        return HttpResponse("")
    organization = visible(request.user, Organization).filter(pk=organization_id).first()
    if organization is None:
        return HttpResponse("")
    location_id = request.GET.get("location") or ""
    location = None
    if location_id.isascii() and location_id.isdigit():
        location = (
            selectors.locations_of(user=request.user, organization_id=organization.pk)
            .filter(pk=location_id)
            .first()
        )
    context = {
        "evidence": hook.for_place(organization, location),
        "intake": True,
        "domain_choices": FaultDomain.choices,
    }
    return render(request, "monitoring/_evidence_panel.html", context)
