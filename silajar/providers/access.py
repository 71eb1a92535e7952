"""Who sees what of the internet side: Diskominfo staff see every provider, link, outage,
maintenance window and incident; a provider's accounts (role `provider`) see only their own
provider's; agency users see none of it. Contracts follow the same rule (`contracts.access`)."""

from django.db.models import QuerySet

from silajar.core.access import Policy, register
from silajar.providers.models import (
    IncidentUpdate,
    Link,
    MaintenanceWindow,
    Outage,
    Provider,
    ProviderIncident,
)


def provider_of(user) -> int | None:
    """The provider whose account `user` is (None for everyone else)."""
    if not user.is_provider:
        return None
    account = getattr(user, "provider_account", None)
    return account.provider_id if account is not None else None


class ProviderScopedPolicy(Policy):
    """Staff see all; a provider's accounts see the rows of their provider (`provider_field`)
    and may act only where a procedure lets them; anyone else sees nothing."""

    provider_field = "provider_id"

    def scope(self, user, queryset: QuerySet, action: str) -> QuerySet:
        if user.is_internal_staff:
            return queryset
        provider = provider_of(user)
        if provider is not None:
            return queryset.filter(**{self.provider_field: provider})
        return queryset.none()


@register(Provider)
class ProviderPolicy(ProviderScopedPolicy):
    provider_field = "pk"


@register(Link)
class LinkPolicy(ProviderScopedPolicy):
    pass


@register(Outage)
class OutagePolicy(ProviderScopedPolicy):
    provider_field = "link__provider_id"


@register(MaintenanceWindow)
class MaintenanceWindowPolicy(ProviderScopedPolicy):
    pass


@register(ProviderIncident)
class ProviderIncidentPolicy(ProviderScopedPolicy):
    pass


@register(IncidentUpdate)
class IncidentUpdatePolicy(ProviderScopedPolicy):
    provider_field = "incident__provider_id"
