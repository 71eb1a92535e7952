"""Who sees the bandwidth distribution: the network administrator (who edits it), the section
head, the PPTK, the KPA and the head of UPDE read every contract's; a provider's accounts read
the distribution of their own provider's contracts (what they deliver); anyone else, agencies
included, sees none (an agency's own share is told to it by the network administrator, not
read here: the tree names every other agency's subnets)."""

from django.db.models import QuerySet

from silajar.accounts.roles import Role
from silajar.bandwidth.models import Allocation, DistributionVersion, UsageSample
from silajar.core.access import Policy, register
from silajar.providers.access import provider_of

EDITOR_ROLES = (Role.NETWORK_ADMIN,)
READER_ROLES = (Role.NETWORK_ADMIN, Role.SECTION_HEAD, Role.PPTK, Role.KPA, Role.UPDE_HEAD)


def may_edit_distribution(user) -> bool:
    """Whether `user` changes distributions (the network administrator)."""
    return bool(user.is_superuser or user.has_role(*EDITOR_ROLES))


def may_read_distribution(user) -> bool:
    """Whether `user` reads distributions at all (which contracts': the contract's policy)."""
    return bool(user.is_superuser or user.has_role(*READER_ROLES) or provider_of(user) is not None)


class DistributionScopedPolicy(Policy):
    """The office's readers see all; a provider's accounts their provider's contracts'."""

    contract_field = "contract"

    def scope(self, user, queryset: QuerySet, action: str) -> QuerySet:
        if user.has_role(*READER_ROLES):
            return queryset
        provider = provider_of(user)
        if provider is not None:
            return queryset.filter(**{f"{self.contract_field}__provider_id": provider})
        return queryset.none()


@register(DistributionVersion)
class DistributionVersionPolicy(DistributionScopedPolicy):
    pass


@register(Allocation)
class AllocationPolicy(DistributionScopedPolicy):
    contract_field = "version__contract"


@register(UsageSample)
class UsageSamplePolicy(DistributionScopedPolicy):
    pass
