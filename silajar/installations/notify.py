"""Who hears about each hand-over of an installation request. Called after the change commits;
every notification has a key, so a retried task never notifies twice."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.installations.choices import STEP_RESPONSIBLE
from silajar.installations.models import InstallationRequest
from silajar.notifications.services import notify


def _holders(*roles: str) -> list[User]:
    return list(User.objects.filter(is_active=True, groups__name__in=roles).distinct())


def _agency(installation: InstallationRequest, *roles: str) -> list[User]:
    """The agency's users holding `roles`, and whoever filed the request."""
    users = list(
        User.objects.filter(
            is_active=True, organization_id=installation.organization_id, groups__name__in=roles
        ).distinct()
    )
    if installation.created_by is not None:
        users.append(installation.created_by)
    return users


def _technician(installation: InstallationRequest) -> list[User]:
    return [installation.technician] if installation.technician_id else []


def recipients_and_title(event: str, installation: InstallationRequest) -> tuple[list[User], str]:
    """Who is told about `event`, and the title they read."""
    n = {"number": installation.number, "agency": installation.organization.short_name}
    operators = (Role.OPD_OPERATOR,)
    table = {
        "submitted": (
            _holders(Role.UPDE_HEAD),
            _("New installation request %(number)s from %(agency)s"),
        ),
        "forwarded": (
            _holders(Role.SECTION_HEAD),
            _("Installation request %(number)s forwarded: assign a survey"),
        ),
        "survey_assigned": (
            _technician(installation),
            _("Survey for installation request %(number)s is assigned to you"),
        ),
        "surveyed": (
            _holders(Role.SECTION_HEAD),
            _("Survey of %(number)s recorded: decide the next step"),
        ),
        "reply_letter": (
            _agency(installation, *operators),
            _("Reply letter for your request %(number)s: equipment needed"),
        ),
        "rejected": (
            _agency(installation, *operators),
            _("Your installation request %(number)s cannot be carried out"),
        ),
        "equipment_ready": (
            _technician(installation) + _holders(Role.SECTION_HEAD),
            _("%(agency)s has the equipment ready for %(number)s"),
        ),
        "installing": (
            _agency(installation, *operators),
            _("Installation for your request %(number)s has started"),
        ),
        "installed": (
            _agency(installation, Role.OPD_OPERATOR, Role.OPD_USER),
            _("Installation %(number)s is done: please sign the installation form"),
        ),
        "completed": (
            _technician(installation) + _holders(Role.SECTION_HEAD),
            _("Installation request %(number)s is completed and signed"),
        ),
        "cancelled": (
            _agency(installation, *operators) + _technician(installation),
            _("Installation request %(number)s is cancelled"),
        ),
        "overdue": (
            _holders(Role.SECTION_HEAD) + _technician(installation),
            _("Installation request %(number)s is overdue at its current step"),
        ),
    }
    recipients, title = table[event]
    return recipients, title % n


@override("id")
def announce(event: str, pk: int, version: int) -> None:
    """Notify about `event`, the change that brought the request to `version`."""
    installation = (
        InstallationRequest.objects.select_related("organization", "technician", "created_by")
        .filter(pk=pk)
        .first()
    )
    if installation is None:
        return
    recipients, title = recipients_and_title(event, installation)
    step = STEP_RESPONSIBLE.get(installation.state, "")
    body = f"{installation.number} · {installation.organization.short_name}\n{installation.subject}"
    if step:
        body += "\n" + _("Next: %(step)s") % {"step": step}
    notify(
        recipients=recipients,
        kind=f"installation.{event}",
        title=title,
        body=body,
        url=reverse("installations:detail", kwargs={"pk": installation.pk}),
        key=f"installation:{installation.pk}:{event}:v{version}",
        about=installation,
    )
