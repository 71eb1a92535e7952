"""The agency users' self-service portal: self-help first, then report; follow the agency's
tickets, comment, reopen, rate, and sign the form on their own screen."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from silajar.core.access import get_visible_or_404, visible
from silajar.core.api import query_id
from silajar.core.downloads import attachment_response
from silajar.core.errors import ActionForbidden, DomainError
from silajar.tickets import selectors, services
from silajar.tickets.choices import Channel, Scope, TicketState
from silajar.tickets.forms.actions import SignOffForm
from silajar.tickets.forms.desk import CommentForm
from silajar.tickets.forms.portal import RatingForm, ReopenForm, ReportForm
from silajar.tickets.models import Category, Ticket
from silajar.tickets.views.field import (
    TicketPage,
    allowed,
    form_pdf_response,
    page_without_count,
    shown,
)
from silajar.tickets.workflows import within_reopen_window

SELF_HELP_SCOPES = (Scope.SINGLE_DEVICE, Scope.WHOLE_LOCATION)
FINISHED_STATES = (TicketState.CLOSED, TicketState.CANCELLED)
STATUS_FILTERS = {
    "open": gettext_lazy("Open (not finished)"),
    "closed": gettext_lazy("Finished"),
}


def _agency_user_required(user) -> None:
    if not user.is_agency_user or not user.organization_id:
        raise PermissionDenied(_("The portal is for users of an agency."))


# --- report a problem (self-help first) ------------------------------------------------------


def _self_help_scope(value: str) -> str | None:
    return value if value in SELF_HELP_SCOPES else None


def portal_report_view(request):
    """Step 1: who is affected and what kind of problem; step 2: the first-line steps of that
    case as self-help, the reporter ticking what they tried; step 3: the report, which keeps
    the steps tried."""
    user = request.user
    _agency_user_required(user)
    data = request.POST if request.method == "POST" else request.GET
    scope = _self_help_scope(data.get("scope", ""))
    category = _category(data.get("category"))
    stage = "scope"
    form = None
    steps = selectors.checklist_for(scope, category) if scope else []
    if scope:
        stage = "form" if request.method == "POST" or data.get("step") == "form" else "help"
    if stage == "form":
        initial = {
            "scope": scope,
            "category": category,
            "reporter_phone": user.phone,
            "tried": data.getlist("tried"),
        }
        form = ReportForm(
            request.POST or None, request.FILES or None, user=user, steps=steps, initial=initial
        )
        if request.method == "POST" and form.is_valid():
            ticket = _report(request, form)
            if ticket is not None:
                messages.success(
                    request,
                    _("Your report %(number)s has been sent to the Diskominfo helpdesk.")
                    % {"number": ticket.number},
                )
                return redirect("tickets:portal_detail", pk=ticket.pk)
    return render(
        request,
        "tickets/portal_report.html",
        {
            "stage": stage,
            "scope": scope,
            "scope_label": Scope(scope).label if scope else "",
            "scopes": [(s, Scope(s).label) for s in SELF_HELP_SCOPES],
            "category": category,
            "categories": Category.objects.filter(is_active=True),
            "steps": steps,
            "form": form,
        },
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )


def _category(value: str | None) -> Category | None:
    pk = query_id(value)
    return Category.objects.filter(pk=pk, is_active=True).first() if pk else None


def _report(request, form: ReportForm) -> Ticket | None:
    """Create the ticket and its attachment together: a bad file stores nothing."""
    data = form.cleaned_data
    user = request.user
    try:
        with transaction.atomic():
            ticket = services.ticket_create(
                actor=user,
                channel=Channel.WEB,
                organization=user.organization,
                description=data["description"],
                reporter=user,
                reporter_phone=data["reporter_phone"],
                reporter_unit=data["reporter_unit"],
                location=data["location"],
                location_detail=data["location_detail"],
                scope=data["scope"],
                category=data["category"],
                self_help=data["tried"],
            )
            if data.get("photo"):
                services.attachment_add(ticket=ticket, actor=user, upload=data["photo"])
    except ActionForbidden as error:
        raise PermissionDenied(error.message) from None
    except DomainError as error:
        error.add_to_form(form)
        return None
    return ticket


@require_POST
def portal_self_help_solved_view(request):
    """The self-help steps solved it: counted as deflected, no ticket."""
    user = request.user
    _agency_user_required(user)
    scope = _self_help_scope(request.POST.get("scope", ""))
    if scope is None:
        messages.error(request, _("Choose who is affected first."))
        return redirect("tickets:portal_report")
    known = {step.pk for step in selectors.checklist_for(scope)}
    steps = []
    for value in request.POST.getlist("steps"):
        try:
            step = int(value)
        except ValueError:
            continue
        if step in known:
            steps.append(step)
    services.deflection_record(actor=user, scope=scope, steps=steps)
    messages.success(
        request, _("Glad it works again. No ticket was needed — thank you for checking first.")
    )
    return redirect("tickets:portal_list")


# --- our agency's tickets --------------------------------------------------------------------


def portal_list_view(request):
    user = request.user
    _agency_user_required(user)
    tickets = visible(user, Ticket).select_related("location", "category")
    status = request.GET.get("status", "")
    if status == "open":
        tickets = tickets.exclude(state__in=FINISHED_STATES)
    elif status == "closed":
        tickets = tickets.filter(state__in=FINISHED_STATES)
    else:
        status = ""
    q = request.GET.get("q", "").strip()
    if q:
        tickets = (
            tickets.filter(number__iexact=q)
            if q.upper().startswith("TKT-")
            else (tickets.filter(description__icontains=q))
        )
    page = page_without_count(request, tickets.order_by("-created_at", "-id"))
    return render(
        request,
        "tickets/portal_list.html",
        {"page": page, "status": status, "q": q, "statuses": STATUS_FILTERS.items()},
    )


def _portal_ticket(request, pk: int) -> Ticket:
    _agency_user_required(request.user)
    return get_visible_or_404(request.user, Ticket, pk=pk)


def render_portal_detail(request, ticket: Ticket, *, error=None, status=200, forms=None):
    user, forms, ticket = request.user, forms or {}, shown(ticket)
    finished = ticket.state in (TicketState.RESOLVED, TicketState.CLOSED)
    reopen_refusal = within_reopen_window(ticket, user) if finished else None
    context = {
        "ticket": ticket,
        "error": error,
        "comments": selectors.comment_list(ticket=ticket, user=user),
        "attachments": selectors.attachment_list(ticket=ticket, user=user),
        "can_reopen": allowed(ticket, user, "reopen"),
        "reopen_refusal": reopen_refusal,
        "can_rate": ticket.state == TicketState.CLOSED,
        "can_sign": allowed(ticket, user, "sign_off"),
        "comment_form": forms.get("comment") or CommentForm(),
        "reopen_form": forms.get("reopen") or ReopenForm(initial={"version": ticket.version}),
        "rating_form": forms.get("rate")
        or RatingForm(initial={"rating": ticket.rating, "comment": ticket.rating_comment}),
        "sign_form": forms.get("sign_off")
        or SignOffForm(initial={"version": ticket.version, "signer_name": user.full_name}),
    }
    return render(request, "tickets/portal_detail.html", context, status=status)


def portal_detail_view(request, pk: int):
    return render_portal_detail(request, _portal_ticket(request, pk))


PORTAL_PAGE = TicketPage(
    load=_portal_ticket, render=render_portal_detail, route="tickets:portal_detail"
)
# the agency's forms that are not workflow actions: form, service, what is said when done
PORTAL_FORMS = {
    "comment": (CommentForm, services.comment_add, gettext_lazy("Your comment has been added.")),
    "reopen": (
        ReopenForm,
        services.ticket_reopen,
        gettext_lazy("The ticket is reopened; the helpdesk will take it up again."),
    ),
    "rate": (RatingForm, services.ticket_rate, gettext_lazy("Thank you for rating the service.")),
}


@require_POST
def portal_post_view(request, pk: int, name: str):
    """A comment, a reopening or a rating from the agency's ticket page."""
    form_class, service, success = PORTAL_FORMS[name]
    form = form_class(request.POST)
    return PORTAL_PAGE.post(request, pk, form, name, service, success=str(success))


@require_POST
def portal_action_view(request, pk: int, name: str):
    """Sign off from the agency's ticket page."""
    return PORTAL_PAGE.act(request, pk, name)


def portal_form_pdf_view(request, pk: int) -> HttpResponse:
    return form_pdf_response(_portal_ticket(request, pk))


def portal_attachment_view(request, pk: int, attachment_pk: int):
    ticket = _portal_ticket(request, pk)
    return attachment_response(
        selectors.attachment_list(ticket=ticket, user=request.user),
        attachment_pk,
        inline_images=False,
    )
