"""Who sees the toy procedure's records."""

from silajar.core.access import Policy, register
from silajar.core.tests.workflowapp.models import Errand


@register(Errand)
class ErrandPolicy(Policy):
    """Diskominfo staff see every errand; nobody else any (errands have no agency)."""

    def scope(self, user, queryset, action):
        return queryset if user.is_internal_staff else queryset.none()
