"""Contracts: staff see all; a provider's accounts their provider's (its SLA reports too)."""

from silajar.contracts.models import Contract
from silajar.core.access import register
from silajar.providers.access import ProviderScopedPolicy


@register(Contract)
class ContractPolicy(ProviderScopedPolicy):
    pass
