"""Who may change what on the internet side.

The network administrator and the PPTK (and superusers) keep the providers, their links and
the contracts. Outages are recorded by the network administrator, and by a provider's own
accounts on their provider's links (as the provider's report); maintenance windows by the
network administrator and the provider's own accounts. Seeing is the access policies' part
(`providers.access`): these rules only say who may write."""

from django.utils.translation import gettext_lazy as _

from silajar.accounts.roles import Role
from silajar.core.editing import Keepers
from silajar.providers.access import provider_of
from silajar.providers.choices import OutageSource

KEEPER_ROLES = (Role.NETWORK_ADMIN, Role.PPTK)


def may_manage_providers(user) -> bool:
    """Whether `user` keeps providers, links and contracts."""
    return bool(user.is_superuser or user.has_role(*KEEPER_ROLES))


KEEPERS = Keepers(
    may=may_manage_providers,
    refusal=_(
        "Only the network administrator and the PPTK can change providers, links and contracts."
    ),
)


def is_network_admin(user) -> bool:
    return bool(user.is_superuser or user.has_role(Role.NETWORK_ADMIN))


def may_record_outages(*, user, provider_id: int) -> bool:
    """Whether `user` may record and correct outages of a link of the provider `provider_id`
    (the provider's own accounts only as the provider's report)."""
    return is_network_admin(user) or provider_of(user) == provider_id


def may_manage_windows(*, user, provider_id: int) -> bool:
    """Whether `user` may announce and change maintenance windows of the provider."""
    return is_network_admin(user) or provider_of(user) == provider_id


def may_correct_outage(*, user, outage) -> bool:
    """Whether `user` may correct `outage`: the network administrator any, a provider's
    accounts their own reports on their provider's links."""
    if is_network_admin(user):
        return True
    return provider_of(user) == outage.link.provider_id and outage.source == OutageSource.PROVIDER
