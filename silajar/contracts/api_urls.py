"""The contracts' API routes: the viewsets' (contracts, bandwidth needs), and under a contract
its monthly SLA report (`contracts/{id}/sla/`, `contracts.sla_api`) and the procurement's
PDFs (`contracts/{id}/designation.pdf`, `bast.pdf`) before them."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from silajar.contracts.api import ContractViewSet
from silajar.contracts.need_api import BastPdfView, DesignationPdfView, NeedViewSet
from silajar.contracts.sla_api import ContractSlaView

router = SimpleRouter()
router.register("contracts", ContractViewSet, basename="contract")
router.register("bandwidth-needs", NeedViewSet, basename="bandwidth-need")

urlpatterns = [
    path("contracts/<int:pk>/sla/", ContractSlaView.as_view(), name="contract-sla"),
    path("contracts/<int:pk>/bast.pdf", BastPdfView.as_view(), name="contract-bast-pdf"),
    path(
        "contracts/<int:pk>/designation.pdf",
        DesignationPdfView.as_view(),
        name="contract-designation-pdf",
    ),
    *router.urls,
]
