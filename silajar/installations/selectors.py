"""Reading installation requests: what a user may see, filtered and sorted as the list page and
the API ask (one function for both; both paged by `core.paging` with `INSTALLATION_SORTS`)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet

from silajar.core.access import visible
from silajar.core.calendar import local_day_start
from silajar.core.paging import Sorts
from silajar.core.search import text_match
from silajar.installations.choices import DEFAULT_STEP_DAYS, OPEN_STATES
from silajar.installations.models import InstallationRequest, StepTarget

STATE_OPEN = "open"
SORTS = {
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
    "number": ("number",),
    "-number": ("-number",),
    "state": ("state", "-created_at"),
    "-state": ("-state", "-created_at"),
    "due": ("step_due_at", "-created_at"),
    "-due": ("-step_due_at", "-created_at"),
    "agency": ("organization__short_name", "-created_at"),
    "-agency": ("-organization__short_name", "-created_at"),
}
DEFAULT_SORT = "-created"
# a step's due time is NULL once the request is closed: those sort last either way
INSTALLATION_SORTS = Sorts(
    SORTS, default=DEFAULT_SORT, salt="silajar.installations.cursor", nullable={"step_due_at"}
)


def installations_for(*, user) -> QuerySet[InstallationRequest]:
    """The requests `user` may see, with what the lists and pages show."""
    return visible(user, InstallationRequest).select_related(
        "organization", "location", "technician", "created_by", "reply_letter_signer"
    )


# what the search box looks in
SEARCHED = ("number", "subject", "letter_number", "reply_letter_number")


def installation_list(*, user, filters: dict) -> QuerySet[InstallationRequest]:
    """The requests `user` may see that match `filters` (cleaned list-filter values)."""
    installations = installations_for(user=user)
    q = (filters.get("q") or "").strip()
    if q:
        installations = installations.filter(text_match(q, SEARCHED))
    state = filters.get("state")
    if state == STATE_OPEN:
        installations = installations.filter(state__in=OPEN_STATES)
    elif state:
        installations = installations.filter(state=state)
    if filters.get("organization"):
        installations = installations.filter(organization_id=filters["organization"])
    if filters.get("technician"):
        installations = installations.filter(technician_id=filters["technician"])
    if filters.get("mine"):
        installations = installations.filter(technician=user)
    if filters.get("overdue"):
        installations = installations.filter(step_overdue=True, state__in=OPEN_STATES)
    if filters.get("created_from"):
        installations = installations.filter(
            created_at__gte=local_day_start(filters["created_from"])
        )
    if filters.get("created_to"):
        end = local_day_start(filters["created_to"] + timedelta(days=1))
        installations = installations.filter(created_at__lt=end)
    return installations.order_by(*INSTALLATION_SORTS.order_by(filters.get("sort")))


def step_days(state: str) -> int | None:
    """Working days the step `state` may take: the stored target, else the SOP's default."""
    if state not in OPEN_STATES:
        return None
    stored = StepTarget.objects.filter(state=state).values_list("working_days", flat=True).first()
    return stored or DEFAULT_STEP_DAYS.get(state)
