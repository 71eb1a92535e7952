"""Link pages: the list (filters, export), the link's page (its outages with their end and
correction forms, the maintenance windows that cover it, its history), its form, and the
outage record / correct pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from silajar.core.access import get_visible_or_404
from silajar.core.audit import audit_timeline
from silajar.core.form_views import list_form_views, submit_form
from silajar.providers import selectors, services
from silajar.providers.access import provider_of
from silajar.providers.exports import LINK_EXPORT
from silajar.providers.forms.records import (
    LinkFilterForm,
    LinkForm,
    OutageCorrectForm,
    OutageEndForm,
    OutageForm,
    OutageProposalForm,
)
from silajar.providers.models import Link, Outage
from silajar.providers.services.outages import CORRECTED_FIELDS
from silajar.providers.services.rules import is_network_admin
from silajar.providers.views.common import RecordList
from silajar.providers.views.providers import SAID, TIMELINE_LIMIT

OUTAGES_SHOWN = 50


link_list_view, link_export_view = RecordList(
    form=LinkFilterForm,
    rows=selectors.link_list,
    sorts=selectors.LINK_SORTS,
    template="providers/link_list.html",
    export=LINK_EXPORT,
).views()


def _is_provider_account(user) -> bool:
    return provider_of(user) is not None and not user.is_internal_staff


def _link_context(request, link: Link, outage_form=None) -> dict:
    user = request.user
    may_record = services.may_record_outages(user=user, provider_id=link.provider_id)
    may_decide = is_network_admin(user)
    outages = selectors.outage_list(user=user, link=link, filters={})[:OUTAGES_SHOWN]
    return {
        "object": link,
        "can_change": services.may_manage_providers(user),
        "can_record": may_record,
        "outages": [
            {
                "obj": outage,
                "end_form": OutageEndForm(initial={"version": outage.version})
                if may_record and outage.ended_at is None
                else None,
                "can_correct": may_record and services.may_correct_outage(user=user, outage=outage),
                "proposal_form": OutageProposalForm(initial={"version": outage.version})
                if may_decide and outage.proposed_exclusion
                else None,
            }
            for outage in outages
        ],
        "outage_form": outage_form
        or (OutageForm(provider_account=_is_provider_account(user)) if may_record else None),
        "windows": selectors.window_list(user=user, filters={"link": link.pk})[:10],
        "timeline": audit_timeline(link)[:TIMELINE_LIMIT],
    }


@require_GET
def link_detail_view(request, pk: int):
    link = get_visible_or_404(request.user, Link, pk=pk)
    return render(request, "providers/link_detail.html", _link_context(request, link))


link_create_view, link_edit_view = list_form_views(services.LINKS, LinkForm, said=SAID)


def _require_recorder(user, link: Link) -> None:
    if not services.may_record_outages(user=user, provider_id=link.provider_id):
        raise PermissionDenied


def outage_create_view(request, pk: int):
    link = get_visible_or_404(request.user, Link, pk=pk)
    _require_recorder(request.user, link)
    form = OutageForm(request.POST or None, provider_account=_is_provider_account(request.user))
    response = submit_form(
        request,
        form,
        lambda data: services.outage_record(actor=request.user, link=link, **data),
        message=str(_("The outage has been recorded.")),
        then=_to_outages(link),
    )
    return response or render(
        request, "providers/outage_form.html", {"form": form, "link": link, "object": None}
    )


def _to_outages(link: Link):
    """Where an outage's form goes once saved: the link's outages."""
    return lambda _outage: redirect(f"{link.get_absolute_url()}#outages")


def _submit_from_link_page(request, link: Link, outage: Outage, form, save, message):
    """`submit_form` of a form posted beside `outage` on its link's page: back to the outages,
    or the page again with the refusal beside the outage."""
    response = submit_form(request, form, save, message=str(message), then=_to_outages(link))
    if response is not None:
        return response
    context = _link_context(request, link)
    context["end_errors"] = {outage.pk: form}
    return render(request, "providers/link_detail.html", context, status=400)


def _outage(request, pk: int, outage_pk: int) -> tuple[Link, Outage]:
    link = get_visible_or_404(request.user, Link, pk=pk)
    outage = get_visible_or_404(request.user, Outage, pk=outage_pk, link=link)
    _require_recorder(request.user, link)
    return link, outage


@require_POST
def outage_end_view(request, pk: int, outage_pk: int):
    link, outage = _outage(request, pk, outage_pk)
    return _submit_from_link_page(
        request,
        link,
        outage,
        OutageEndForm(request.POST),
        lambda data: services.outage_end(
            actor=request.user,
            outage=outage,
            ended_at=data.get("ended_at"),
            version=data["version"],
        ),
        _("The end of the outage has been recorded."),
    )


def outage_correct_view(request, pk: int, outage_pk: int):
    link, outage = _outage(request, pk, outage_pk)
    if not services.may_correct_outage(user=request.user, outage=outage):
        raise PermissionDenied
    form = OutageCorrectForm(
        request.POST or None, outage=outage, provider_account=_is_provider_account(request.user)
    )

    def save(data):
        changes = {name: data[name] for name in CORRECTED_FIELDS if name in data}
        if form.fields["exclusion"].disabled:
            changes.pop("exclusion", None)
        return services.outage_correct(
            actor=request.user,
            outage=outage,
            reason=data["reason"],
            data=changes,
            expected_version=data["version"],
        )

    response = submit_form(
        request,
        form,
        save,
        message=str(_("The correction has been recorded.")),
        then=_to_outages(link),
    )
    return response or render(
        request,
        "providers/outage_form.html",
        {
            "form": form,
            "link": link,
            "object": outage,
            "timeline": audit_timeline(outage)[:TIMELINE_LIMIT],
        },
    )


PROPOSAL_DECISIONS = {
    "confirm": (
        services.outage_confirm_proposed_exclusion,
        _("The proposed exclusion has been granted."),
    ),
    "dismiss": (
        services.outage_dismiss_proposed_exclusion,
        _("The proposed exclusion has been dismissed."),
    ),
}


@require_POST
def outage_proposal_view(request, pk: int, outage_pk: int, decision: str):
    """Confirm or dismiss the exclusion the monitor proposed for an outage (network
    administrator): back to the link's outages, a refusal shown there."""
    link = get_visible_or_404(request.user, Link, pk=pk)
    outage = get_visible_or_404(request.user, Outage, pk=outage_pk, link=link)
    if not is_network_admin(request.user):
        raise PermissionDenied
    if decision not in PROPOSAL_DECISIONS:
        raise Http404
    decide, message = PROPOSAL_DECISIONS[decision]
    return _submit_from_link_page(
        request,
        link,
        outage,
        OutageProposalForm(request.POST),
        lambda data: decide(actor=request.user, outage=outage, expected_version=data["version"]),
        message,
    )
