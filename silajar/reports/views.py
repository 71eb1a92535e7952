from django.shortcuts import render

from silajar.accounts.roles import Role
from silajar.reports.dashboard import dashboard_for


def home_view(request):
    """The home dashboard: real counts of what the user's roles care about."""
    user = request.user
    return render(
        request,
        "reports/home.html",
        {
            "cards": dashboard_for(user),
            "role_labels": [Role(code).label for code in sorted(user.role_codes)],
        },
    )
