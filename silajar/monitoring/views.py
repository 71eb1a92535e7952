"""The monitor's pages: the status board (its groups refreshed every 10 seconds by HTMX
asking the same address for the fragment), a target's page (settings, state, latency chart,
downtimes, history), and the target forms of the network administrator (add, edit, pause,
resume, delete against the version seen)."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from silajar.core.access import get_visible_or_404
from silajar.core.audit import audit_timeline
from silajar.core.form_views import record_form_views, submit_form
from silajar.core.htmx import is_htmx
from silajar.core.paging import list_queries
from silajar.monitoring import board, charts, selectors, services
from silajar.monitoring.choices import TargetState
from silajar.monitoring.forms import BoardFilterForm, TargetForm, VersionForm
from silajar.monitoring.models import Target
from silajar.providers.views.common import filters_of, require_internet_side

REFRESH_SECONDS = 10
DOWNTIMES_SHOWN = 50
TIMELINE_LIMIT = 50
# the target page's chart: (label, span, bucket); the first is the default
RANGES = {
    "24h": (_("Last 24 hours"), timedelta(hours=24), timedelta(minutes=1)),
    "30d": (_("Last 30 days"), timedelta(days=30), timedelta(hours=1)),
}


@require_GET
def board_view(request):
    """The status board, a page of groups at a time (`board.BOARD_PAGE_SIZE`) with the
    count of groups in each state; HTMX's poll gets the page's groups only, without the
    availability bars (the page keeps those it has: they change once a day), and only when
    something changed since its page was drawn (`seen`; else only its "as of", out of band,
    and nothing else swapped)."""
    require_internet_side(request.user)
    form = BoardFilterForm(request.GET or None, user=request.user)
    now = timezone.now()
    poll = is_htmx(request)
    filters = filters_of(form)
    seen = board.board_seen(user=request.user, filters=filters, now=now)
    if poll and request.GET.get("seen") == seen:
        # nothing changed since this poll's page: only its "as of" moves (out of band)
        response = render(request, "monitoring/_board_stamp.html", {"now": now, "oob": True})
        response["HX-Reswap"] = "none"
        return response
    shown = board.board(
        user=request.user,
        filters=filters,
        now=now,
        with_days=not poll,
        page=request.GET.get("page"),
    )
    for group in shown.groups:
        group.bar = charts.day_bar(group.days)
        for item in group.targets:
            item.spark = charts.sparkline(item.hour, now=now)
    query = _without(list_queries(request)[0], "seen")
    context = {
        "form": form,
        "groups": shown.groups,
        "page": shown.page,
        "states": [
            (state, label, shown.states.get(state, 0), TargetState.colour(state))
            for state, label in TargetState.choices
        ],
        "state_filter": filters.get("state"),
        "now": now,
        "seen": seen,
        "query": query,
        "unstated": _without(query, "state"),
        "refresh_seconds": REFRESH_SECONDS,
        "can_add": services.TARGET_KEEPERS.may(request.user),
    }
    template = "monitoring/_board.html" if poll else "monitoring/board.html"
    return render(request, template, context)


def _without(query: str, name: str) -> str:
    """A query string without the parameter `name`."""
    data = QueryDict(query, mutable=True)
    data.pop(name, None)
    return data.urlencode()


def _require_keeper(user) -> None:
    if not services.TARGET_KEEPERS.may(user):
        raise PermissionDenied


def _target_context(request, target: Target) -> dict:
    user = request.user
    chosen = request.GET.get("range") if request.GET.get("range") in RANGES else "24h"
    _label, span, step = RANGES[chosen]
    now = timezone.now()
    start = now - span
    found = selectors.samples(target, start=start, end=now)
    may_change = services.TARGET_KEEPERS.may(user)
    return {
        "object": target,
        "state": selectors.effective_state(target),
        "chart": charts.latency_chart(found, start=start, end=now, step=step),
        "ranges": [(key, label) for key, (label, _s, _b) in RANGES.items()],
        "range": chosen,
        "downtimes": selectors.downtime_list(user=user, target=target)[:DOWNTIMES_SHOWN],
        "can_change": may_change,
        "version_form": VersionForm(initial={"version": target.version}) if may_change else None,
        "timeline": audit_timeline(target)[:TIMELINE_LIMIT],
    }


@require_GET
def target_detail_view(request, pk: int):
    target = get_visible_or_404(request.user, Target, pk=pk)
    return render(request, "monitoring/target_detail.html", _target_context(request, target))


target_create_view, target_edit_view = record_form_views(
    Target,
    TargetForm,
    may=services.TARGET_KEEPERS.may,
    create=services.target_create,
    update=lambda *, obj, **change: services.target_update(target=obj, **change),
    created=_("The target has been added."),
    saved=_("Changes saved."),
    form_kwargs=lambda request: {"user": request.user},
)


def _target_action(request, pk: int, *, act, message, then):
    """An action on a target from its page, against the version seen (`act(target, version)`);
    a refusal is shown on the page again."""
    target = get_visible_or_404(request.user, Target, pk=pk)
    _require_keeper(request.user)
    form = VersionForm(request.POST)
    response = submit_form(
        request, form, lambda data: act(target, data["version"]), message=str(message), then=then
    )
    if response is not None:
        return response
    context = _target_context(request, Target.objects.get(pk=target.pk))
    context["action_form"] = form
    return render(request, "monitoring/target_detail.html", context, status=400)


def _to_page(target: Target):
    return redirect(target.get_absolute_url())


@require_POST
def target_pause_view(request, pk: int, paused: bool):
    """Pause a target (`paused`) or have it probed again."""
    return _target_action(
        request,
        pk,
        act=lambda target, version: services.target_set_paused(
            actor=request.user, target=target, paused=paused, expected_version=version
        ),
        message=_("The target is paused.") if paused else _("The target is probed again."),
        then=_to_page,
    )


@require_POST
def target_delete_view(request, pk: int):
    return _target_action(
        request,
        pk,
        act=lambda target, version: services.target_delete(
            actor=request.user, target=target, expected_version=version
        ),
        message=_("The target has been deleted."),
        then=lambda _none: redirect(reverse("monitoring:board")),
    )
