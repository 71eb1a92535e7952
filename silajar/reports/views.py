from django.shortcuts import render

from silajar.accounts.roles import Role
from silajar.core.access import visible
from silajar.installations.choices import OPEN_STATES as OPEN_REQUEST_STATES
from silajar.installations.models import InstallationRequest
from silajar.installations.views.pages import may_file
from silajar.reports.dashboard import dashboard_for
from silajar.tickets.choices import OPEN_STATES as OPEN_TICKET_STATES
from silajar.tickets.models import Ticket

# how many of the agency's open tickets and requests its home page lists
AGENCY_HOME_ROWS = 5


def home_view(request):
    """The home page: for agency staff, "report a problem" and their agency's open tickets and
    requests; for everyone else, real counts of what their roles care about."""
    user = request.user
    if user.is_agency_user and not user.is_internal_staff:
        return _agency_home(request)
    return render(
        request,
        "reports/home.html",
        {
            "cards": dashboard_for(user),
            "role_labels": [Role(code).label for code in sorted(user.role_codes)],
        },
    )


def _agency_home(request):
    user = request.user
    tickets = (
        visible(user, Ticket)
        .filter(state__in=OPEN_TICKET_STATES)
        .select_related("organization", "location")
        .order_by("-created_at", "-pk")
    )
    requests = (
        visible(user, InstallationRequest)
        .filter(state__in=OPEN_REQUEST_STATES)
        .select_related("organization", "location")
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "reports/agency_home.html",
        {
            "tickets": tickets[:AGENCY_HOME_ROWS],
            "requests": requests[:AGENCY_HOME_ROWS],
            "may_request": may_file(user),
        },
    )
