"""Who hears about the procurement of a contract and its end: the KPA when a contract awaits
designation; the PPTK, the network administrators and the provider's accounts when it is
designated; the PPTK, the section head and the network administrators when it is active; the
section head, the PPTK and the KPA 90, 60 and 30 days before a contract ends (next year's need
and procurement must start). Every notification has a key naming the change or the reminder, so
a retried task or a second scan never notifies twice."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.contracts.models import Contract
from silajar.notifications.services import notify


def _holding(*roles: str) -> list[User]:
    return list(User.objects.filter(is_active=True, groups__name__in=roles).distinct())


def _provider(contract: Contract) -> list[User]:
    if contract.provider_id is None:
        return []
    return list(
        User.objects.filter(Q(provider_account__provider_id=contract.provider_id), is_active=True)
    )


def recipients_and_title(event: str, contract: Contract) -> tuple[list[User], str]:
    n = {"number": contract.number, "provider": str(contract.provider or "")}
    table = {
        "submitted": (_holding(Role.KPA), _("Contract %(number)s awaits your designation")),
        "designated": (
            _holding(Role.PPTK, Role.NETWORK_ADMIN) + _provider(contract),
            _("%(provider)s is designated for contract %(number)s: installation can start"),
        ),
        "activated": (
            _holding(Role.PPTK, Role.SECTION_HEAD, Role.NETWORK_ADMIN),
            _("Contract %(number)s is active: the handover record is signed"),
        ),
    }
    recipients, title = table[event]
    return recipients, title % n


@override("id")
def announce(event: str, pk: int, version: int) -> None:
    """Notify about `event`, the change that brought the contract to `version`."""
    contract = Contract.objects.select_related("provider").filter(pk=pk).first()
    if contract is None:
        return
    recipients, title = recipients_and_title(event, contract)
    notify(
        recipients=recipients,
        kind=f"contract.{event}",
        title=title,
        body=f"{contract.number} · {contract.provider or '-'} · {contract.capacity_mbps} Mbps",
        url=reverse("contracts:detail", kwargs={"pk": contract.pk}),
        key=f"contract:{contract.pk}:{event}:v{version}",
        about=contract,
    )


@override("id")
def remind(pk: int, days: int) -> int:
    """The reminder that contract `pk` ends in `days` days (once per contract and mark)."""
    contract = Contract.objects.select_related("provider").filter(pk=pk).first()
    if contract is None:
        return 0
    return notify(
        recipients=_holding(Role.SECTION_HEAD, Role.PPTK, Role.KPA),
        kind="contract.ending",
        title=_("Contract %(number)s ends in %(days)s days: start next year's need and procurement")
        % {"number": contract.number, "days": days},
        body=_("%(number)s ends on %(end)s.")
        % {"number": contract.number, "end": contract.period_end.isoformat()},
        url=reverse("contracts:calendar") + f"?year={contract.period_end.year}",
        key=f"contract:{contract.pk}:ending:{contract.period_end.isoformat()}:{days}",
        about=contract,
    )
