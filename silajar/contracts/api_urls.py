"""The contracts' API routes."""

from rest_framework.routers import SimpleRouter

from silajar.contracts.api import ContractViewSet

router = SimpleRouter()
router.register("contracts", ContractViewSet, basename="contract")

urlpatterns = router.urls
