"""Home dashboard cards per role. Every number is counted from the database, scoped by the
access module; each procedure's app adds its own cards here as it lands."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from silajar.accounts.models import User
from silajar.core.access import visible
from silajar.core.models import AuditEvent, Holiday
from silajar.organizations.models import Location, Organization


@dataclass(frozen=True)
class Card:
    """A number on the home page; `action` says where its link leads ("View open tickets")."""

    label: str | Promise
    value: int
    url: str = ""
    icon: str = "circle"
    action: str | Promise = ""


def dashboard_for(user) -> list[Card]:
    cards: list[Card] = []
    orgs = visible(user, Organization)
    places = visible(user, Location)
    if user.is_internal_staff:
        cards.append(
            Card(
                _("Active agencies"),
                orgs.filter(is_active=True).count(),
                reverse("organizations:list"),
                "building",
                _("View agencies"),
            )
        )
        cards.append(
            Card(
                _("Registered places"),
                places.filter(is_active=True).count(),
                reverse("organizations:list"),
                "geo-alt",
                _("View agencies and their places"),
            )
        )
        today = timezone.localdate()
        cards.append(
            Card(
                _("Holidays in the next 90 days"),
                Holiday.objects.filter(
                    date__gte=today, date__lte=today + timedelta(days=90)
                ).count(),
                reverse("calendar:holidays"),
                "calendar3",
                _("View the holiday calendar"),
            )
        )
    cards.extend(ticket_cards(user))
    cards.extend(installation_cards(user))
    if user.is_administrator:
        cards.append(
            Card(
                _("Active users"),
                User.objects.filter(is_active=True).count(),
                reverse("accounts:user_list"),
                "people",
                _("Manage users"),
            )
        )
    if user.has_perm("core.view_auditevent"):
        since = timezone.now() - timedelta(hours=24)
        cards.append(
            Card(
                _("Recorded changes in 24 hours"),
                AuditEvent.objects.filter(created_at__gte=since).count(),
                reverse("audit_log"),
                "clock-history",
                _("View the audit log"),
            )
        )
    return cards


def ticket_cards(user) -> list[Card]:
    """The complaint desk: open tickets, those at risk or breached, the open ones by confirmed
    fault domain (intranet: single device or site LAN; internet: provider link or upstream),
    and the user's own queue."""
    from silajar.tickets.choices import (
        INTERNET_DOMAINS,
        INTRANET_DOMAINS,
        OPEN_STATES,
        FaultDomain,
        SlaStatus,
    )
    from silajar.tickets.models import Ticket

    if not user.is_internal_staff:
        return []
    tickets = visible(user, Ticket).filter(state__in=OPEN_STATES)
    counts = tickets.aggregate(
        open=Count("pk"),
        attention=Count("pk", filter=Q(sla_status__in=[SlaStatus.AT_RISK, SlaStatus.BREACHED])),
        intranet=Count("pk", filter=Q(fault_domain__in=INTRANET_DOMAINS)),
        internet=Count("pk", filter=Q(fault_domain__in=INTERNET_DOMAINS)),
    )
    url = reverse("tickets:list")
    cards = [
        Card(
            _("Open tickets"),
            counts["open"],
            f"{url}?state=open",
            "life-preserver",
            _("View open tickets"),
        ),
        Card(
            _("Tickets at risk or breached"),
            counts["attention"],
            f"{url}?state=open&sla=attention",
            "exclamation-triangle",
            _("View tickets that need attention"),
        ),
        Card(
            _("Open tickets: intranet faults"),
            counts["intranet"],
            f"{url}?state=open&fault_domain={FaultDomain.INTRANET}",
            "diagram-3",
            _("View the intranet faults"),
        ),
        Card(
            _("Open tickets: internet faults"),
            counts["internet"],
            f"{url}?state=open&fault_domain={FaultDomain.INTERNET}",
            "globe",
            _("View the internet faults"),
        ),
    ]
    mine = tickets.filter(assigned_to=user).count()
    if mine or user.has_role("technician"):
        cards.append(
            Card(_("Assigned to me"), mine, f"{url}?mine=on", "person-check", _("View my tickets"))
        )
    return cards


def installation_cards(user) -> list[Card]:
    """Installation requests: open ones, steps past their due time, and the user's own turn."""
    from silajar.installations.choices import OPEN_STATES, RequestState
    from silajar.installations.models import InstallationRequest

    if not (user.is_internal_staff or user.is_agency_user):
        return []
    requests = visible(user, InstallationRequest).filter(state__in=OPEN_STATES)
    url = reverse("installations:list")
    cards = [
        Card(
            _("Open installation requests"),
            requests.count(),
            f"{url}?state=open",
            "hdd-network",
            _("View open requests"),
        ),
        Card(
            _("Installation steps overdue"),
            requests.filter(step_overdue=True).count(),
            f"{url}?state=open&overdue=on",
            "hourglass-bottom",
            _("View overdue requests"),
        ),
    ]
    if user.has_role("technician"):
        mine = requests.filter(technician=user).count()
        cards.append(
            Card(
                _("Installations assigned to me"),
                mine,
                f"{url}?mine=on",
                "tools",
                _("View my installations"),
            )
        )
    elif user.is_agency_user:
        waiting = requests.filter(
            state__in=[RequestState.AWAITING_EQUIPMENT, RequestState.INSTALLED]
        ).count()
        cards.append(
            Card(
                _("Installations waiting for my agency"),
                waiting,
                f"{url}?state=open",
                "pen",
                _("View the requests waiting for us"),
            )
        )
    return cards
