"""The internet side's API routes (the contracts' are in `contracts.api_urls`)."""

from rest_framework.routers import SimpleRouter

from silajar.providers.api import LinkViewSet, MaintenanceWindowViewSet, ProviderViewSet

router = SimpleRouter()
router.register("providers", ProviderViewSet, basename="provider")
router.register("links", LinkViewSet, basename="link")
router.register("maintenance-windows", MaintenanceWindowViewSet, basename="maintenance-window")

urlpatterns = router.urls
