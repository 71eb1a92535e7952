from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required, permission_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.dateparse import parse_date
from django.views import defaults
from django.views.decorators.cache import never_cache

from silajar.core.api import api_bad_request, api_not_found, api_server_error, query_id
from silajar.core.audit import audit_search
from silajar.core.validators import filter_date_validator

User = get_user_model()
AUDITED_APPS = ["accounts", "organizations", "core"]


@login_not_required
@never_cache
def healthz(request):
    """Liveness and database check for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
def ping(request):
    """204 for a signed-in user, and nothing else: the whole middleware stack (session, sign-in,
    two-factor) without a page. The benchmarks' floor; a monitor's check that signing in works."""
    return HttpResponse(status=204)


@permission_required("core.view_auditevent", raise_exception=True)
def audit_log_view(request):
    """Superusers search the whole audit trail."""
    params = request.GET
    actor_id = params.get("actor", "")
    content_type_id = params.get("type", "")
    events = audit_search(
        q=params.get("q", "").strip(),
        action=params.get("action", "").strip(),
        actor_id=query_id(actor_id),
        content_type_id=query_id(content_type_id),
        date_from=_filter_date(params.get("from")),
        date_to=_filter_date(params.get("to")),
    )
    page = Paginator(events, 50).get_page(params.get("page"))
    return render(
        request,
        "core/audit_log.html",
        {
            "page": page,
            "params": params,
            "types": ContentType.objects.filter(app_label__in=AUDITED_APPS).order_by("model"),
            "actors": User.objects.filter(is_active=True)
            .order_by("full_name")
            .only("id", "full_name"),
        },
    )


def _filter_date(value: str | None) -> date | None:
    """A filter's date from the query string; None when it is not one (or out of range)."""
    try:
        day = parse_date(value or "")
        if day is not None:
            filter_date_validator(day)
    except (ValueError, ValidationError):
        return None
    return day


def bad_request(request, exception=None):
    """400 for a request refused before its view: the API's error shape under /api/."""
    if request.path.startswith("/api/"):
        return api_bad_request(request, exception)
    return defaults.bad_request(request, exception)


def page_not_found(request, exception=None):
    """404: the API's error shape under /api/, the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return api_not_found(request, exception)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """500 when DEBUG is off: the API's error shape under /api/, the site's page elsewhere.
    Django logs the exception (logger `django.request`) before it calls this."""
    if request.path.startswith("/api/"):
        return api_server_error(request)
    return defaults.server_error(request)
