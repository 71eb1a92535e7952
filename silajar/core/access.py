"""Object-level access, answered in one place.

Each domain app registers a policy for its models in its own `access.py`:

    @register(Location)
    class LocationPolicy(Policy):
        def scope(self, user, queryset, action): ...

Views, the API and exports never filter by agency themselves; they ask:

    visible(user, Location)                  -> QuerySet of what user may see
    visible(user, Location, action="change") -> what user may act on
    can(user, "change", location)            -> bool
    get_visible_or_404(user, Location, pk=…)
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

_policies: dict[type[models.Model], Policy] = {}


class Policy:
    """Deny by default: a model without a policy shows nothing to anyone but superusers."""

    def scope(self, user, queryset: models.QuerySet, action: str) -> models.QuerySet:
        return queryset.none()


class AgencyScopedPolicy(Policy):
    """Diskominfo staff see every record; an agency's users see their agency's (the record's
    `agency_field`); anyone else nothing."""

    agency_field = "organization_id"

    def scope(self, user, queryset: models.QuerySet, action: str) -> models.QuerySet:
        if user.is_internal_staff:
            return queryset
        if user.is_agency_user and user.organization_id:
            return queryset.filter(**{self.agency_field: user.organization_id})
        return queryset.none()


def register(model: type[models.Model]):
    def decorator(policy_class: type[Policy]) -> type[Policy]:
        _policies[model] = policy_class()
        return policy_class

    return decorator


def visible(
    user, model: type[models.Model], action: str = "view", queryset: models.QuerySet | None = None
) -> models.QuerySet:
    """The records of `model` that `user` may `action` ("view", "change", …)."""
    queryset = model._default_manager.all() if queryset is None else queryset
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    return _policies.get(model, Policy()).scope(user, queryset, action)


def can(user, action: str, obj: models.Model) -> bool:
    return visible(user, type(obj), action).filter(pk=obj.pk).exists()


def get_visible_or_404(user, model: type[models.Model], action: str = "view", **lookup):
    try:
        return visible(user, model, action).get(**lookup)
    except ObjectDoesNotExist:  # the model's DoesNotExist
        raise Http404 from None
