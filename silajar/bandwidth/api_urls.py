"""The distribution's API routes, under a contract (`/api/v1/contracts/{id}/allocations…`)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from silajar.bandwidth.api import AllocationExportView, AllocationsView, AllocationView

router = SimpleRouter()  # no viewset: the root lists none of these

urlpatterns = [
    path(
        "contracts/<int:contract_id>/allocations/",
        AllocationsView.as_view(),
        name="contract-allocations",
    ),
    path(
        "contracts/<int:contract_id>/allocations/<int:key>/",
        AllocationView.as_view(),
        name="contract-allocation",
    ),
    path(
        "contracts/<int:contract_id>/allocations.<str:fmt>",
        AllocationExportView.as_view(),
        name="contract-allocations-export",
    ),
]
