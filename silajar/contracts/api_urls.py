"""The contracts' API routes: the viewset's, and each contract's monthly SLA report
(`contracts/{id}/sla/`, `contracts.sla_api`) before them."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from silajar.contracts.api import ContractViewSet
from silajar.contracts.sla_api import ContractSlaView

router = SimpleRouter()
router.register("contracts", ContractViewSet, basename="contract")

urlpatterns = [
    path("contracts/<int:pk>/sla/", ContractSlaView.as_view(), name="contract-sla"),
    *router.urls,
]
