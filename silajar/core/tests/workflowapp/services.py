"""The toy procedure's services: one per action, each through the engine."""

from django.db import transaction

from silajar.core.audit import audit_record
from silajar.core.tests.workflowapp.models import Errand
from silajar.core.tests.workflowapp.workflows import ERRAND_FLOW


@transaction.atomic
def errand_create(*, actor, title: str = "Ganti kabel") -> Errand:
    errand = Errand.objects.create(title=title, owner=actor)
    audit_record(actor=actor, action="errand.created", obj=errand)
    return errand


def errand_finish(*, errand: Errand, actor, version: int | None = None) -> Errand:
    return ERRAND_FLOW.apply(obj=errand, action="finish", actor=actor, version=version)


def errand_reopen(*, errand: Errand, actor, version: int | None = None) -> Errand:
    return ERRAND_FLOW.apply(obj=errand, action="reopen", actor=actor, version=version)
