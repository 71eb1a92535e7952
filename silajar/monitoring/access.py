"""Who sees what of the monitor: Diskominfo staff see every target, its downtimes, probes and
roll-ups; a provider's accounts see those of the targets on their own provider's links (never
a place's own targets without a link); agency users and the system administrator see none of
it. The monitor's runs (its heartbeat) are seen by whoever sees targets. Who may change a
target is `monitoring.services.targets` (the network administrator)."""

from django.db.models import QuerySet

from silajar.core.access import Policy, register
from silajar.monitoring.models import (
    LatencyRollup,
    MonitorRun,
    ProbeMinute,
    Target,
    TargetDowntime,
)
from silajar.providers.access import ProviderScopedPolicy, provider_of


@register(Target)
class TargetPolicy(ProviderScopedPolicy):
    provider_field = "link__provider_id"


@register(TargetDowntime)
@register(ProbeMinute)
@register(LatencyRollup)
class TargetRecordPolicy(ProviderScopedPolicy):
    provider_field = "target__link__provider_id"


@register(MonitorRun)
class MonitorRunPolicy(Policy):
    def scope(self, user, queryset: QuerySet, action: str) -> QuerySet:
        if user.is_internal_staff or provider_of(user) is not None:
            return queryset
        return queryset.none()
