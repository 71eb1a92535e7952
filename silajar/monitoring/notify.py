"""What the monitor tells the network administrators, once each (keyed by the outage and the
event): a link down longer than `SILAJAR_MONITOR_INCIDENT_AFTER_MINUTES` (its incident opened),
a site whose own side looks down (power, gateway: no incident), and the recovery of an outage
they were told about. Called by the worker after the change commits."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.notifications.models import Notification
from silajar.notifications.services import notify
from silajar.providers.models import Outage


def _key(outage: Outage, event: str) -> str:
    return f"monitoring:outage:{outage.pk}:{event}"


def _minutes(outage: Outage) -> int:
    end = outage.ended_at or timezone.now()
    return max(1, round((end - outage.started_at).total_seconds() / 60))


@override("id")
def announce(event: str, outage_id: int) -> None:
    """Tell the network administrators about `event` (`down`, `site_down`, `up`) of the
    outage. A recovery is told only when its fall was."""
    outage = Outage.objects.select_related("link", "incident").filter(pk=outage_id).first()
    if outage is None:
        return
    if event == "up":
        told = [_key(outage, "down"), _key(outage, "site_down")]
        if not Notification.objects.filter(dedupe_key__in=told).exists():
            return
    n = {
        "circuit": outage.link.circuit_id,
        "minutes": _minutes(outage),
        "number": outage.incident.number if outage.incident else "",
    }
    titles = {
        "down": _("Link %(circuit)s down for %(minutes)s minutes: incident %(number)s opened"),
        "site_down": _(
            "Link %(circuit)s unreachable for %(minutes)s minutes: our side of the site "
            "looks down (gateway or power)"
        ),
        "up": _("Link %(circuit)s is back up after %(minutes)s minutes"),
    }
    url = (
        reverse("providers:incident_detail", kwargs={"pk": outage.incident_id})
        if outage.incident_id
        else reverse("providers:link_detail", kwargs={"pk": outage.link_id})
    )
    started = timezone.localtime(outage.started_at).strftime("%d-%m-%Y %H.%M")
    notify(
        recipients=User.objects.filter(is_active=True, groups__name=Role.NETWORK_ADMIN).distinct(),
        kind=f"monitoring.{event}",
        title=titles[event] % n,
        body=f"{outage.link.circuit_id} · {outage.link.provider} · {started} WIB",
        url=url,
        key=_key(outage, event),
        about=outage,
    )
