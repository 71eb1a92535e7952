from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required, permission_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.dateparse import parse_date
from django.views import defaults
from django.views.decorators.cache import never_cache

from silajar.core.api import api_not_found, api_server_error
from silajar.core.audit import audit_search

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
        actor_id=int(actor_id) if actor_id.isdigit() else None,
        content_type_id=int(content_type_id) if content_type_id.isdigit() else None,
        date_from=parse_date(params.get("from", "") or "")
        if _is_date(params.get("from"))
        else None,
        date_to=parse_date(params.get("to", "") or "") if _is_date(params.get("to")) else None,
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


def _is_date(value) -> bool:
    try:
        return bool(value) and parse_date(value) is not None
    except ValueError:
        return False


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
