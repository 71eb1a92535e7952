"""Contracts: staff see all; a provider's accounts their provider's (its SLA reports too).
Bandwidth needs: staff only."""

from silajar.contracts.models import BandwidthNeed, Contract
from silajar.core.access import Policy, register
from silajar.providers.access import ProviderScopedPolicy


@register(Contract)
class ContractPolicy(ProviderScopedPolicy):
    pass


@register(BandwidthNeed)
class BandwidthNeedPolicy(Policy):
    """The yearly need is the office's own planning: staff see it, no one else."""

    def scope(self, user, queryset, action):
        return queryset if user.is_internal_staff else queryset.none()
